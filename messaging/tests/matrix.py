"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

P = "messaging/tests/test_permissions.py"
CONV = f"{P}::test_conversation_routes_by_role"
PAGES = f"{P}::test_new_blocks_and_reports_pages_by_role"

ROUTES: dict[str, str] = {
    "messaging:inbox": CONV,
    "messaging:new": PAGES,
    "messaging:unread-badge": "messaging/tests/test_views.py::test_nav_shows_unread_count",
    "messaging:blocks": PAGES,
    "messaging:block": PAGES,
    "messaging:unblock": PAGES,
    "messaging:reports": PAGES,
    "messaging:report-resolve": PAGES,
    "messaging:report": CONV,
    "messaging:detail": CONV,
    "messaging:send": CONV,
    "messaging:read": CONV,
    "messaging:leave": CONV,
    "messaging:add": CONV,
    "messaging:attachment": CONV,
}
