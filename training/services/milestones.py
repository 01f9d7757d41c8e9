"""Step 3: follow-up milestones, reminders before due dates, overdue flags, staff advice."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hub.i18n import deferred
from training import permissions as perms
from training.models import Milestone, MilestoneStatus, ProgrammeComment
from training.services.programmes import programme_team, tell

REMIND_DAYS_BEFORE = 3


def milestone_save(*, actor, programme, data: dict, milestone=None) -> Milestone:
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    if milestone is not None and milestone.programme_id != programme.pk:
        raise PermissionDenied
    owner = data.get("owner")
    if owner is not None and not programme_team_ids(programme).__contains__(owner.pk):
        raise PermissionDenied
    with transaction.atomic():
        milestone = milestone or Milestone(programme=programme)
        old_due = milestone.due_on
        for key, value in data.items():
            setattr(milestone, key, value)
        if old_due != milestone.due_on:
            # A new date earns a new reminder (and clears an old overdue flag).
            milestone.reminded_at = None
            milestone.overdue_flagged_at = None
        milestone.full_clean()
        milestone.save()
    return milestone


def programme_team_ids(programme):
    return {u.pk for u in programme_team(programme)}


def milestone_delete(*, actor, milestone) -> None:
    if not perms.can_manage_programme(actor, milestone.programme):
        raise PermissionDenied
    milestone.delete()


def comment_create(*, actor, programme, body, milestone=None) -> ProgrammeComment:
    """Staff advice (and the leaders' answers) on the follow-up plan."""
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied
    if milestone is not None and milestone.programme_id != programme.pk:
        raise PermissionDenied
    comment = ProgrammeComment(programme=programme, milestone=milestone, author=actor, body=body)
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        about = milestone.title if milestone else programme.proposed_name
        tell(programme_team(programme), actor=actor, programme=programme,
             url=f"{programme.get_absolute_url()}follow-up/#comment-{comment.pk}",
             text=deferred(gettext_lazy("%(who)s commented on “%(about)s”"), who=actor.name, about=about))  # fmt: skip
    return comment


def milestones_due_for_reminder(today=None):
    today = today or timezone.localdate()
    return Milestone.objects.exclude(status=MilestoneStatus.DONE).filter(
        reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE)
    )


def milestones_newly_overdue(today=None):
    today = today or timezone.localdate()
    return Milestone.objects.exclude(status=MilestoneStatus.DONE).filter(
        overdue_flagged_at__isnull=True, due_on__lt=today
    )


def _recipients(milestone):
    programme = milestone.programme
    people = [milestone.owner] if milestone.owner_id else list(programme.leaders.all())
    return people + list(programme.experts.all())


def milestone_remind(*, milestone_id) -> bool:
    """Remind the owner (and the experts) once, a few days before the due date.  Idempotent."""
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("programme").filter(pk=milestone_id).first()
        if milestone is None or milestone.reminded_at is not None or milestone.is_done:
            return False
        milestone.reminded_at = timezone.now()
        milestone.save(update_fields=["reminded_at"])
        tell(_recipients(milestone), actor=None, programme=milestone.programme,
             url=f"{milestone.programme.get_absolute_url()}follow-up/",
             text=deferred(gettext_lazy("Milestone “%(title)s” is due on %(date)s"), title=milestone.title, date=milestone.due_on.isoformat()))  # fmt: skip
    return True


def milestone_flag_overdue(*, milestone_id) -> bool:
    """Flag an overdue milestone once (the follow-up page shows it in red).  Idempotent."""
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("programme").filter(pk=milestone_id).first()
        if milestone is None or milestone.overdue_flagged_at is not None or not milestone.is_overdue():
            return False
        milestone.overdue_flagged_at = timezone.now()
        milestone.save(update_fields=["overdue_flagged_at"])
        tell(_recipients(milestone), actor=None, programme=milestone.programme,
             url=f"{milestone.programme.get_absolute_url()}follow-up/",
             text=deferred(gettext_lazy("Milestone “%(title)s” is overdue (due %(date)s)"), title=milestone.title, date=milestone.due_on.isoformat()))  # fmt: skip
    return True
