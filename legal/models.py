"""The privacy notice and the terms of use, versioned, and who accepted which version."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy notice")
    TERMS = "terms", _("Terms of use")


class LegalDocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class LegalDocument(models.Model):
    """One version of the privacy notice or of the terms.  Written by staff as a draft;
    once published it is never edited again: a change is a new version."""

    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), max_length=100_000, help_text=_("Markdown."))
    body_html = models.TextField(blank=True, editable=False)
    changes = models.TextField(
        _("what changed"), max_length=2000, blank=True, help_text=_("Shown to members who are asked to accept again.")
    )
    requires_acceptance = models.BooleanField(
        _("members must accept this version"),
        default=True,
        help_text=_("Untick for a correction that changes nothing of substance (typos, links)."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy or terms document")
        verbose_name_plural = _("privacy and terms documents")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="legal_document_kind_version")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    def get_absolute_url(self):
        return reverse("legal:document-version", kwargs={"kind": self.kind, "version": self.version})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Acceptance(models.Model):
    """A member accepted one version of a document (at sign-up or when asked later)."""

    class Via(models.TextChoices):
        SIGNUP = "signup", _("sign-up")
        PROMPT = "prompt", _("asked after a new version")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_acceptances")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="acceptances")
    via = models.CharField(max_length=10, choices=Via.choices)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance")
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="legal_acceptance_once")]

    def __str__(self):
        return f"{self.user} accepted {self.document}"
