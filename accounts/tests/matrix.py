"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "accounts:directory": "accounts/tests/test_directory.py::test_directory_access_anonymous_member_staff",
    "accounts:profile": "accounts/tests/test_profile.py::test_profile_page_access_anonymous_member_staff",
    "accounts:session-end": "accounts/tests/test_sessions.py::test_session_end_access_anonymous_owner_other_member",
    "accounts:profile-edit": "accounts/tests/test_profile.py::test_profile_edit_access_anonymous_member_staff",
}
