"""The Community Charter (step 2) and the follow-up plan (step 3)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.models.programmes import SHORT_MAX, TEXT_MAX, DesignProgramme


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
