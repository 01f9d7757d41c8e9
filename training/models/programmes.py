"""Programmes, step 1 (intake, consultations) and training sessions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
