import datetime

from django.template import Context, Template
from django.test import override_settings


@override_settings(TIME_ZONE="UTC", USE_TZ=True)
def test_machine_datetime_has_no_microseconds_and_keeps_the_offset():
    moment = datetime.datetime(2026, 12, 4, 1, 30, 4, 856052, tzinfo=datetime.UTC)
    html = Template('<time datetime="{{ t|machine_datetime }}">').render(Context({"t": moment}))
    assert html == '<time datetime="2026-12-04T01:30:04+00:00">'
    assert Template("{{ d|machine_datetime }}").render(Context({"d": datetime.date(2026, 1, 2)})) == "2026-01-02"
    assert Template("{{ x|machine_datetime }}").render(Context({"x": "not a date"})) == ""
