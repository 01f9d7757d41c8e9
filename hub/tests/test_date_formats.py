"""One way of writing a date per language: templates name the format, never a pattern."""

import datetime
import re
from pathlib import Path

from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT"}
# Pieces of a calendar grid (the day number, a month's or weekday's short name), machine
# values (a date input's value) and the zone's abbreviation are not dates written out.
PARTS = {"j", "M", "D", "T", "Y-m-d", "Y-m-d\\TH:i:sO"}
FILTER = re.compile(r"\|(?:date|time):[\"']([^\"']*)[\"']")


def test_templates_write_dates_through_the_named_formats_only():
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt"), *ROOT.glob("*/templates/**/*")]:
        if path.is_file() and ".venv" not in path.parts:
            for pattern in FILTER.findall(path.read_text(errors="ignore")):
                if pattern not in NAMED | PARTS:
                    found.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert not found, "dates written with their own pattern:\n" + "\n".join(found)


@override_settings(USE_TZ=True, TIME_ZONE="UTC")
def test_one_format_per_language():
    moment = datetime.datetime(2026, 12, 4, 9, 20, tzinfo=datetime.UTC)
    template = Template('{{ t|date:"DATETIME_FORMAT" }} | {{ t|date:"DATE_FORMAT" }} | {{ t|time:"TIME_FORMAT" }}')
    rendered = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            rendered[language] = template.render(Context({"t": moment}))
    assert rendered["en"] == "4 Dec 2026, 09:20 | 4 Dec 2026 | 09:20"
    assert rendered["fr"] == "4 décembre 2026 09:20 | 4 décembre 2026 | 09:20"
    assert rendered["es"].startswith("4 de diciembre de 2026") and rendered["es"].endswith("| 09:20")
