"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it.
tests/test_url_coverage.py fails when a route has no row here.
"""

P = "privacy/tests/test_permissions.py"
MATRIX = f"{P}::test_privacy_permission_matrix"

ROUTES: dict[str, str] = {
    "privacy:data": MATRIX,
    "privacy:export-request": MATRIX,
    "privacy:export-download": MATRIX,
    "privacy:delete": MATRIX,
    "privacy:deleted": MATRIX,
    "privacy:staff-delete": MATRIX,
}
