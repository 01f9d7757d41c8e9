"""Permission-matrix coverage of the notifications URLs (see tests/test_url_coverage.py).

Notifications belong to one person: anonymous -> login, anyone else's -> 404.
"""

_VIEWS = "notifications/tests/test_views.py"

ROUTES: dict[str, str] = {
    "notifications:list": f"{_VIEWS}::test_pages_require_login",
    "notifications:open": f"{_VIEWS}::test_open_someone_elses_notification_is_404",
    "notifications:read-all": f"{_VIEWS}::test_read_all_needs_post_and_csrf",
    "notifications:preferences": f"{_VIEWS}::test_pages_require_login",
    "notifications:unsubscribe": f"{_VIEWS}::test_unsubscribe_works_without_login_and_only_for_that_kind",
}
