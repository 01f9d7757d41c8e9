"""Every write of the legal app: drafting and publishing versions, recording acceptances."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.effects import on_commit
from legal import permissions
from legal.models import Acceptance, LegalDocument
from legal.selectors import CURRENT_CACHE_KEY
from markup import render_markdown


def _forget_current() -> None:
    cache.delete(CURRENT_CACHE_KEY)


def document_save_draft(*, actor, document: LegalDocument) -> LegalDocument:
    """Create or update a draft; a new draft gets the next version number of its kind."""
    if not permissions.can_edit_documents(actor):
        raise PermissionDenied
    if document.pk and LegalDocument.objects.filter(pk=document.pk, published_at__isnull=False).exists():
        raise ValidationError(_("A published version cannot be changed. Create a new version instead."))
    with transaction.atomic():
        if not document.pk:
            top = (
                LegalDocument.objects.select_for_update()
                .filter(kind=document.kind)
                .aggregate(top=Max("version"))["top"]
            )
            document.version = (top or 0) + 1
            document.created_by = actor
        document.body_html = render_markdown(document.body)
        document.save()
    return document


def document_publish(*, actor, document: LegalDocument) -> LegalDocument:
    """Publish a draft: it becomes the current version, and (when it requires acceptance)
    every member is asked to accept it on their next page."""
    if not permissions.can_edit_documents(actor):
        raise PermissionDenied
    with transaction.atomic():
        document = LegalDocument.objects.select_for_update().get(pk=document.pk)
        if document.published_at is None:
            document.published_at = timezone.now()
            document.save(update_fields=["published_at"])
        on_commit(_forget_current)
    _forget_current()
    return document


def acceptance_record(*, user, documents, via: str) -> list[Acceptance]:
    """``user`` accepted these published versions (idempotent)."""
    made = []
    for document in documents:
        if not document.is_published:
            raise ValidationError(_("Only a published version can be accepted."))
        try:
            with transaction.atomic():
                made.append(Acceptance.objects.create(user=user, document=document, via=via))
        except IntegrityError:
            continue  # accepted already (a double submit)
    return made
