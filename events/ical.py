"""iCalendar (RFC 5545) output written by hand: CRLF line ends, lines folded at 75 octets,
TEXT values escaped, times in UTC with a trailing Z, stable UIDs and a DTSTAMP."""

import re
from datetime import UTC

from django.conf import settings
from django.utils import timezone

from markup import plain_text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    value = _CONTROL.sub("", str(value or ""))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    out, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size = [" "], 1  # continuation lines begin with one space
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def format_utc(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host():
    from urllib.parse import urlparse

    return urlparse(settings.SITE_URL).hostname or "actionhub"


def event_lines(event, *, now=None):
    site = settings.SITE_URL.rstrip("/")
    url = site + event.get_absolute_url()
    description = plain_text(event.description_html) if event.description_html else event.description
    description = f"{description}\n\n{url}".strip()
    if event.online_url:
        description = f"{event.online_url}\n\n{description}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{_host()}",
        f"DTSTAMP:{format_utc(now or timezone.now())}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"CATEGORIES:{escape_text(event.get_kind_display())}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
    ]
    location = event.location or event.online_url
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(events, *, name) -> str:
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Action Hub//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, now=now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
