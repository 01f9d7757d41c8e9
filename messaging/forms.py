"""Forms of private messaging."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from messaging.models import BODY_MAX, MAX_PARTICIPANTS

_SPLIT = re.compile(r"[\s,;]+")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*", "class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RecipientsField(forms.CharField):
    """Comma-separated @handles -> a list of users."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", _("Their @handles, separated by commas (up to 19 people)."))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        handles = [h.lstrip("@") for h in _SPLIT.split(value or "") if h.strip("@ ")]
        handles = list(dict.fromkeys(h.lower() for h in handles))
        if not handles and self.required:
            raise forms.ValidationError(_("Choose at least one member."))
        if len(handles) > MAX_PARTICIPANTS - 1:
            raise forms.ValidationError(_("A conversation has at most %(n)d people.") % {"n": MAX_PARTICIPANTS})
        users = {u.username.lower(): u for u in get_user_model().objects.filter(username__in=handles, is_active=True)}
        missing = [h for h in handles if h not in users]
        if missing:
            raise forms.ValidationError(_("No member called %(h)s.") % {"h": ", ".join("@" + m[:40] for m in missing)})
        return [users[h] for h in handles]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("Markdown works: **bold**, lists, links."),
    )
    attachments = MultipleFileField(label=_("Attach files"), help_text=_("PDF or images, 10 MB each, 5 at most."))


class ConversationForm(MessageForm):
    recipients = RecipientsField(label=_("To"), widget=forms.TextInput(attrs={"class": "form-control"}))
    subject = forms.CharField(
        label=_("Subject"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    field_order = ["recipients", "subject", "body", "attachments"]


class AddParticipantsForm(forms.Form):
    recipients = RecipientsField(label=_("Add people"), widget=forms.TextInput(attrs={"class": "form-control"}))


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Note"), max_length=500, required=False)
