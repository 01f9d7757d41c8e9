from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from accounts.avatars import AVATAR_MAX_BYTES, check_avatar_size, prepare_avatar
from accounts.models import Sector, User
from hub import i18n
from legal.models import Acceptance
from legal.selectors import current_documents
from legal.services import acceptance_record

MAX_EXPERTISE_TAGS = 15
MAX_TAG_LENGTH = 50


def language_choices():
    """Offered languages, each named in its own language, after "follow my browser"."""

    return [("", _("Follow my browser"))] + [
        (code, get_language_info(code)["name_local"].capitalize()) for code in i18n.offered_languages()
    ]


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"), max_length=80, help_text=_("As other members will see it, e.g. Amina Diallo.")
    )

    accept_documents = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice."),
        required=True,
        error_messages={"required": _("Please accept the terms of use and the privacy notice to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        # The versions shown are the versions accepted (recorded in signup()).
        self.legal_documents = current_documents()
        if not self.legal_documents:
            del self.fields["accept_documents"]
        else:
            links = format_html_join(
                ", ",
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                ((d.get_absolute_url(), f"{d.title} (v{d.version})") for d in self.legal_documents),
            )
            self.fields["accept_documents"].help_text = format_html("{} {}", _("Please read:"), links)

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
        if self.legal_documents:
            acceptance_record(user=user, documents=self.legal_documents, via=Acceptance.Via.SIGNUP)


class AvatarField(forms.ImageField):
    """An image field that checks the byte size before anything is decoded; the image
    itself is checked and re-encoded once, in ``ProfileForm.clean_avatar``."""

    def to_python(self, data):
        if data not in self.empty_values:
            check_avatar_size(data)
        return forms.FileField.to_python(self, data)


class ProfileForm(forms.ModelForm):
    """A member's own profile.  Bind it to a fresh copy of the user: an invalid form
    must not leave half-applied values on ``request.user``."""

    expertise = TagField(
        label=_("Expertise"),
        required=False,
        help_text=_("Comma-separated topics, e.g. groundwater, river basin planning, WASH."),
    )
    avatar = AvatarField(
        label=_("Profile picture"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP, up to 2 MB and 4000×4000 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my current picture"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language of the hub"),
        required=False,
        help_text=_("Used when you sign in and for every email and notification the hub sends you."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "job_title",
            "organisation",
            "sector",
            "country",
            "expertise",
            "languages",
            "bio",
            "avatar",
            "timezone",
            "allow_messages_from_anyone",
            "show_online_status",
            "preferred_language",
            "profile_visibility",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 8}), "profile_visibility": forms.RadioSelect}
        help_texts = {"bio": _("Markdown is supported: **bold**, *italic*, lists and links. Up to 5,000 characters.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        choices = language_choices()
        current = self.instance.preferred_language if self.instance.pk else ""
        if current and current not in dict(choices) and current in dict(settings.LANGUAGES):
            # A language set while it was offered (or by the staff) stays selectable.
            choices.append((current, get_language_info(current)["name_local"].capitalize()))
        self.fields["preferred_language"].choices = choices
        # Left out of a submission (an older page): keep the member's current choice.
        self.fields["profile_visibility"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["expertise"] = edit_string_for_tags(list(self.instance.expertise.all()))
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}_help")
        self.fields["avatar"].widget.attrs["data-max-bytes"] = AVATAR_MAX_BYTES

    def clean_expertise(self):
        tags = self.cleaned_data.get("expertise") or []
        tags = [t.strip() for t in tags if t.strip()]
        if len(tags) > MAX_EXPERTISE_TAGS:
            raise forms.ValidationError(_("Please list at most %(n)s topics.") % {"n": MAX_EXPERTISE_TAGS})
        too_long = [t for t in tags if len(t) > MAX_TAG_LENGTH]
        if too_long:
            raise forms.ValidationError(_("Each topic can be at most %(n)s characters long.") % {"n": MAX_TAG_LENGTH})
        seen, unique = set(), []
        for tag in tags:
            if tag.lower() not in seen:
                seen.add(tag.lower())
                unique.append(tag)
        return unique

    def clean_profile_visibility(self):
        return self.cleaned_data.get("profile_visibility") or self.instance.profile_visibility

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        # An unchanged field hands back the stored file; only a new upload is processed.
        if upload and hasattr(upload, "content_type"):
            return prepare_avatar(upload)
        return None


class DirectoryFilterForm(forms.Form):
    """Search and filters of the member directory (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("All countries")), *names]

    @property
    def filters(self):
        """The cleaned filters, or no filters at all when the input is invalid."""
        if not self.is_valid():
            return {"q": "", "country": "", "sector": ""}
        return {key: self.cleaned_data.get(key) or "" for key in ("q", "country", "sector")}
