"""Members: a custom user with email login and a public professional profile."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz or tz == "UTC"]


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia and research")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", _("Business")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class ProfileVisibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members of the hub")
    COMMUNITIES = "communities", _("Only members of my communities")


class HubUserManager(UserManager):
    """Creates users keyed by email; username is the public @handle."""

    def _create_user(self, username, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        username = username or email.split("@")[0]
        return super()._create_user(username, email, password, **extra_fields)

    def create_user(self, email=None, password=None, username=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, username=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member of the hub.  Logs in with ``email``; ``username`` is the @mention handle."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    job_title = models.CharField(_("role or job title"), max_length=120, blank=True)
    expertise = TaggableManager(_("expertise"), blank=True, help_text=_("Comma-separated topics."))
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Languages you work in, e.g. English, French.")
    )
    bio = models.TextField(_("about me"), max_length=5000, blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="UTC")
    allow_messages_from_anyone = models.BooleanField(
        _("allow private messages from any member"),
        default=False,
        help_text=_("Otherwise only people who share a community with you can message you."),
    )

    # Empty means "follow the browser": the hub's language choice for this member, used at
    # sign-in and for every email sent to them.
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    profile_visibility = models.CharField(
        _("who can see my profile"),
        max_length=12,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.EVERYONE,
    )

    # "Last seen" on the profile: refreshed at most every few minutes by LastSeenMiddleware,
    # shown only when the member lets others see their online status.
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    show_online_status = models.BooleanField(
        _("show when I was last online"),
        default=True,
        help_text=_("Others see on your profile when you last used the hub."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = HubUserManager()

    class Meta:
        ordering = ["display_name", "username"]
        indexes = [models.Index(fields=["country"]), models.Index(fields=["sector"])]

    def __str__(self):
        return self.display_name or self.username

    @property
    def name(self):
        return self.display_name or self.username

    @property
    def initials(self):
        parts = self.name.split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})
