"""Every URL the project defines must have a row in some app's permission matrix.

A new route without a row fails the suite, so no page ships without a decision on
who may see it.  Third-party routes (admin, allauth) are covered by their own projects.
"""

import importlib

from django.urls import URLPattern, URLResolver, get_resolver

APPS = [
    "hub", "accounts", "legal", "communities", "discussions", "moderation", "notifications", "reports",
    "training", "knowledge", "events", "messaging", "search",
    "privacy",
    "remoteimages",
]  # fmt: skip
THIRD_PARTY_NAMESPACES = {"admin"}
THIRD_PARTY_PREFIXES = ("account_", "socialaccount_", "mfa_", "usersessions_")


def _names(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in THIRD_PARTY_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _names(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            if entry.name.startswith(THIRD_PARTY_PREFIXES):
                continue
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def project_url_names():
    return set(_names(get_resolver()))


def covered_url_names():
    covered = {}
    for app in APPS:
        module = importlib.import_module(f"{app}.tests.matrix")
        covered.update(module.ROUTES)
    return covered


def test_every_url_has_a_permission_matrix_row():
    missing = sorted(project_url_names() - set(covered_url_names()))
    assert not missing, f"URL names without a permission-matrix row: {missing}"


def test_matrix_rows_name_real_routes():
    stale = sorted(set(covered_url_names()) - project_url_names())
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"
