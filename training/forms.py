"""Forms of the design programme: each validates and explains its errors."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityKind
from communities.permissions import communities_listed_for
from training.catalogue import MODULE_CHOICES
from training.models import (
    Activity,
    CaseLink,
    CharterDraft,
    Consultation,
    GoodCase,
    IntakeQuestionnaire,
    Milestone,
    NetworkNode,
    NetworkTie,
    ProposalKind,
    RoleAssignment,
    SystemElement,
    SystemLink,
    TrainingSession,
    ValueExpectation,
    ValueStory,
)


class StyledMixin:
    """Bootstrap classes on every widget, so templates can render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProposalForm(StyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What would you like to do?"), choices=ProposalKind.choices,
                             widget=forms.RadioSelect, initial=ProposalKind.NEW)  # fmt: skip
    organisation = forms.CharField(label=_("Your organisation"), max_length=200)
    proposed_name = forms.CharField(label=_("Proposed community name"), max_length=120)
    topic = forms.CharField(label=_("Topic"), max_length=200,
                            help_text=_("e.g. transboundary groundwater, urban flood resilience"))  # fmt: skip
    summary = forms.CharField(label=_("Why this community, and for whom?"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    existing_community = forms.ModelChoiceField(
        label=_("Community you would like to co-convene"), required=False, queryset=Community.objects.none()
    )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing_community"].queryset = communities_listed_for(
            viewer, Community.objects.active().filter(kind=CommunityKind.REGULAR)
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ProposalKind.CO_CONVENE and not data.get("existing_community"):
            self.add_error("existing_community", _("Choose the community you would like to co-convene."))
        return data


class EmailListField(forms.CharField):
    """Comma- or line-separated emails of existing accounts."""

    widget = forms.Textarea(attrs={"rows": 2})

    def clean(self, value):
        value = super().clean(value)
        emails = [e.strip().lower() for e in value.replace(",", "\n").split("\n") if e.strip()]
        users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails, is_active=True)}
        missing = [e for e in emails if e not in users]
        if missing:
            raise forms.ValidationError(_("No account with: %(emails)s") % {"emails": ", ".join(missing[:10])})
        return list(users.values())


class PeopleForm(StyledMixin, forms.Form):
    leaders = EmailListField(label=_("Leaders (emails)"), max_length=5000)
    experts = EmailListField(label=_("Assigned staff experts (emails)"), max_length=5000, required=False)


class IntakeForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = IntakeQuestionnaire
        fields = ["motivation", "purpose", "audience", "expectations", "needs", "constraints", "existing_networks"]


class ConsultationForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["held_on", "participants", "motivation", "purpose", "expectations", "needs", "limitations"]
        widgets = {"held_on": DateInput()}


class TailorForm(StyledMixin, forms.Form):
    modules = forms.MultipleChoiceField(label=_("Modules"), choices=MODULE_CHOICES,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    days = forms.TypedChoiceField(label=_("Length of the training"), coerce=int,
                                  choices=[(1, _("1 day")), (2, _("2 days")), (3, _("3 days"))])  # fmt: skip
    notes = forms.CharField(label=_("Why this tailoring"), max_length=5000, required=False, widget=forms.Textarea)


class SessionForm(StyledMixin, forms.ModelForm):
    link = forms.URLField(label=_("video call link"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = TrainingSession
        fields = ["title", "day", "starts_at", "duration_minutes", "link"]
        widgets = {"starts_at": DateTimeInput()}


class ProgrammeItemForm(StyledMixin, forms.ModelForm):
    """A workspace row; choices of linked rows are limited to the same programme."""

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme


class ElementForm(ProgrammeItemForm):
    class Meta:
        model = SystemElement
        fields = ["category", "name", "notes"]


class LinkForm(ProgrammeItemForm):
    class Meta:
        model = SystemLink
        fields = ["source", "link_type", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            self.fields[name].queryset = SystemElement.objects.filter(programme=self.programme)

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("A relationship links two different elements."))
        return data


class NodeForm(ProgrammeItemForm):
    class Meta:
        model = NetworkNode
        fields = ["name", "node_kind", "organisation", "sector", "country", "platforms"]


class TieForm(ProgrammeItemForm):
    class Meta:
        model = NetworkTie
        fields = ["source", "target", "platform"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            self.fields[name].queryset = NetworkNode.objects.filter(programme=self.programme)

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("A connection links two different people or organisations."))
        return data


class ExpectationForm(ProgrammeItemForm):
    class Meta:
        model = ValueExpectation
        fields = ["cycle", "expected_value", "indicators"]


class RoleForm(ProgrammeItemForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "person_name", "email", "hours_per_week", "responsibilities"]

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours < 0 or hours > 60:
            raise forms.ValidationError(_("Between 0 and 60 hours a week."))
        return hours


class CaseLinkForm(ProgrammeItemForm):
    class Meta:
        model = CaseLink
        fields = ["case", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = GoodCase.objects.filter(is_published=True)


class ActivityForm(ProgrammeItemForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "focus", "starts_on", "ends_on", "owner", "format"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date comes after the start date."))
        return data


ITEM_FORMS = {
    "element": ElementForm,
    "link": LinkForm,
    "node": NodeForm,
    "tie": TieForm,
    "expectation": ExpectationForm,
    "role": RoleForm,
    "caselink": CaseLinkForm,
    "activity": ActivityForm,
}


class CharterDraftForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = CharterDraft
        fields = ["description", "objectives", "topics"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 5}), "description": forms.Textarea(attrs={"rows": 5})}

    def clean_objectives(self):
        value = self.cleaned_data["objectives"]
        if not [line for line in value.splitlines() if line.strip(" -*\t")]:
            raise forms.ValidationError(_("Write at least one objective."))
        return value


class ReviewForm(StyledMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the charter")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment to the leaders"), max_length=5000, required=False,
                              widget=forms.Textarea)  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not data.get("comment", "").strip():
            self.add_error("comment", _("Tell the leaders what to change."))
        return data


class MilestoneForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "owner", "status", "evidence"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = list(programme.leaders.values_list("pk", flat=True)) + list(
            programme.experts.values_list("pk", flat=True)
        )
        self.fields["owner"].queryset = get_user_model().objects.filter(pk__in=ids).order_by("display_name")
        self.fields["owner"].label_from_instance = lambda u: u.name


class CommentForm(StyledMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)
    milestone = forms.ModelChoiceField(label=_("About the milestone (optional)"), required=False,
                                       queryset=Milestone.objects.none())  # fmt: skip

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["milestone"].queryset = programme.milestones.all()


class ValueStoryForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ValueStory
        fields = ["cycle", "title", "story"]
        widgets = {"story": forms.Textarea(attrs={"rows": 5})}


class GoodCaseForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = GoodCase
        fields = ["title", "slug", "region", "convenors", "summary", "design", "launch", "achievements", "lessons",
                  "is_published"]  # fmt: skip
