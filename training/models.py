"""The CoP design programme: from a proposal to a launched, supported community.

Step 1 (preparatory): intake questionnaire + consultations, then staff tailor the training.
Step 2 (training): agenda, attendance and one saved workspace per module, assembled into
a versioned Community Charter.  Launch: a community made from the approved charter.
Step 3 (support): follow-up milestones and staff advice.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.catalogue import MODULE_CHOICES, ValueCycle

TEXT_MAX = 5000
SHORT_MAX = 200


class ProgrammeStage(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting staff")
    PREPARATORY = "preparatory", _("Step 1: preparatory phase")
    TRAINING = "training", _("Step 2: training")
    LAUNCHED = "launched", _("Launched: guidance and support")
    CLOSED = "closed", _("Closed")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ProposalKind(models.TextChoices):
    NEW = "new", _("Start a new Community of Practice")
    CO_CONVENE = "co_convene", _("Co-convene an existing community")


class DesignProgramme(models.Model):
    """One prospective community going through the three-step methodology."""

    organisation = models.CharField(_("organisation"), max_length=SHORT_MAX)
    proposed_name = models.CharField(_("proposed community name"), max_length=120)
    topic = models.CharField(_("topic"), max_length=SHORT_MAX)
    summary = models.TextField(_("what the community is for"), max_length=TEXT_MAX, blank=True)
    kind = models.CharField(_("proposal"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.NEW)
    existing_community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("existing community"),
    )  # fmt: skip
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_programmes", blank=True)
    experts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="assisted_programmes", blank=True)
    stage = models.CharField(max_length=12, choices=ProgrammeStage.choices, default=ProgrammeStage.PROPOSED)
    preparatory_status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    training_status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    support_status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    # Tailoring (end of step 1).
    modules = models.JSONField(default=list, blank=True)
    training_days = models.PositiveSmallIntegerField(default=1)
    tailoring_notes = models.TextField(max_length=TEXT_MAX, blank=True)
    # Launch.
    community = models.OneToOneField(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="design_programme"
    )
    sandbox = models.OneToOneField(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="sandbox_programme"
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "-created_at"])]

    def __str__(self):
        return self.proposed_name

    def get_absolute_url(self):
        return reverse("training:programme-detail", kwargs={"pk": self.pk})

    @property
    def steps(self):
        return [
            (_("Preparatory phase"), self.preparatory_status, self.get_preparatory_status_display()),
            (_("Training"), self.training_status, self.get_training_status_display()),
            (_("Guidance and support"), self.support_status, self.get_support_status_display()),
        ]


class IntakeQuestionnaire(models.Model):
    """Filled in online by the leaders before the first consultation."""

    programme = models.OneToOneField(DesignProgramme, on_delete=models.CASCADE, related_name="intake")
    motivation = models.TextField(_("Why do you want a Community of Practice?"), max_length=TEXT_MAX)
    purpose = models.TextField(_("What should it achieve in its first two years?"), max_length=TEXT_MAX)
    audience = models.TextField(_("Who should take part?"), max_length=TEXT_MAX)
    expectations = models.TextField(_("What do you expect from the hub and the training?"), max_length=TEXT_MAX)
    needs = models.TextField(_("What support do you need?"), max_length=TEXT_MAX, blank=True)
    constraints = models.TextField(
        _("What could limit the community (time, budget, politics, language)?"), max_length=TEXT_MAX, blank=True
    )
    existing_networks = models.TextField(
        _("Which networks or platforms do your people already use?"), max_length=TEXT_MAX, blank=True
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class Consultation(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"), max_length=2000)
    motivation = models.TextField(_("motivation"), max_length=TEXT_MAX, blank=True)
    purpose = models.TextField(_("purpose"), max_length=TEXT_MAX, blank=True)
    expectations = models.TextField(_("expectations"), max_length=TEXT_MAX, blank=True)
    needs = models.TextField(_("needs"), max_length=TEXT_MAX, blank=True)
    limitations = models.TextField(_("limits of the CoP approach"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "pk"]

    NOTE_FIELDS = ("motivation", "purpose", "expectations", "needs", "limitations")


class SessionAudience(models.TextChoices):
    LEADERS = "leaders", _("Community leaders of this programme")
    MODERATORS = "moderators", _("All moderators and leaders")


class TrainingSession(models.Model):
    """A live training session (a programme's training day, or an open session for moderators)."""

    programme = models.ForeignKey(
        DesignProgramme, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=SHORT_MAX)
    day = models.PositiveSmallIntegerField(_("training day"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=180)
    link = models.URLField(_("video call link"), blank=True)
    audience = models.CharField(max_length=12, choices=SessionAudience.choices, default=SessionAudience.LEADERS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["audience", "starts_at"])]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_unique")]


# --- Workspaces (step 2) ---------------------------------------------------------------------


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


# --- Charter -----------------------------------------------------------------------------------


class CharterDraft(models.Model):
    """What the leaders write themselves; the rest of the charter comes from the workspaces."""

    programme = models.OneToOneField(DesignProgramme, on_delete=models.CASCADE, related_name="charter_draft")
    objectives = models.TextField(_("objectives"), max_length=TEXT_MAX, help_text=_("One objective per line."))
    description = models.TextField(_("community description"), max_length=TEXT_MAX)
    topics = models.CharField(_("topics"), max_length=300, blank=True, help_text=_("Comma-separated."))
    updated_at = models.DateTimeField(auto_now=True)


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    CHANGES = "changes", _("Changes requested")
    APPROVED = "approved", _("Approved")


class CharterVersion(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)  # snapshot: objectives, description, topics, audience, activities, roles
    text = models.TextField()  # plain-text rendering (diffs, the welcome thread)
    status = models.CharField(max_length=10, choices=CharterStatus.choices, default=CharterStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="charter_version_unique")]

    def __str__(self):
        return f"{self.programme} charter v{self.number}"

    def get_absolute_url(self):
        return reverse("training:charter-version", kwargs={"pk": self.programme_id, "number": self.number})


# --- Step 3 ----------------------------------------------------------------------------------


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class Milestone(models.Model):
    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=SHORT_MAX)
    due_on = models.DateField(_("due date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=MilestoneStatus.choices, default="planned")
    evidence = models.TextField(_("evidence"), max_length=TEXT_MAX, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.status == MilestoneStatus.DONE

    def is_overdue(self, today=None):
        return not self.is_done and self.due_on < (today or timezone.localdate())


class ProgrammeComment(models.Model):
    """Staff advice and leaders' replies (on the programme, a milestone or a charter version)."""

    programme = models.ForeignKey(DesignProgramme, on_delete=models.CASCADE, related_name="comments")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    charter_version = models.ForeignKey(
        CharterVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


__all__ = ["MODULE_CHOICES"]
