"""Every write the knowledge base does: references, case studies and their curation."""

import os

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.effects import on_commit
from hub.i18n import deferred
from knowledge import permissions as kp
from knowledge.models import (
    CaseStatus,
    CaseStudy,
    CaseStudyAttachment,
    CaseStudyEvent,
    Reference,
    ReferenceStatus,
)
from markup import render_markdown
from notifications.models import NotificationKind
from notifications.services import notify_many
from remoteimages.services import localise_later
from uploads import validate as validate_upload

CASE_TEXT_FIELDS = ("context", "actions", "outcomes", "lessons")
CASE_FIELDS = (
    "title", "countries", "river_basins", "region", "period_start", "period_end", "summary",
    *CASE_TEXT_FIELDS, "organisations", "contact",
)  # fmt: skip
MAX_ATTACHMENTS = 10

# (from, to) -> who may make the move: "author" or "staff".
TRANSITIONS = {
    (CaseStatus.DRAFT, CaseStatus.SUBMITTED): "author",
    (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW): "staff",
    (CaseStatus.SUBMITTED, CaseStatus.DRAFT): "staff",
    (CaseStatus.IN_REVIEW, CaseStatus.DRAFT): "staff",
    (CaseStatus.SUBMITTED, CaseStatus.PUBLISHED): "staff",
    (CaseStatus.IN_REVIEW, CaseStatus.PUBLISHED): "staff",
    (CaseStatus.SUBMITTED, CaseStatus.DECLINED): "staff",
    (CaseStatus.IN_REVIEW, CaseStatus.DECLINED): "staff",
}


def _render_case(case_study):
    for name in CASE_TEXT_FIELDS:
        setattr(case_study, f"{name}_html", render_markdown(getattr(case_study, name)))


def _store_attachments(*, actor, case_study, files):
    existing = case_study.attachments.count()
    if existing + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(_("A case study holds at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
    for upload in files:
        checked = validate_upload(upload)
        CaseStudyAttachment.objects.create(
            case_study=case_study,
            file=checked.as_content_file(),
            original_name=os.path.basename(upload.name)[:255],
            content_type=checked.content_type,
            size=checked.size,
            is_image=checked.is_image,
            uploaded_by=actor,
        )


def case_study_create(*, author, data, tools=(), tags=(), attachments=(), source_thread=None) -> CaseStudy:
    """Create a draft case study owned by ``author``."""
    if not kp.can_create_case_study(author):
        raise PermissionDenied
    with transaction.atomic():
        case_study = CaseStudy(author=author, source_thread=source_thread)
        for name in CASE_FIELDS:
            if name in data:
                setattr(case_study, name, data[name])
        _render_case(case_study)
        case_study.save()
        localise_later(case_study)
        case_study.tools.set(tools)
        case_study.tags.set(list(tags))
        _store_attachments(actor=author, case_study=case_study, files=attachments)
        CaseStudyEvent.objects.create(case_study=case_study, actor=author, to_status=CaseStatus.DRAFT)
    return case_study


def case_study_update(*, actor, case_study, data, tools=None, tags=None, attachments=()) -> CaseStudy:
    """Edit a case study (authors: drafts; staff: anything not declined)."""
    if not kp.can_edit_case_study(actor, case_study):
        raise PermissionDenied
    with transaction.atomic():
        case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        if not kp.can_edit_case_study(actor, case_study):
            raise PermissionDenied
        for name in CASE_FIELDS:
            if name in data:
                setattr(case_study, name, data[name])
        _render_case(case_study)
        case_study.updated_at = timezone.now()
        case_study.save()
        localise_later(case_study)
        if tools is not None:
            case_study.tools.set(tools)
        if tags is not None:
            case_study.tags.set(list(tags))
        _store_attachments(actor=actor, case_study=case_study, files=attachments)
    return case_study


def case_study_attachment_remove(*, actor, attachment) -> None:
    """Remove an image or document (whoever may edit the case study)."""
    if not kp.can_edit_case_study(actor, attachment.case_study):
        raise PermissionDenied
    with transaction.atomic():
        stored = attachment.file
        attachment.delete()
        on_commit(stored.delete, save=False)


def _staff_recipient_ids() -> list[int]:
    return list(get_user_model().objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True))


def _transition(*, actor, case_study, to_status, comment=""):
    with transaction.atomic():
        case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        from_status = case_study.status
        who = TRANSITIONS.get((from_status, to_status))
        allowed = (who == "author" and kp.can_submit_case_study(actor, case_study)) or (
            who == "staff" and kp.can_curate_knowledge(actor)
        )
        if not allowed:
            raise PermissionDenied(_("This case study cannot move from “%(a)s” to “%(b)s”.") % {
                "a": CaseStatus(from_status).label, "b": CaseStatus(to_status).label,
            })  # fmt: skip
        now = timezone.now()
        case_study.status = to_status
        case_study.updated_at = now
        if to_status == CaseStatus.SUBMITTED:
            case_study.submitted_at = now
        if to_status == CaseStatus.PUBLISHED:
            case_study.published_at = now
        if to_status == CaseStatus.DECLINED:
            case_study.decline_reason = comment
        case_study.save()
        CaseStudyEvent.objects.create(
            case_study=case_study, actor=actor, from_status=from_status, to_status=to_status, comment=comment
        )
        url = case_study.get_absolute_url()
        texts = {
            CaseStatus.SUBMITTED: gettext_lazy("Your case study “%(t)s” was submitted for review."),
            CaseStatus.IN_REVIEW: gettext_lazy("Your case study “%(t)s” is now in review."),
            CaseStatus.DRAFT: gettext_lazy("Your case study “%(t)s” was returned to you with comments."),
            CaseStatus.PUBLISHED: gettext_lazy("Your case study “%(t)s” was published."),
            CaseStatus.DECLINED: gettext_lazy("Your case study “%(t)s” was declined."),
        }
        if case_study.author_id is not None:
            # Authors are told at each step, including the confirmation of their own submission.
            notify_many(
                kind=NotificationKind.KNOWLEDGE,
                recipient_ids=[case_study.author_id],
                text=deferred(texts[to_status], t=case_study.title[:120]),
                url=url,
                actor_id=None if to_status == CaseStatus.SUBMITTED else actor.pk,
                data={"case_study_id": case_study.pk, "status": to_status},
            )
        if to_status == CaseStatus.SUBMITTED:
            notify_many(
                kind=NotificationKind.KNOWLEDGE,
                recipient_ids=_staff_recipient_ids(),
                text=deferred(gettext_lazy("New case study to review: “%(t)s”."), t=case_study.title[:120]),
                url=reverse("knowledge:case-queue"),
                actor_id=actor.pk,
                data={"case_study_id": case_study.pk},
            )
    return case_study


def case_study_submit(*, actor, case_study) -> CaseStudy:
    """The author sends a draft to the curators."""
    missing = [
        label
        for name, label in (
            ("title", _("title")), ("context", _("context")), ("actions", _("actions taken")),
            ("outcomes", _("outcomes")), ("lessons", _("lessons learned")),
        )
        if not getattr(case_study, name).strip()
    ]  # fmt: skip
    if not case_study.countries:
        missing.append(_("countries"))
    if missing:
        raise ValidationError(_("Please complete before submitting: %(f)s.") % {"f": ", ".join(missing)})
    return _transition(actor=actor, case_study=case_study, to_status=CaseStatus.SUBMITTED)


def case_study_start_review(*, actor, case_study) -> CaseStudy:
    return _transition(actor=actor, case_study=case_study, to_status=CaseStatus.IN_REVIEW)


def case_study_return(*, actor, case_study, comment) -> CaseStudy:
    """Staff send the case study back to its author (as a draft) with comments."""
    if not comment.strip():
        raise ValidationError(_("Tell the author what to change."))
    return _transition(actor=actor, case_study=case_study, to_status=CaseStatus.DRAFT, comment=comment)


def case_study_publish(*, actor, case_study, comment="") -> CaseStudy:
    return _transition(actor=actor, case_study=case_study, to_status=CaseStatus.PUBLISHED, comment=comment)


def case_study_decline(*, actor, case_study, reason) -> CaseStudy:
    if not reason.strip():
        raise ValidationError(_("Give the author a reason for declining."))
    return _transition(actor=actor, case_study=case_study, to_status=CaseStatus.DECLINED, comment=reason)


def case_study_comment(*, actor, case_study, comment) -> CaseStudyEvent:
    """A review comment (staff) kept in the history and sent to the author."""
    if not kp.can_curate_knowledge(actor):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("The comment is empty."))
    with transaction.atomic():
        event = CaseStudyEvent.objects.create(case_study=case_study, actor=actor, comment=comment)
        if case_study.author_id is not None:
            notify_many(
                kind=NotificationKind.KNOWLEDGE,
                recipient_ids=[case_study.author_id],
                text=deferred(
                    gettext_lazy("A reviewer commented on your case study “%(t)s”."), t=case_study.title[:120]
                ),
                url=case_study.get_absolute_url() + "#history",
                actor_id=actor.pk,
                data={"case_study_id": case_study.pk},
            )
    return event


def reference_save(*, actor, data, tags=(), related_tools=(), file=None, reference=None) -> Reference:
    """Create or edit a reference (staff)."""
    if not kp.can_curate_knowledge(actor):
        raise PermissionDenied
    with transaction.atomic():
        reference = reference or Reference(created_by=actor)
        for name in ("title", "authors", "year", "publisher", "url", "summary", "status"):
            if name in data:
                setattr(reference, name, data[name])
        if file is not None:
            validate_upload(file, kinds={"pdf"})
            reference.file = file
        if not reference.url and not reference.file:
            raise ValidationError(_("Give a link or upload the PDF."))
        reference.save()
        reference.tags.set(list(tags))
        reference.related_tools.set(related_tools)
    return reference


def thread_promote(*, actor, thread, kind) -> CaseStudy | Reference:
    """A moderator turns a discussion into a draft case study or reference, linked to it."""
    if not kp.can_promote_thread(actor, thread):
        raise PermissionDenied
    first = thread.posts.filter(number=1).first()
    body = first.body if first else ""
    if kind == "case_study":
        return case_study_create(
            author=actor,
            data={"title": thread.title[:200], "context": body[:20000], "summary": ""},
            source_thread=thread,
        )
    if kind == "reference":
        with transaction.atomic():
            reference = Reference.objects.create(
                title=thread.title[:300],
                summary=body[:5000],
                status=ReferenceStatus.DRAFT,
                created_by=actor,
                source_thread=thread,
            )
            notify_many(
                kind=NotificationKind.KNOWLEDGE,
                recipient_ids=_staff_recipient_ids(),
                text=deferred(
                    gettext_lazy("A discussion was proposed as a reference: “%(t)s”."), t=reference.title[:120]
                ),
                url=reference.get_absolute_url(),
                actor_id=actor.pk,
                data={"reference_id": reference.pk},
            )
            return reference
    raise ValidationError(_("Unknown kind of knowledge item."))
