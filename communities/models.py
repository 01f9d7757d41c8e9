"""Communities of Practice and who belongs to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read, members post")
    PRIVATE = "private", _("Private: listed, only members read")
    HIDDEN = "hidden", _("Hidden: unlisted, invitation only")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone can join")
    REQUEST = "request", _("By request: moderators approve")
    INVITE = "invite", _("By invitation only")


class CommunityKind(models.TextChoices):
    REGULAR = "regular", _("Community of Practice")
    MODERATORS = "moderators", _("Community for Moderators")
    SANDBOX = "sandbox", _("Training sandbox")


class CommunityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def listed(self):
        return self.exclude(visibility=Visibility.HIDDEN)


class Community(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    # The community's charter (purpose, scope, ways of working), rendered HTML; the design
    # programme may set it once the charter is agreed.
    charter_html = models.TextField(_("charter"), blank=True)
    topics = TaggableManager(_("topics"), blank=True)
    # An optional picture for the community's header and cards, validated and re-encoded
    # like avatars (communities.banners); public like avatars (served by the media-avatar route).
    banner = models.ImageField(_("banner"), upload_to="avatars/communities/", blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_policy = models.CharField(_("join policy"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    kind = models.CharField(_("kind"), max_length=12, choices=CommunityKind.choices, default=CommunityKind.REGULAR)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Moderation knobs (used by moderation/ and discussions/ services).
    premoderate_first_posts = models.PositiveSmallIntegerField(
        _("pre-moderate a new member's first posts"), default=0, help_text=_("0 turns pre-moderation off.")
    )
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode (seconds between posts)"), default=0)
    flags_to_hide = models.PositiveSmallIntegerField(_("flags that hide a post pending review"), default=3)
    # Denormalised counters, updated with F() in the writing transaction.
    member_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("communities")
        ordering = ["name"]
        indexes = [models.Index(fields=["visibility", "-last_activity_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})

    @property
    def initials(self):
        """Up to two letters standing for the community where it has no banner."""
        words = [w for w in self.name.split() if w[:1].isalnum()]
        return "".join(w[0] for w in words[:2]).upper() or "?"

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC


class Partner(models.Model):
    """A convening organisation of a community (communities are co-convened)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=150)
    url = models.URLField(_("website"), blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True, help_text=_("e.g. co-convenor, host, funder"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    OWNER = "owner", _("Owner")


ROLE_RANK = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.OWNER: 3}
# The roles that run a community (moderation queue, join requests, flags).
STAFF_ROLES = (Role.MODERATOR, Role.OWNER)


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Requested")
    ACTIVE = "active", _("Active")
    INVITED = "invited", _("Invited")
    BANNED = "banned", _("Banned")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Declined")


class NotificationLevel(models.TextChoices):
    WATCH = "watch", _("Watching: every new post")
    NORMAL = "normal", _("Normal: replies and mentions")
    MUTE = "mute", _("Muted")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def staff_roles(self):
        """Moderators and owners, whatever their status."""
        return self.filter(role__in=STAFF_ROLES)

    def moderators(self):
        """Active moderators and owners: the people who run a community."""
        return self.active().staff_roles()


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    notification_level = models.CharField(
        max_length=10, choices=NotificationLevel.choices, default=NotificationLevel.NORMAL
    )
    digest_frequency = models.CharField(max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY)
    request_message = models.TextField(_("message to the moderators"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    # Set by moderation: a community suspension (None = not suspended; far future = permanent).
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Pre-moderation: how many of this member's posts have been approved/published.
    approved_post_count = models.PositiveIntegerField(default=0)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="membership_unique_user_community")]
        indexes = [
            models.Index(fields=["community", "status", "role"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.role}, {self.status})"

    @property
    def is_active(self):
        return self.status == MembershipStatus.ACTIVE

    @property
    def rank(self):
        return ROLE_RANK.get(self.role, 0) if self.is_active else 0

    def is_suspended(self, now=None):
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())

    @property
    def suspension_is_open_ended(self):
        """A suspension "until a moderator lifts it" (stored decades ahead) rather than a date."""
        return self.suspended_until is not None and self.suspended_until.year - timezone.now().year > 50


class InvitationKind(models.TextChoices):
    EMAIL = "email", _("For one email address")
    LINK = "link", _("Anyone with the link")


class Invitation(models.Model):
    """An invitation into a community, behind a signed, expiring link.

    ``email``: sent to one address, accepted once and only by an account that has verified
    that address.  ``link``: made by an owner to share, accepted by anyone signed in who holds
    it, until it expires or ``max_uses`` people have joined through it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=5, choices=InvitationKind.choices, default=InvitationKind.EMAIL)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="email") & ~models.Q(email="") & models.Q(max_uses__isnull=True))
                | (models.Q(kind="link", email="", max_uses__gte=1)),
                name="invitation_kind_fields",
            )
        ]

    def __str__(self):
        if self.kind == InvitationKind.LINK:
            return f"Link invitation to {self.community}"
        return f"Invitation of {self.email} to {self.community}"

    @property
    def is_link(self):
        return self.kind == InvitationKind.LINK

    @property
    def uses_left(self):
        return max((self.max_uses or 0) - self.use_count, 0) if self.is_link else int(self.accepted_at is None)

    def is_usable(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None or self.expires_at <= now:
            return False
        if self.is_link:
            return self.use_count < (self.max_uses or 0)
        return self.accepted_at is None
