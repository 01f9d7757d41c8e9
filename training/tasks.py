"""Celery tasks of the design programme: take ids, idempotent, late acknowledgement."""

import logging

from celery import shared_task

from training.services import (
    milestone_flag_overdue,
    milestone_remind,
    milestones_due_for_reminder,
    milestones_newly_overdue,
)

logger = logging.getLogger(__name__)
TASK_OPTIONS = {"acks_late": True, "autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="training.milestone_remind", **TASK_OPTIONS)
def milestone_remind_task(milestone_id):
    return milestone_remind(milestone_id=milestone_id)


@shared_task(name="training.milestone_flag_overdue", **TASK_OPTIONS)
def milestone_flag_overdue_task(milestone_id):
    return milestone_flag_overdue(milestone_id=milestone_id)


@shared_task(name="training.milestone_sweep", acks_late=True)
def milestone_sweep_task():
    """Periodic: queue a reminder for milestones due soon and a flag for overdue ones."""
    reminded = flagged = 0
    for pk in milestones_due_for_reminder().values_list("pk", flat=True):
        milestone_remind_task.delay(pk)
        reminded += 1
    for pk in milestones_newly_overdue().values_list("pk", flat=True):
        milestone_flag_overdue_task.delay(pk)
        flagged += 1
    return {"reminded": reminded, "flagged": flagged}
