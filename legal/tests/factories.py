import factory
from django.utils import timezone

from legal.models import DocumentKind, LegalDocument


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    """A published version (pass published_at=None for a draft)."""

    class Meta:
        model = LegalDocument

    kind = DocumentKind.TERMS
    version = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: "Terms of use" if o.kind == DocumentKind.TERMS else "Privacy notice")
    body = "Be kind. Share what you may share."
    body_html = "<p>Be kind. Share what you may share.</p>"
    published_at = factory.LazyFunction(timezone.now)
