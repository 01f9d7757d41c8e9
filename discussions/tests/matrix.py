"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "discussions:thread-list": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:thread-create": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:thread-detail": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:post-create": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:post-edit": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:reaction-toggle": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:answer-accept": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:attachment-download": "discussions/tests/test_permissions.py::test_discussion_permission_matrix",
    "discussions:post-permalink": "discussions/tests/test_permissions.py::test_hidden_content_404_is_identical_to_missing_id",
    "discussions:post-delete": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:post-history": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:reaction-list": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:thread-subscription": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:community-subscription": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:markdown-preview": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:tag-autocomplete": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:member-autocomplete": "discussions/tests/test_permissions.py::test_other_routes_follow_read_permission",
    "discussions:thread-draft": "discussions/tests/test_drafts.py::test_draft_and_quote_permission_matrix",
    "discussions:new-thread-draft": "discussions/tests/test_drafts.py::test_draft_and_quote_permission_matrix",
    "discussions:post-quote": "discussions/tests/test_drafts.py::test_draft_and_quote_permission_matrix",
    "discussions:posts-after": "discussions/tests/test_realtime_catch_up.py::test_catch_up_permission_matrix",
    "discussions:bookmark-edit": "discussions/tests/test_reading_permissions.py::test_reading_permission_matrix",
    "discussions:poll-vote": "discussions/tests/test_reading_permissions.py::test_reading_permission_matrix",
    "reading:latest": "discussions/tests/test_reading_permissions.py::test_reading_permission_matrix",
    "reading:bookmarks": "discussions/tests/test_reading_permissions.py::test_reading_permission_matrix",
    "reading:shortcuts": "discussions/tests/test_reading_permissions.py::test_reading_permission_matrix",
}
