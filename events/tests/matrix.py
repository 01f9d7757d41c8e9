"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

P = "events/tests/test_permissions.py"
READ = f"{P}::test_reading_events_by_role_and_visibility"
WRITE = f"{P}::test_answering_and_organising_by_role_and_visibility"
FEEDS = f"{P}::test_feed_pages_and_tokens"

ROUTES: dict[str, str] = {
    "events:calendar": READ,
    "events:feeds": FEEDS,
    "events:token-reset": FEEDS,
    "events:member-feed": FEEDS,
    "events:community": READ,
    "events:create": WRITE,
    "events:community-feed": READ,
    "events:detail": READ,
    "events:edit": WRITE,
    "events:cancel": WRITE,
    "events:rsvp": WRITE,
    "events:attendees": WRITE,
    "events:ics": READ,
    "events:material-add": WRITE,
    "events:material": READ,
}
