"""Proposals, people, step 1 (intake, consultations, tailoring) and training sessions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communities.models import Membership
from hub.i18n import deferred
from notifications.models import NotificationKind
from notifications.services import notify_many
from training import permissions as perms
from training.catalogue import MODULES_BY_KEY
from training.models import (
    Attendance,
    Consultation,
    DesignProgramme,
    IntakeQuestionnaire,
    ProgrammeStage,
    ProposalKind,
    SessionAudience,
    StepStatus,
    TrainingSession,
)


def tell(users, *, actor, programme, text, url=None, community=None):
    """Notify each of ``users`` once about ``programme`` (the actor is skipped by notify_many)."""
    notify_many(
        kind=NotificationKind.PROGRAMME,
        recipient_ids=[user.pk for user in users if user is not None],
        text=text,
        url=url or programme.get_absolute_url(),
        actor_id=actor.pk if actor is not None else None,
        community_id=community.pk if community is not None else None,
        data={"programme_id": programme.pk},
    )


def programme_team(programme):
    return list(programme.leaders.all()) + list(programme.experts.all())


def programme_propose(
    *, actor, organisation, proposed_name, topic, summary="", kind=ProposalKind.NEW, existing_community=None
) -> DesignProgramme:
    """An organisation proposes a new CoP (or to co-convene one): a programme opens in step 1."""
    if not perms.can_propose_community(actor):
        raise PermissionDenied
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("Choose a valid kind of proposal.")})
    if kind == ProposalKind.CO_CONVENE and existing_community is None:
        raise ValidationError({"existing_community": _("Choose the community you would like to co-convene.")})
    with transaction.atomic():
        programme = DesignProgramme.objects.create(
            organisation=organisation,
            proposed_name=proposed_name,
            topic=topic,
            summary=summary,
            kind=kind,
            existing_community=existing_community if kind == ProposalKind.CO_CONVENE else None,
            proposer=actor,
        )
        programme.leaders.add(actor)
        perms.forget(actor)
        staff = get_user_model().objects.filter(is_staff=True, is_active=True)
        tell(staff, actor=actor, programme=programme,
             text=deferred(gettext_lazy("%(org)s proposed “%(name)s”"), org=organisation, name=proposed_name))  # fmt: skip
    return programme


def programme_set_people(*, actor, programme, leaders, experts) -> DesignProgramme:
    """Staff admins choose the leaders and the assigned staff experts."""
    if not perms.can_assign_programme_people(actor, programme):
        raise PermissionDenied
    if not leaders:
        raise ValidationError({"leaders": _("A programme needs at least one leader.")})
    with transaction.atomic():
        before = {u.pk for u in programme_team(programme)}
        programme.leaders.set(leaders)
        programme.experts.set(experts)
        if programme.stage == ProgrammeStage.PROPOSED and experts:
            programme.stage = ProgrammeStage.PREPARATORY
            programme.preparatory_status = StepStatus.IN_PROGRESS
            programme.save(update_fields=["stage", "preparatory_status", "updated_at"])
        added = [u for u in list(leaders) + list(experts) if u.pk not in before]
        tell(added, actor=actor, programme=programme,
             text=deferred(gettext_lazy("You were added to the design programme “%(name)s”"), name=programme.proposed_name))  # fmt: skip
    for user in list(leaders) + list(experts):
        perms.forget(user)
    return programme


def programme_pick_up(*, actor, programme) -> DesignProgramme:
    """A staff admin takes a new proposal: they become its expert and step 1 starts."""
    if not perms.can_assign_programme_people(actor, programme):
        raise PermissionDenied
    if programme.stage != ProgrammeStage.PROPOSED:
        raise ValidationError(_("This proposal was already picked up."))
    with transaction.atomic():
        programme.experts.add(actor)
        programme.stage = ProgrammeStage.PREPARATORY
        programme.preparatory_status = StepStatus.IN_PROGRESS
        programme.save(update_fields=["stage", "preparatory_status", "updated_at"])
        tell(programme.leaders.all(), actor=actor, programme=programme,
             text=deferred(gettext_lazy("%(who)s picked up your proposal “%(name)s”: step 1 starts"), who=actor.name, name=programme.proposed_name))  # fmt: skip
    perms.forget(actor)
    return programme


def programme_set_status(*, actor, programme, stage, preparatory_status, training_status, support_status):
    if not perms.can_manage_programme(actor, programme):
        raise PermissionDenied
    if stage not in ProgrammeStage.values or stage == ProgrammeStage.LAUNCHED and programme.community_id is None:
        raise ValidationError({"stage": _("A programme is launched by launching its community.")})
    for value in (preparatory_status, training_status, support_status):
        if value not in StepStatus.values:
            raise ValidationError(_("Choose a valid step status."))
    programme.stage = stage
    programme.preparatory_status = preparatory_status
    programme.training_status = training_status
    programme.support_status = support_status
    programme.save()
    return programme


def intake_save(*, actor, programme, data: dict, submit=True) -> IntakeQuestionnaire:
    """Leaders (or staff on their behalf) fill in the intake questionnaire."""
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    with transaction.atomic():
        intake, _created = IntakeQuestionnaire.objects.select_for_update().get_or_create(
            programme=programme, defaults={**data, "submitted_by": actor}
        )
        for key, value in data.items():
            setattr(intake, key, value)
        intake.submitted_by = actor
        if submit and intake.submitted_at is None:
            intake.submitted_at = timezone.now()
            tell(programme.experts.all(), actor=actor, programme=programme,
                 text=deferred(gettext_lazy("The intake questionnaire of “%(name)s” is ready"), name=programme.proposed_name))  # fmt: skip
        intake.full_clean()
        intake.save()
        if programme.preparatory_status == StepStatus.NOT_STARTED:
            programme.preparatory_status = StepStatus.IN_PROGRESS
            programme.save(update_fields=["preparatory_status", "updated_at"])
    return intake


def consultation_save(*, actor, programme, data: dict, consultation=None) -> Consultation:
    """Record (or correct) an online consultation with the organisation."""
    if not perms.can_manage_programme(actor, programme):
        raise PermissionDenied
    with transaction.atomic():
        if consultation is None:
            consultation = Consultation(programme=programme, recorded_by=actor)
        elif consultation.programme_id != programme.pk:
            raise PermissionDenied
        for key, value in data.items():
            setattr(consultation, key, value)
        consultation.full_clean()
        consultation.save()
        if programme.stage == ProgrammeStage.PROPOSED:
            programme.stage = ProgrammeStage.PREPARATORY
        if programme.preparatory_status == StepStatus.NOT_STARTED:
            programme.preparatory_status = StepStatus.IN_PROGRESS
        programme.save(update_fields=["stage", "preparatory_status", "updated_at"])
    return consultation


def programme_tailor(*, actor, programme, modules, days, notes="") -> DesignProgramme:
    """Staff choose the training modules and its length (1 to 3 days): step 1 ends, step 2 starts."""
    if not perms.can_manage_programme(actor, programme):
        raise PermissionDenied
    modules = [m for m in MODULES_BY_KEY if m in set(modules)]
    if not modules:
        raise ValidationError({"modules": _("Choose at least one module.")})
    if days not in (1, 2, 3):
        raise ValidationError({"days": _("The training lasts one, two or three days.")})
    with transaction.atomic():
        programme.modules = modules
        programme.training_days = days
        programme.tailoring_notes = notes
        programme.preparatory_status = StepStatus.DONE
        if programme.training_status == StepStatus.NOT_STARTED:
            programme.training_status = StepStatus.IN_PROGRESS
        if programme.stage in (ProgrammeStage.PROPOSED, ProgrammeStage.PREPARATORY):
            programme.stage = ProgrammeStage.TRAINING
        programme.save()
        tell(programme.leaders.all(), actor=actor, programme=programme,
             text=ngettext("Your training for “%(name)s” is ready: %(days)s day",
                           "Your training for “%(name)s” is ready: %(days)s days", days)
             % {"name": programme.proposed_name, "days": days})  # fmt: skip
    return programme


def session_invitees(session):
    """Who is invited: the programme's leaders, or every moderator and leader for open sessions."""
    User = get_user_model()
    if session.audience == SessionAudience.MODERATORS:
        moderators = Membership.objects.moderators().values("user_id")
        return User.objects.filter(is_active=True).filter(pk__in=moderators) | User.objects.filter(
            is_active=True, led_programmes__isnull=False
        )
    if session.programme_id is None:
        return User.objects.none()
    return session.programme.leaders.filter(is_active=True)


def session_create(*, actor, programme=None, data: dict) -> TrainingSession:
    """Schedule a training session and invite the people it is for."""
    if not perms.can_create_session(actor, programme):
        raise PermissionDenied
    with transaction.atomic():
        session = TrainingSession(programme=programme, created_by=actor, **data)
        if programme is None:
            session.audience = SessionAudience.MODERATORS
        session.full_clean()
        session.save()
        # Month names in each invitee's language (formatted when the notification is written).
        when = lazy(date_format, str)(timezone.localtime(session.starts_at), "j M Y H:i")
        notify_many(
            kind=NotificationKind.PROGRAMME,
            recipient_ids=session_invitees(session).values_list("pk", flat=True).distinct(),
            text=deferred(
                gettext_lazy("You are invited to the training session “%(title)s” on %(when)s UTC"),
                title=session.title,
                when=when,
            ),
            url=session.link or "",
            actor_id=actor.pk,
            data={"session_id": session.pk},
        )
    return session


def attendance_set(*, actor, session, present_ids) -> int:
    """Record who attended a programme's session (one row per leader)."""
    if session.programme is None or not perms.can_manage_programme(actor, session.programme):
        raise PermissionDenied
    present_ids = {int(i) for i in present_ids}
    count = 0
    with transaction.atomic():
        for leader in session.programme.leaders.all():
            Attendance.objects.update_or_create(
                session=session, user=leader, defaults={"present": leader.pk in present_ids}
            )
            count += leader.pk in present_ids
    return count


def intake_autosave(*, actor, programme, data: dict) -> IntakeQuestionnaire:
    """Keep what the leader has typed so far (valid fields only; not submitted)."""
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    with transaction.atomic():
        intake, _created = IntakeQuestionnaire.objects.select_for_update().get_or_create(programme=programme)
        for key, value in data.items():
            setattr(intake, key, value)
        intake.save()
    return intake
