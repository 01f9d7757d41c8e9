"""The month grid marks today and shows whole event titles (they wrap; nothing is cut)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.tests.factories import EventFactory, make_community

pytestmark = pytest.mark.django_db


def test_calendar_marks_today_and_keeps_whole_titles(client):
    community = make_community()
    title = "Aquifer recharge field visit and a long monitoring workshop for the basin team"
    EventFactory(community=community, title=title, starts_at=timezone.now().replace(hour=12, minute=0))
    html = client.get(reverse("events:calendar")).content.decode()
    assert html.count('aria-current="date"') == 1
    today = html.split('aria-current="date"', 1)[1].split("</td>", 1)[0]
    assert '<span class="badge text-bg-primary">Today</span>' in today
    assert 'class="hub-cal-event" href=' in today and f">{title}</a>" in today
    assert "text-truncate" not in html.split('class="table', 1)[1].split("</table>", 1)[0]


def test_calendar_of_another_month_marks_no_day():
    from django.test import Client

    html = Client().get(reverse("events:calendar") + "?month=2001-01").content.decode()
    assert 'aria-current="date"' not in html
