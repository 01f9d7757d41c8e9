"""The iCalendar we write follows RFC 5545 and parses back with an independent library."""

import datetime as dt

import icalendar
import pytest

from events.ical import escape_text, fold, render_calendar
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_fold_limits_lines_to_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Évaluation des débits écologiques du bassin — 河流流域管理 " * 5
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # every chunk is valid UTF-8 on its own
    assert folded.replace("\r\n ", "") == line


def test_escape_text():
    assert escape_text("a,b;c\\d\ne\x00") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_parses_back_with_utc_times_uid_and_crlf():
    event = EventFactory(
        title="Flows, floods; and \\ backslashes",
        description="Line one\nLine two " + "long text " * 30,
        description_html="",
        starts_at=dt.datetime(2026, 3, 28, 8, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 28, 10, 0, tzinfo=dt.UTC),
        location="Salle 2, Maison de l'eau",
    )
    body = render_calendar([event], name="Basin CoP")
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "DTSTART:20260328T080000Z" in body
    cal = icalendar.Calendar.from_ical(body)
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Flows, floods; and \\ backslashes"
    assert vevent["DTSTART"].dt == dt.datetime(2026, 3, 28, 8, 0, tzinfo=dt.UTC)
    assert vevent["DTEND"].dt == dt.datetime(2026, 3, 28, 10, 0, tzinfo=dt.UTC)
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert "DTSTAMP" in vevent and "Line two" in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "Salle 2, Maison de l'eau"
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal


def test_cancelled_event_is_marked_cancelled():
    from django.utils import timezone

    event = EventFactory(cancelled_at=timezone.now(), sequence=2)
    vevent = icalendar.Calendar.from_ical(render_calendar([event], name="x")).walk("VEVENT")[0]
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 2
