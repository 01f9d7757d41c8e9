"""Event forms.  Times are typed in the event's time zone and stored in UTC."""

import datetime as dt
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, RSVPStatus


class LocalDateTimeField(forms.DateTimeField):
    """A naive wall-clock time: the form makes it aware in the chosen zone (not the request's)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(tzinfo=None) if value is not None and value.tzinfo else value

    def prepare_value(self, value):
        return value


def localise(naive, zone):
    """Attach ``zone``; None for a wall-clock time skipped by a DST change (spring forward).

    A repeated hour (autumn) resolves to its first occurrence (fold=0).
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        return None
    return aware


class EventForm(forms.ModelForm):
    starts_local = LocalDateTimeField(label=_("Starts (in the event's time zone)"))
    ends_local = LocalDateTimeField(label=_("Ends (in the event's time zone)"))
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https")
    recording_url = forms.URLField(label=_("Recording"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "online_url", "location", "timezone", "capacity", "recording_url",
                  "materials"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "materials": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = zoneinfo.ZoneInfo(self.instance.timezone)
            fmt = "%Y-%m-%dT%H:%M"
            self.initial["starts_local"] = self.instance.starts_at.astimezone(zone).strftime(fmt)
            self.initial["ends_local"] = self.instance.ends_at.astimezone(zone).strftime(fmt)
        else:
            self.fields["recording_url"].widget = forms.HiddenInput()
            self.fields["materials"].widget = forms.HiddenInput()
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 100000})
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and not 1 <= capacity <= 100_000:
            raise forms.ValidationError(_("Between 1 and 100,000 places, or empty for no limit."))
        return capacity

    def clean(self):
        data = super().clean()
        name = data.get("timezone")
        start, end = data.get("starts_local"), data.get("ends_local")
        if not name or start is None or end is None:
            return data
        zone = zoneinfo.ZoneInfo(name)
        starts_at, ends_at = localise(start, zone), localise(end, zone)
        if starts_at is None:
            self.add_error("starts_local", _("This time does not exist in %(z)s (clocks change).") % {"z": name})
        if ends_at is None:
            self.add_error("ends_local", _("This time does not exist in %(z)s (clocks change).") % {"z": name})
        if starts_at and ends_at:
            if ends_at <= starts_at:
                self.add_error("ends_local", _("The event must end after it starts."))
            elif ends_at - starts_at > dt.timedelta(days=14):
                self.add_error("ends_local", _("An event lasts at most 14 days."))
        if not data.get("online_url") and not data.get("location"):
            self.add_error("location", _("Give a place or an online link."))
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def event_data(self):
        keys = [*self.Meta.fields, "starts_at", "ends_at"]
        data = {k: self.cleaned_data.get(k) for k in keys}
        if not self.instance.pk:
            data.pop("recording_url")
            data.pop("materials")
        for k in ("description", "online_url", "location", "recording_url", "materials"):
            if k in data and data[k] is None:
                data[k] = ""
        return data


class RSVPForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(RSVPStatus.GOING, _("Going")), (RSVPStatus.MAYBE, _("Maybe")), (RSVPStatus.NOT_GOING, _("Not going"))]
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File (PDF or image, 10 MB at most)"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to attendees)"), max_length=500, required=False)
