"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

_MATRIX = "communities/tests/test_permissions_matrix.py::test_permission_matrix"

ROUTES: dict[str, str] = {
    "communities:directory": "communities/tests/test_views.py::test_directory_lists_hidden_only_for_insiders",
    "communities:create": "communities/tests/test_views.py::test_create_page_is_staff_only",
    "communities:invitation": "communities/tests/test_invitation_binding.py::test_invitation_acceptance_matrix",
    "communities:detail": _MATRIX,  # actions "see" and "read"
    "communities:about": _MATRIX,
    "communities:members": _MATRIX,
    "communities:join": _MATRIX,
    "communities:request": _MATRIX,
    "communities:leave": "communities/tests/test_views.py::test_leave_matrix",
    "communities:requests": _MATRIX,
    "communities:invite": _MATRIX,
    "communities:invitation-revoke": _MATRIX,  # action "revoke_invitation"
    "communities:member-role": _MATRIX,  # action "change_roles"
    "communities:member-remove": _MATRIX,  # action "remove_member"
    "communities:settings": _MATRIX,
    "communities:archive": _MATRIX,
    "communities:invitation-link-create": _MATRIX,  # action "invite_link"
}
