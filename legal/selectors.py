"""Reads: the current documents and what a member still has to accept."""

from django.core.cache import cache
from django.http import Http404

from legal.models import Acceptance, DocumentKind, LegalDocument

CURRENT_CACHE_KEY = "legal:current:v1"
CURRENT_CACHE_SECONDS = 3600


def document_get_current(*, kind: str) -> LegalDocument:
    """The latest published version of ``kind``, or 404."""
    if kind not in DocumentKind.values:
        raise Http404
    document = LegalDocument.objects.published().filter(kind=kind).order_by("-version").first()
    if document is None:
        raise Http404
    return document


def document_get_version(*, kind: str, version: int) -> LegalDocument:
    if kind not in DocumentKind.values:
        raise Http404
    document = LegalDocument.objects.published().filter(kind=kind, version=version).first()
    if document is None:
        raise Http404
    return document


def document_history(*, kind: str) -> list[LegalDocument]:
    return list(
        LegalDocument.objects.published()
        .filter(kind=kind)
        .order_by("-version")
        .only("kind", "version", "published_at", "title")
    )


def required_versions() -> dict[str, tuple[int, int]]:
    """``{kind: (document id, version)}`` of the latest published version that members must
    accept, per kind (kept in the cache; ``legal.services`` clears it on publish)."""
    current = cache.get(CURRENT_CACHE_KEY)
    if current is None:
        current = {}
        rows = (
            LegalDocument.objects.published()
            .filter(requires_acceptance=True)
            .order_by("kind", "-version")
            .values_list("kind", "pk", "version")
        )
        for kind, pk, version in rows:
            current.setdefault(kind, (pk, version))
        cache.set(CURRENT_CACHE_KEY, current, CURRENT_CACHE_SECONDS)
    return current


def documents_to_accept(*, user) -> list[LegalDocument]:
    """The current documents ``user`` has not accepted (an acceptance of a later version
    counts too), as the latest published version of each kind."""
    required = required_versions()
    if not required:
        return []
    accepted = _accepted_versions(user, list(required))
    pending = [kind for kind, (_pk, version) in required.items() if accepted.get(kind, 0) < version]
    if not pending:
        return []
    latest = {}
    for document in LegalDocument.objects.published().filter(kind__in=pending).order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in DocumentKind.values if kind in latest]


def _accepted_versions(user, kinds) -> dict[str, int]:
    from django.db.models import Max

    rows = (
        Acceptance.objects.filter(user=user, document__kind__in=kinds)
        .values("document__kind")
        .annotate(top=Max("document__version"))
        .values_list("document__kind", "top")
    )
    return dict(rows)


def current_documents() -> list[LegalDocument]:
    """The latest published version of each kind (for the sign-up checkbox)."""
    latest = {}
    for document in LegalDocument.objects.published().order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in DocumentKind.values if kind in latest]
