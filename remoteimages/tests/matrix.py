"""Permission-matrix coverage of this app's URLs (see tests/test_url_coverage.py).

Copies are public, like avatars: the original was public on its own host, names are random.
"""

ROUTES: dict[str, str] = {
    "remoteimages:copy": "remoteimages/tests/test_localise.py::test_copies_are_public_and_served_only_when_stored",
}
