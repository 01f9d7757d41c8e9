"""``machine_datetime``: the value of a ``<time datetime="...">`` attribute, valid HTML.

Django's ``date:'c'`` prints microseconds ("...:04.856052+00:00"), which the HTML standard
does not allow (at most three digits of a second). Loaded for every template (builtins).
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_datetime(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
