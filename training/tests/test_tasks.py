"""Milestone reminders and overdue flags: Celery (eager) with a fake clock."""

import datetime

import pytest
import time_machine

from notifications.models import Notification
from notifications.tests.helpers import committed
from training.models import Milestone
from training.tasks import milestone_flag_overdue_task, milestone_remind_task, milestone_sweep_task
from training.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def _texts(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


@time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_milestone_reminder_before_due_date_then_overdue_flag_once(programme, leader, expert):
    milestone = MilestoneFactory(programme=programme, title="Launch webinar", due_on=datetime.date(2027, 3, 10))
    done = MilestoneFactory(programme=programme, title="Done already", due_on=datetime.date(2027, 3, 5),
                            status="done")  # fmt: skip

    assert milestone_sweep_task.delay().get() == {"reminded": 0, "flagged": 0}
    with time_machine.travel(datetime.datetime(2027, 3, 8, 6, 0, tzinfo=datetime.UTC), tick=False):
        with committed():
            assert milestone_sweep_task.delay().get() == {"reminded": 1, "flagged": 0}
            assert milestone_sweep_task.delay().get() == {"reminded": 0, "flagged": 0}  # idempotent
        milestone.refresh_from_db()
        assert milestone.reminded_at is not None
        assert _texts(leader) == ["Milestone “Launch webinar” is due on 2027-03-10"]
        assert len(_texts(expert)) == 1
    with time_machine.travel(datetime.datetime(2027, 3, 11, 6, 0, tzinfo=datetime.UTC), tick=False):
        with committed():
            assert milestone_sweep_task.delay().get() == {"reminded": 0, "flagged": 1}
            milestone_flag_overdue_task.delay(milestone.pk)  # a re-delivered task changes nothing
        milestone.refresh_from_db()
        assert milestone.overdue_flagged_at is not None and milestone.is_overdue()
        assert _texts(leader)[0] == "Milestone “Launch webinar” is overdue (due 2027-03-10)"
        assert len(_texts(leader)) == 2
    done.refresh_from_db()
    assert done.reminded_at is None and done.overdue_flagged_at is None


@time_machine.travel(datetime.datetime(2027, 3, 8, 6, 0, tzinfo=datetime.UTC), tick=False)
def test_reminder_goes_to_owner_and_new_date_earns_new_reminder(client, programme, leader, expert):
    from accounts.tests.factories import UserFactory

    co_leader = UserFactory()
    programme.leaders.add(co_leader)
    milestone = MilestoneFactory(programme=programme, owner=co_leader, due_on=datetime.date(2027, 3, 9))
    with committed():
        assert milestone_remind_task.delay(milestone.pk).get() is True
        assert milestone_remind_task.delay(milestone.pk).get() is False
    assert len(_texts(co_leader)) == 1 and _texts(leader) == []
    from training.services import milestone_save

    milestone_save(actor=leader, programme=programme, milestone=milestone,
                   data={"due_on": datetime.date(2027, 3, 10)})  # fmt: skip
    assert Milestone.objects.get(pk=milestone.pk).reminded_at is None
    assert milestone_remind_task.delay(milestone.pk).get() is True
    # A deleted milestone is a no-op, not an error.
    assert milestone_remind_task.delay(999999).get() is False
