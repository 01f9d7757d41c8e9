"""Forms for writing; the services hold the rules, forms only parse and carry messages."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.attachments import MAX_FILES
from discussions.language import CHOICE_AUTO, Language
from discussions.models import BODY_MAX, POLL_LABEL_MAX, POLL_OPTIONS_MAX, TITLE_MAX, PollKind, ThreadKind
from discussions.services.polls import poll_clean
from discussions.services.rules import PostingError


class LanguageSelect(forms.Select):
    """Each language named in itself, marked with its own ``lang`` (screen readers say
    "Français" in French; the page's language checks skip it)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


def language_field():
    """The composer's language choice; left on "detect", the service reads it from the text."""
    return forms.ChoiceField(
        label=_("Language of the post"),
        choices=[CHOICE_AUTO, *Language.choices],
        required=False,
        widget=LanguageSelect(attrs={"class": "form-select"}),
        help_text=_("Search matches words by their stem in this language."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def new_token():
    return secrets.token_urlsafe(16)


class _PostingForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control composer-body"}),
        help_text=_(
            "Markdown: **bold**, _italic_, > quote, - lists, [links](https://…), `code`. Mention with @handle."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"}
        ),
        help_text=_("Up to %(n)d files, 10 MB each: images, PDF, Office or OpenDocument.") % {"n": MAX_FILES},
    )
    language = language_field()
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A mangled token must not block the post: the service drops unusable tokens.
        self.fields["idempotency_key"].validators = []
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_token())

    def add_posting_error(self, error):
        field = error.field if error.field in self.fields else None
        if field and self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, error.message)


class ThreadForm(_PostingForm):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, min_length=5, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ThreadKind.choices, initial=ThreadKind.DISCUSSION, widget=forms.RadioSelect
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control", "list": "tag-options", "autocomplete": "off"}),
        help_text=_("Up to 5, separated by commas, e.g. groundwater, drought monitoring."),
    )
    pinned = forms.BooleanField(label=_("Pin this thread to the top"), required=False)
    poll_question = forms.CharField(
        label=_("Poll question"), required=False, max_length=POLL_LABEL_MAX,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Leave empty for a thread without a poll."),
    )  # fmt: skip
    poll_options = forms.CharField(
        label=_("Options"), required=False, max_length=POLL_OPTIONS_MAX * (POLL_LABEL_MAX + 2),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("One option per line, 2 to 20."),
    )  # fmt: skip
    poll_kind = forms.ChoiceField(
        label=_("Voters may choose"), choices=PollKind.choices, initial=PollKind.SINGLE, required=False,
        widget=forms.RadioSelect,
    )  # fmt: skip
    poll_closes_at = forms.DateTimeField(
        label=_("Closes at"), required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional. Results show to every reader once the poll closes."),
    )  # fmt: skip

    field_order = ["title", "kind", "body", "tags", "attachments", "language", "pinned", "idempotency_key"]

    def clean(self):
        """A poll is asked for when its question or options are filled in; checked by the service's rules."""

        data = super().clean()
        data["poll"] = None
        question, options = data.get("poll_question", ""), data.get("poll_options", "")
        if question.strip() or options.strip():
            try:
                data["poll"] = poll_clean(
                    question=question, options=options.splitlines(), kind=data.get("poll_kind") or PollKind.SINGLE,
                    closes_at=data.get("poll_closes_at"),
                )  # fmt: skip
            except PostingError as error:
                self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


class BookmarkForm(forms.Form):
    remind_at = forms.DateTimeField(
        label=_("Remind me at"), required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional: you get a notification at this time."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class PollVoteForm(forms.Form):
    options = forms.TypedMultipleChoiceField(label=_("Your choice"), coerce=int, choices=())

    def __init__(self, *args, poll_view, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = [(option.pk, option.label) for option in poll_view.options]
        self.fields["options"].error_messages["required"] = _("Choose an option.")


class ReplyForm(_PostingForm):
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class EditForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, min_length=5, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control composer-body"}),
    )
    language = language_field()

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]

    def add_posting_error(self, error):
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
