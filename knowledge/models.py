"""Knowledge base: curated tools, references and member-submitted case studies."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

TEXT_MAX = 20_000


class Category(models.TextChoices):
    ENABLING_ENVIRONMENT = "enabling_environment", _("Enabling Environment")
    INSTITUTIONS = "institutions_participation", _("Institutions and Participation")
    MANAGEMENT_INSTRUMENTS = "management_instruments", _("Management Instruments")
    FINANCING = "financing", _("Financing")


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    MIDDLE_EAST = "middle_east", _("Middle East and North Africa")
    NORTH_AMERICA = "north_america", _("North America")
    OCEANIA = "oceania", _("Oceania")
    GLOBAL = "global", _("Global / multi-regional")


class Tool(models.Model):
    """A curated governance tool (written by staff)."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("description"), max_length=TEXT_MAX)
    body_html = models.TextField(blank=True, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, db_index=True)
    related_tools = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("related tools"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:tool-detail", kwargs={"slug": self.slug})


class ReferenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Reference(models.Model):
    """A publication or link; drafts come from promoted discussions and are seen by staff only."""

    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("PDF"), upload_to="knowledge/references/%Y/", blank=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    related_tools = models.ManyToManyField(Tool, blank=True, related_name="references", verbose_name=_("related tools"))
    status = models.CharField(max_length=10, choices=ReferenceStatus.choices, default=ReferenceStatus.PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:reference-detail", kwargs={"pk": self.pk})


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class CaseStudy(models.Model):
    """A member's structured account of what was done in a basin, and what came of it."""

    title = models.CharField(_("title"), max_length=200)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    river_basins = models.CharField(
        _("river basin(s)"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. Mekong, Tonle Sap.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    period_start = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    summary = models.CharField(_("one-sentence summary"), max_length=500, blank=True)
    context = models.TextField(_("context"), max_length=TEXT_MAX, blank=True)
    actions = models.TextField(_("actions taken"), max_length=TEXT_MAX, blank=True)
    outcomes = models.TextField(_("outcomes"), max_length=TEXT_MAX, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=TEXT_MAX, blank=True)
    context_html = models.TextField(blank=True, editable=False)
    actions_html = models.TextField(blank=True, editable=False)
    outcomes_html = models.TextField(blank=True, editable=False)
    lessons_html = models.TextField(blank=True, editable=False)
    tools = models.ManyToManyField(Tool, blank=True, related_name="case_studies", verbose_name=_("tools used"))
    organisations = models.CharField(_("organisations involved"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="case_studies"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True)
    decline_reason = models.TextField(blank=True)
    source_thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        verbose_name_plural = _("case studies")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:case-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == CaseStatus.PUBLISHED

    @property
    def basin_list(self):
        return [b.strip() for b in self.river_basins.split(",") if b.strip()]

    @property
    def period(self):
        if self.period_start and self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class CaseStudyAttachment(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="knowledge/cases/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.original_name


class CaseStudyEvent(models.Model):
    """History of a case study: each status change and each review comment."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=CaseStatus.choices, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case_study_id}: {self.from_status} -> {self.to_status}"
