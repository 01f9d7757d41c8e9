"""The training modules, the value cycles, and the agenda built from a tailoring choice."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    title: str
    minutes: int
    summary: str


MODULES = [
    Module("systems", _("Systems Change Tool"), 150,
           _("Map the socio-hydrological system: actors, water resources, drivers, pressures and how they link.")),
    Module("network", _("Social Network Analysis Tool"), 150,
           _("Who is the target audience, how are they already connected, and whom to invite first.")),
    Module("value", _("Value Creation Framework"), 120,
           _("The value the community should create in each cycle and the indicators to watch.")),
    Module("roles", _("Fundamentals of Community Roles"), 90,
           _("Convenor, moderators, facilitators, technical support, champions: who does what, and how many hours.")),
    Module("cases", _("Good Cases"), 60,
           _("Learn from communities that were designed, launched and achieved results.")),
    Module("itlab", _("IT Lab"), 120,
           _("Practise posting, pinning, approving members and handling a flag in a sandbox community.")),
    Module("activities", _("Activity Lab"), 120,
           _("Plan the community's activities: webinars, discussions, peer assists, newsletters, field visits.")),
]  # fmt: skip
MODULES_BY_KEY = {m.key: m for m in MODULES}
MODULE_CHOICES = [(m.key, m.title) for m in MODULES]
DAY_MINUTES = 360  # a training day holds six hours of modules (plus breaks)


class ValueCycle(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate value: activities and interactions")
    POTENTIAL = "potential", _("Potential value: knowledge capital")
    APPLIED = "applied", _("Applied value: changes in practice")
    REALISED = "realised", _("Realised value: performance improvement")
    TRANSFORMATIVE = "transformative", _("Transformative value: redefining success")
    ORIENTING = "orienting", _("Orienting value: location in the broader landscape")
    ENABLING = "enabling", _("Enabling value: conditions for learning")
    STRATEGIC = "strategic", _("Strategic value: engagement with stakeholders")


def build_agenda(module_keys, days):
    """Spread the chosen modules over ``days`` days in catalogue order, balancing minutes.

    Returns ``[{"day": 1, "items": [{"module": Module, "start": "09:00", "end": "11:30"}], "minutes": n}]``.
    """
    chosen = [m for m in MODULES if m.key in set(module_keys)]
    days = max(1, min(3, int(days or 1)))
    total = sum(m.minutes for m in chosen)
    target = total / days if days else total
    plan = [{"day": d + 1, "items": [], "minutes": 0} for d in range(days)]
    index = 0
    for module in chosen:
        # Move to the next day once this one holds its share (the last day takes the rest).
        if index < days - 1 and plan[index]["minutes"] and plan[index]["minutes"] + module.minutes / 2 > target:
            index += 1
        day = plan[index]
        start = 9 * 60 + day["minutes"] + 15 * len(day["items"])  # a 15-minute break between modules
        day["items"].append({"module": module, "start": _clock(start), "end": _clock(start + module.minutes)})
        day["minutes"] += module.minutes
    return plan


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
