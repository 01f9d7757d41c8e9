"""Parsing and validating input for the community pages."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from accounts.avatars import AVATAR_MAX_BYTES
from accounts.forms import AvatarField
from communities.banners import prepare_banner
from communities.models import Community, JoinPolicy, Partner, Role, Visibility
from communities.services import RESERVED_SLUGS

SORT_CHOICES = [
    ("active", _("Most active")),
    ("newest", _("Newest")),
    ("largest", _("Largest")),
    ("name", _("Name")),
]
MAX_TOPICS, MAX_TOPIC_LENGTH = 10, 50


def _clean_topics(topics):
    topics = [t.strip() for t in topics or [] if t.strip()]
    if len(topics) > MAX_TOPICS:
        raise forms.ValidationError(_("Use at most %(n)d topics.") % {"n": MAX_TOPICS})
    for topic in topics:
        if len(topic) > MAX_TOPIC_LENGTH:
            raise forms.ValidationError(_("Keep each topic under %(n)d characters.") % {"n": MAX_TOPIC_LENGTH})
        if "\x00" in topic:
            raise forms.ValidationError(_("Null characters are not allowed."))
    return topics


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search communities"), max_length=200, required=False)
    topic = forms.SlugField(label=_("Topic"), max_length=100, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def values(self):
        """Valid values, falling back to defaults for anything malformed."""
        if self.is_valid():
            data = self.cleaned_data
            return data["q"], data["topic"], data["sort"] or "active"
        return "", "", "active"


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search members"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False)

    def values(self):
        if self.is_valid():
            return self.cleaned_data["q"], self.cleaned_data["role"]
        return "", ""


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        help_text=_("A line about your work and what you hope to share or learn helps the moderators."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"class": "form-control"})
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.MEMBER, Role.MEMBER.label), (Role.MODERATOR, Role.MODERATOR.label)],
        initial=Role.MEMBER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, can_invite_moderators=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_invite_moderators:
            self.fields["role"].choices = [(Role.MEMBER, Role.MEMBER.label)]


class InvitationLinkForm(forms.Form):
    """An owner's "anyone with this link" invitation."""

    days = forms.TypedChoiceField(
        label=_("Link works for"),
        coerce=int,
        choices=[(1, _("1 day")), (3, _("3 days")), (7, _("7 days")), (14, _("14 days")), (30, _("30 days"))],
        initial=7,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    max_uses = forms.IntegerField(
        label=_("How many people may join with it"),
        min_value=1,
        max_value=500,
        initial=20,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class DecisionForm(forms.Form):
    """Approve or decline one or many join requests."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={"required": _("Select a request.")})

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(m.pk, str(m.pk)) for m in pending]
        self.fields["ids"].error_messages["invalid_choice"] = _(
            "One of the selected requests was already handled or does not exist. Please review the list."
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class CommunityFieldsMixin:
    def clean_topics(self):
        return _clean_topics(self.cleaned_data.get("topics"))


_WIDGETS = {
    "name": forms.TextInput(attrs={"class": "form-control"}),
    "tagline": forms.TextInput(attrs={"class": "form-control"}),
    "description": forms.Textarea(attrs={"class": "form-control", "rows": 8}),
    "visibility": forms.Select(attrs={"class": "form-select"}),
    "join_policy": forms.Select(attrs={"class": "form-select"}),
    "premoderate_first_posts": forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 20}),
    "slow_mode_seconds": forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 86400}),
    "flags_to_hide": forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 50}),
}


class CommunitySettingsForm(CommunityFieldsMixin, forms.ModelForm):
    topics = TagField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated, e.g. groundwater, drought, water governance."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    premoderate_first_posts = forms.IntegerField(
        label=_("Pre-moderate a new member's first posts"),
        min_value=0,
        max_value=20,
        help_text=_("0 turns pre-moderation off."),
        widget=_WIDGETS["premoderate_first_posts"],
    )
    slow_mode_seconds = forms.IntegerField(
        label=_("Slow mode (seconds between posts)"),
        min_value=0,
        max_value=86400,
        help_text=_("0 turns slow mode off."),
        widget=_WIDGETS["slow_mode_seconds"],
    )
    flags_to_hide = forms.IntegerField(
        label=_("Flags that hide a post pending review"), min_value=1, max_value=50, widget=_WIDGETS["flags_to_hide"]
    )
    # Not a model field of the form: the service stores the re-encoded file (see clean_banner).
    banner = AvatarField(
        label=_("Banner image"),
        required=False,
        help_text=_("Shown on the community's page and card. JPEG, PNG, GIF or WebP, up to 2 MB and 4000×4000 pixels."),
        widget=forms.FileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/gif,image/webp",
                   "data-max-bytes": AVATAR_MAX_BYTES}
        ),
    )  # fmt: skip
    remove_banner = forms.BooleanField(label=_("Remove the banner"), required=False)

    class Meta:
        model = Community
        fields = [
            "name",
            "tagline",
            "description",
            "topics",
            "visibility",
            "join_policy",
            "premoderate_first_posts",
            "slow_mode_seconds",
            "flags_to_hide",
        ]
        widgets = _WIDGETS
        help_texts = {"description": _("Markdown. Who the community is for, what it works on, how it works.")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("A community needs a name."))
        return name

    def clean_banner(self):
        upload = self.cleaned_data.get("banner")
        # Only a new upload is processed (and re-encoded); nothing chosen keeps the banner.
        if upload and hasattr(upload, "content_type"):
            return prepare_banner(upload)
        return None


class PartnerForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control"}),
    )

    class Meta:
        model = Partner
        fields = ["name", "url", "role", "position"]


PartnerFormSet = inlineformset_factory(
    Community,
    Partner,
    form=PartnerForm,
    fields=["name", "url", "role", "position"],
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
    widgets={
        "name": forms.TextInput(attrs={"class": "form-control"}),
        "role": forms.TextInput(attrs={"class": "form-control"}),
        "position": forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100}),
    },
)


class CommunityCreateForm(CommunityFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, widget=_WIDGETS["name"])
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Letters, digits and hyphens; left empty, it is made from the name."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False, widget=_WIDGETS["tagline"])
    description = forms.CharField(
        label=_("Description"), max_length=20000, required=False, widget=_WIDGETS["description"]
    )
    topics = TagField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, widget=_WIDGETS["visibility"])
    join_policy = forms.ChoiceField(label=_("Join policy"), choices=JoinPolicy.choices, widget=_WIDGETS["join_policy"])
    owner = forms.CharField(
        label=_("First owner"),
        max_length=254,
        required=False,
        help_text=_("Email or @handle of the member who will run it; empty makes you the owner."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("A community needs a name."))
        return name

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "").lower()
        if slug and (slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists()):
            raise forms.ValidationError(_("This address is already taken."))
        return slug

    def clean_owner(self):
        value = self.cleaned_data.get("owner", "").strip().lstrip("@")
        if not value:
            return None
        user = (
            get_user_model().objects.filter(Q(email__iexact=value) | Q(username__iexact=value), is_active=True).first()
        )
        if user is None:
            raise forms.ValidationError(_("No active member has this email or handle."))
        return user
