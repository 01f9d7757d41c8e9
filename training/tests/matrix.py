"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "training:programme-detail": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:programme-people": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:intake": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:preparatory": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:consultation-create": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:consultation-edit": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:tailor": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:agenda": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:session-create": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:workspace": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:lab-checklist": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:charter": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:charter-diff": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:charter-version": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:charter-pdf": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:launch": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:followup": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:milestone-edit": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:autosave": "training/tests/test_flow.py::test_autosave_keeps_drafts_while_typing",
    "training:workspace-item-edit": "training/tests/test_permissions.py::test_programme_get_routes_matrix",
    "training:programme-status": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:attendance": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:workspace-item-add": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:workspace-item-delete": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:sandbox-create": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:lab-tick": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:charter-assemble": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:charter-submit": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:charter-review": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:comment-add": "training/tests/test_permissions.py::test_programme_post_routes_matrix",
    "training:programme-list": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:propose": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:insights": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:sessions": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:case-list": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:case-detail": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:case-create": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:case-edit": "training/tests/test_permissions.py::test_global_routes_matrix",
    "training:community-plan": "training/tests/test_permissions.py::test_launched_community_pages_matrix",
    "training:value-stories": "training/tests/test_permissions.py::test_launched_community_pages_matrix",
}
