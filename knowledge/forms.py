"""Forms of the knowledge base: the guided case-study form, references, review actions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from knowledge.models import CaseStudy, Reference, ReferenceStatus, Tool

MAX_TAGS = 10
TAG_MAX = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def parse_tags(raw: str) -> list[str]:
    """Comma-separated tags, trimmed; raises ValidationError on too many or too long."""
    tags = []
    for part in (raw or "").split(","):
        tag = " ".join(part.split())
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise forms.ValidationError(_("Tags are at most %(n)d characters long.") % {"n": TAG_MAX})
        if tag.lower() not in [t.lower() for t in tags]:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise forms.ValidationError(_("At most %(n)d tags.") % {"n": MAX_TAGS})
    return tags


class TagsField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("help_text", _("Comma-separated, e.g. drought, transboundary."))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        return parse_tags(super().clean(value))


class CaseStudyForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=list(all_countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    tools = forms.ModelMultipleChoiceField(
        label=_("Tools used"),
        queryset=Tool.objects.only("pk", "title", "category").order_by("category", "title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    tags = TagsField(label=_("Tags"))
    attachments = MultipleFileField(
        label=_("Images and documents"), help_text=_("PDF or images (JPEG, PNG, GIF, WebP), 10 MB each at most.")
    )

    class Meta:
        model = CaseStudy
        fields = [
            "title", "summary", "countries", "river_basins", "region", "period_start", "period_end",
            "context", "actions", "outcomes", "lessons", "tools", "organisations", "contact",
        ]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 6, "class": "form-control"})
            for name in ("context", "actions", "outcomes", "lessons")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["countries"] = [str(c.code) for c in self.instance.countries]
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.SelectMultiple, forms.FileInput)) or isinstance(widget, forms.FileInput):
                widget.attrs.setdefault("class", "form-control")
        for name in ("period_start", "period_end"):
            self.fields[name].min_value = 1900
            self.fields[name].widget.attrs.update({"min": 1900, "max": 2100})

    def clean_period_start(self):
        return self._year("period_start")

    def clean_period_end(self):
        return self._year("period_end")

    def _year(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 1900 <= value <= 2100:
            raise forms.ValidationError(_("Enter a year between 1900 and 2100."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def case_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("tools", "tags", "attachments")}
        return data


class ReferenceForm(forms.ModelForm):
    tags = TagsField(label=_("Tags"))
    related_tools = forms.ModelMultipleChoiceField(
        label=_("Related tools"),
        queryset=Tool.objects.only("pk", "title").order_by("title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("PDF"), required=False, help_text=_("A PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf", "class": "form-control"}),
    )  # fmt: skip

    class Meta:
        model = Reference
        fields = ["title", "authors", "year", "publisher", "url", "summary", "related_tools", "status"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        self.fields["status"].choices = ReferenceStatus.choices
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.SelectMultiple):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1800 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 1800 and 2100."))
        return year


class ReviewForm(forms.Form):
    ACTIONS = [
        ("start_review", _("Start review")),
        ("comment", _("Comment to the author")),
        ("return", _("Return to the author for changes")),
        ("publish", _("Publish")),
        ("decline", _("Decline")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class PromoteForm(forms.Form):
    kind = forms.ChoiceField(choices=[("case_study", _("Case study")), ("reference", _("Reference"))])
