"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "home": "hub/tests/test_site.py::test_site_pages_open_to_everyone",
    "about": "hub/tests/test_site.py::test_site_pages_open_to_everyone",
    "contact": "hub/tests/test_site.py::test_site_pages_open_to_everyone",
    "healthz": "hub/tests/test_site.py::test_healthz_open_to_everyone",
    "favicon": "hub/tests/test_site.py::test_favicon_is_an_icon_for_everyone",
    "readyz": "hub/tests/test_database_down.py::test_readyz_reports_services",
    "javascript-catalog": "hub/tests/test_i18n.py::test_javascript_catalogue_open_to_everyone_per_language",
    "set_language": "hub/tests/test_i18n.py::test_language_switch_open_to_everyone_and_keeps_the_page",
    "media-avatar": "hub/tests/test_site.py::test_media_avatar_public_but_confined_to_avatars",
}
