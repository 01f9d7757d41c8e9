"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

_MATRIX = "moderation/tests/test_permissions.py::test_route_permission_matrix"

ROUTES: dict[str, str] = dict.fromkeys(
    (
        "moderation:queue",
        "moderation:community-queue",
        "moderation:bulk",
        "moderation:request-action",
        "moderation:flag",
        "moderation:post-tools",
        "moderation:post-action",
        "moderation:thread-tools",
        "moderation:thread-action",
        "moderation:merged-permalink",
        "moderation:member-tools",
        "moderation:member-action",
        "moderation:platform-suspend",
        "moderation:platform-unsuspend",
        "moderation:log",
        "moderation:log-csv",
        "moderation:guidelines",
        "moderation:standing",
    ),
    _MATRIX,
)
