"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "discussions:posts-after": "discussions/tests/test_realtime_catch_up.py::test_catch_up_permission_matrix",
}
