"""Permission-matrix coverage of the reports URLs (see tests/test_url_coverage.py)."""

_COMMUNITY = "reports/tests/test_views.py::test_community_report_permission_matrix"
_PLATFORM = "reports/tests/test_views.py::test_platform_report_is_staff_only"

ROUTES: dict[str, str] = {
    "reports:index": "reports/tests/test_views.py::test_index_lists_only_reportable_communities",
    "reports:community": _COMMUNITY,
    "reports:community-generate": _COMMUNITY,
    "reports:community-csv": _COMMUNITY,
    "reports:snapshot-progress": _COMMUNITY,
    "reports:platform": _PLATFORM,
    "reports:platform-generate": _PLATFORM,
    "reports:platform-csv": _PLATFORM,
}
