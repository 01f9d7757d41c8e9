"""Step 2 workspaces: one saved set of rows per training module, and the Good Cases library."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.catalogue import ValueCycle
from training.models.programmes import SHORT_MAX, TEXT_MAX, DesignProgramme


class ElementCategory(models.TextChoices):
    ACTOR = "actor", _("Actor")
    WATER = "water", _("Water resource")
    DRIVER = "driver", _("Driver")
    PRESSURE = "pressure", _("Pressure")


class LinkType(models.TextChoices):
    USES = "uses", _("uses")
    MANAGES = "manages", _("manages / regulates")
    POLLUTES = "pollutes", _("pollutes / degrades")
    DRIVES = "drives", _("drives / causes")
    DEPENDS = "depends", _("depends on")
    COOPERATES = "cooperates", _("cooperates with")
    CONFLICTS = "conflicts", _("conflicts with")


class SystemElement(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="system_elements")
    category = models.CharField(_("category"), max_length=10, choices=ElementCategory.choices)
    name = models.CharField(_("name"), max_length=120)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="system_element_unique_name")]

    def __str__(self):
        return self.name


class SystemLink(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="system_links")
    source = models.ForeignKey(SystemElement, on_delete=models.CASCADE, related_name="+", verbose_name=_("from"))
    target = models.ForeignKey(SystemElement, on_delete=models.CASCADE, related_name="+", verbose_name=_("to"))
    link_type = models.CharField(_("relationship"), max_length=12, choices=LinkType.choices)

    class Meta:
        ordering = ["pk"]


class NodeKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class NetworkNode(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="network_nodes")
    name = models.CharField(_("name"), max_length=120)
    node_kind = models.CharField(_("type"), max_length=14, choices=NodeKind.choices, default=NodeKind.PERSON)
    organisation = models.CharField(_("organisation"), max_length=SHORT_MAX, blank=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    platforms = models.CharField(_("platforms they use"), max_length=300, blank=True, help_text=_("Comma-separated."))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="network_node_unique_name")]

    def __str__(self):
        return self.name


class NetworkTie(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="network_ties")
    source = models.ForeignKey(NetworkNode, on_delete=models.CASCADE, related_name="+", verbose_name=_("from"))
    target = models.ForeignKey(NetworkNode, on_delete=models.CASCADE, related_name="+", verbose_name=_("to"))
    platform = models.CharField(_("connected through"), max_length=80, blank=True)

    class Meta:
        ordering = ["pk"]


class ValueExpectation(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="value_expectations")
    cycle = models.CharField(_("value cycle"), max_length=14, choices=ValueCycle.choices)
    expected_value = models.TextField(_("value expected"), max_length=2000)
    indicators = models.TextField(_("indicators to watch"), max_length=2000, blank=True)

    class Meta:
        ordering = ["cycle", "pk"]


class ValueStory(models.Model):
    """A member's value-creation story, tagged by cycle (Wenger-Trayner)."""

    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="value_stories")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    cycle = models.CharField(_("value cycle"), max_length=14, choices=ValueCycle.choices)
    title = models.CharField(_("title"), max_length=SHORT_MAX)
    story = models.TextField(_("story"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class CommunityRole(models.TextChoices):
    CONVENOR = "convenor", _("Convenor / owner")
    MODERATOR = "moderator", _("Moderator")
    FACILITATOR = "facilitator", _("Facilitator")
    TECHNICAL = "technical", _("Technical support")
    CHAMPION = "champion", _("Champion")
    MEMBER = "member", _("Member")


class RoleAssignment(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=12, choices=CommunityRole.choices)
    responsibilities = models.TextField(_("responsibilities"), max_length=2000)
    person_name = models.CharField(_("person"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=0)

    class Meta:
        ordering = ["role", "pk"]


class ActivityKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    DISCUSSION = "discussion", _("Online discussion")
    PEER_ASSIST = "peer_assist", _("Peer assist")
    NEWSLETTER = "newsletter", _("Newsletter")
    FIELD_VISIT = "field_visit", _("Field visit")
    OTHER = "other", _("Other")


class ActivityFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Activity(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("activity"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=SHORT_MAX)
    focus = models.CharField(_("focus"), max_length=500, blank=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    owner = models.CharField(_("owner"), max_length=120)
    format = models.CharField(_("format"), max_length=10, choices=ActivityFormat.choices, default=ActivityFormat.ONLINE)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name_plural = _("activities")


class GoodCase(models.Model):
    """A staff-curated example community: how it was designed, launched and what it achieved."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("community"), max_length=SHORT_MAX)
    region = models.CharField(_("region"), max_length=120)
    convenors = models.CharField(_("convened by"), max_length=SHORT_MAX)
    summary = models.TextField(_("summary"), max_length=2000)
    design = models.TextField(_("how it was designed"), max_length=TEXT_MAX)
    launch = models.TextField(_("how it was launched"), max_length=TEXT_MAX)
    achievements = models.TextField(_("what it achieved"), max_length=TEXT_MAX)
    lessons = models.TextField(_("lessons"), max_length=TEXT_MAX, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:case-detail", kwargs={"slug": self.slug})


class CaseLink(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey(GoodCase, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    note = models.CharField(_("what we take from it"), max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "case"], name="caselink_unique")]


class LabItem(models.TextChoices):
    POST = "post", _("Post a thread or reply in the sandbox")
    PIN = "pin", _("Pin a thread")
    APPROVE = "approve", _("Approve a membership request")
    FLAG = "flag", _("Resolve a flagged post")


class LabTick(models.Model):
    """A manually ticked IT Lab item (only where the hub cannot detect it from real data)."""

    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="lab_ticks")
    item = models.CharField(max_length=10, choices=LabItem.choices)
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "item"], name="labtick_unique")]
