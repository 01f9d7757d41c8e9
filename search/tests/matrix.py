"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "search:search": "search/tests/test_views.py::test_search_permission_matrix",
}
