"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it.
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "legal:privacy": "legal/tests/test_views.py::test_legal_pages_access_anonymous_member_staff",
    "legal:terms": "legal/tests/test_views.py::test_legal_pages_access_anonymous_member_staff",
    "legal:document-version": "legal/tests/test_views.py::test_legal_pages_access_anonymous_member_staff",
    "legal:accept": "legal/tests/test_views.py::test_accept_page_access_anonymous_member_staff",
}
