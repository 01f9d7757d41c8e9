"""Input of the moderation pages.  Services re-validate; forms give friendly messages first."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Role
from discussions.models import TITLE_MAX, TITLE_MIN, Thread
from moderation.models import NOTE_MAX, REASON_MAX, AuditAction, FlagReason
from moderation.services.members import DURATIONS


class NoNulCharField(forms.CharField):
    """A CharField that refuses NUL bytes with a message instead of a server error."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and "\x00" in value:
            raise forms.ValidationError(_("This text contains a character that is not allowed."))
        return value


REASON_LABEL = _("Reason")
REASON_HELP = _("The person affected will read this.")


def reason_field(required=True, label=REASON_LABEL, help_text=REASON_HELP):
    return NoNulCharField(
        label=label,
        required=required,
        max_length=REASON_MAX,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "form-control", "maxlength": REASON_MAX}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it?"), choices=FlagReason.choices, widget=forms.RadioSelect)
    note = NoNulCharField(
        label=_("Note to the moderators"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Required for “Something else”. Only moderators read it."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "maxlength": NOTE_MAX}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == FlagReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Tell the moderators what is wrong (a sentence is enough)."))
        return data


class ReasonForm(forms.Form):
    reason = reason_field()


class OptionalReasonForm(forms.Form):
    reason = reason_field(required=False, help_text=_("Optional; kept in the audit log."))


class SuspendForm(forms.Form):
    duration = forms.ChoiceField(
        label=_("Duration"),
        choices=[(key, label) for key, (_delta, label) in DURATIONS.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = reason_field()


class RemoveForm(forms.Form):
    reason = reason_field()
    ban = forms.BooleanField(label=_("Ban: they cannot rejoin and lose access to private content"), required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.Select(attrs={"class": "form-select"}))
    reason = reason_field(required=False, help_text=_("Optional; kept in the audit log."))


class RenameForm(forms.Form):
    title = NoNulCharField(
        label=_("New title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"class": "form-control", "maxlength": TITLE_MAX}),
    )
    reason = reason_field(required=False, help_text=_("Optional; kept in the audit log."))


class MoveForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Move to"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    reason = reason_field(required=False, help_text=_("Optional; the author is told where it went."))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class MergeForm(forms.Form):
    target = NoNulCharField(
        label=_("Merge into thread"),
        max_length=500,
        help_text=_("Paste the link of the thread that stays, or its number."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    reason = reason_field(required=False, help_text=_("Optional; kept in the audit log."))

    def clean_target(self):
        value = self.cleaned_data["target"].strip()
        match = re.search(r"/t/(\d+)", value) or re.fullmatch(r"#?(\d+)", value)
        if not match:
            raise forms.ValidationError(_("Paste a thread link (…/t/123-title/) or a thread number."))
        thread = Thread.objects.select_related("community").filter(pk=int(match.group(1))).first()
        if thread is None:
            raise forms.ValidationError(_("No thread with that number."))
        return thread


BULK_ACTIONS = [
    ("dismiss", _("Dismiss flags")),
    ("hide", _("Hide")),
    ("delete", _("Delete")),
    ("approve", _("Approve")),
    ("reject", _("Reject")),
    ("decline", _("Decline")),
]
_ITEM = re.compile(r"^(post|thread|request)-(\d{1,18})$")


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=BULK_ACTIONS)
    items = forms.MultipleChoiceField(choices=(), required=True)
    reason = reason_field(required=False, help_text=_("Needed to hide, delete or reject."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].error_messages["required"] = _("Select at least one item.")

    def clean_items(self):
        items = []
        for raw in self.data.getlist("items") if hasattr(self.data, "getlist") else []:
            match = _ITEM.match(raw)
            if not match:
                raise forms.ValidationError(_("Unknown item %(v)s.") % {"v": raw[:40]})
            items.append((match.group(1), int(match.group(2))))
        if not items:
            raise forms.ValidationError(_("Select at least one item."))
        if len(items) > 200:
            raise forms.ValidationError(_("Select at most 200 items at a time."))
        return items

    def full_clean(self):
        # ``items`` values are free-form keys, validated in clean_items.
        self.fields["items"].choices = [
            (v, v) for v in (self.data.getlist("items") if hasattr(self.data, "getlist") else [])
        ]
        super().full_clean()

    def clean(self):
        data = super().clean()
        if data.get("action") in ("hide", "delete", "reject") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason: the people affected will read it."))
        return data


class AuditFilterForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=None, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("All actions")), *AuditAction.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    person = NoNulCharField(
        label=_("Member (@handle)"),
        required=False,
        max_length=150,
        help_text=_("Actions by or about this member."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    q = NoNulCharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].to_field_name = "slug"
        self.fields["community"].empty_label = _("All communities")

    def clean_person(self):
        return (self.cleaned_data.get("person") or "").strip().lstrip("@")
