"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

P = "knowledge/tests/test_permissions.py"

ROUTES: dict[str, str] = {
    "knowledge:home": f"{P}::test_public_pages_open_to_everyone",
    "knowledge:tool-list": f"{P}::test_public_pages_open_to_everyone",
    "knowledge:tool-detail": f"{P}::test_public_pages_open_to_everyone",
    "knowledge:reference-list": f"{P}::test_reference_visibility_and_editing_by_role",
    "knowledge:reference-create": f"{P}::test_reference_visibility_and_editing_by_role",
    "knowledge:reference-detail": f"{P}::test_reference_visibility_and_editing_by_role",
    "knowledge:reference-edit": f"{P}::test_reference_visibility_and_editing_by_role",
    "knowledge:reference-file": f"{P}::test_reference_visibility_and_editing_by_role",
    "knowledge:case-list": f"{P}::test_case_detail_visibility_by_role_and_status",
    "knowledge:case-create": f"{P}::test_case_create_mine_queue_by_role",
    "knowledge:case-mine": f"{P}::test_case_create_mine_queue_by_role",
    "knowledge:case-queue": f"{P}::test_case_create_mine_queue_by_role",
    "knowledge:case-compare": "knowledge/tests/test_views.py::test_compare_errors_for_bad_and_invisible_ids",
    "knowledge:case-detail": f"{P}::test_case_detail_visibility_by_role_and_status",
    "knowledge:case-edit": f"{P}::test_case_edit_submit_review_by_role",
    "knowledge:case-submit": f"{P}::test_case_edit_submit_review_by_role",
    "knowledge:case-review": f"{P}::test_case_edit_submit_review_by_role",
    "knowledge:case-attachment": f"{P}::test_case_attachment_follows_case_visibility",
    "knowledge:case-attachment-remove": f"{P}::test_case_attachment_follows_case_visibility",
    "knowledge:promote-thread": f"{P}::test_promote_thread_by_role_and_visibility",
}
