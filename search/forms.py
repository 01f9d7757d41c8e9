"""The search form: the query text plus filters, validated before anything is queried."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.permissions import communities_visible_to
from search.query import MAX_QUERY_LENGTH
from search.selectors import PostFilters

SORT_CHOICES = [("relevance", _("Best match")), ("newest", _("Newest"))]
TYPE_CHOICES = [("posts", _("Discussions")), ("communities", _("Communities")), ("members", _("Members"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "max_length": _("Searches are limited to %(limit_value)d characters (yours has %(show_value)d).")
        },
    )
    type = forms.ChoiceField(label=_("Show"), choices=TYPE_CHOICES, required=False, widget=forms.HiddenInput)
    community = forms.ChoiceField(
        label=_("Community"),
        required=False,
        error_messages={"invalid_choice": _("There is no community with that address that you can read.")},
    )
    author = forms.CharField(label=_("Author (@handle)"), required=False, max_length=150)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        # One query for the options; validation picks from the same list (no second query).
        self.communities = {
            c.slug: c for c in communities_visible_to(viewer).only("pk", "slug", "name").order_by("name")
        }
        self.fields["community"].choices = [("", _("All communities"))] + [
            (slug, c.name) for slug, c in self.communities.items()
        ]
        for name, field in self.fields.items():
            if name in ("q", "type"):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_community(self):
        slug = self.cleaned_data["community"]
        return self.communities.get(slug) if slug else None

    def clean_author(self):
        handle = self.cleaned_data["author"].strip().lstrip("@")
        if not handle:
            return None
        author = User.objects.filter(username__iexact=handle, is_active=True).first()
        if author is None:
            raise forms.ValidationError(_("There is no member with the handle @%(handle)s."), params={"handle": handle})
        return author

    def clean_tag(self):
        return self.cleaned_data["tag"].strip().lstrip("#")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> PostFilters:
        data = self.cleaned_data
        return PostFilters(
            community=data.get("community"),
            author=data.get("author"),
            tag=data.get("tag") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
        )
