"""Demo privacy notice and terms (version 1 of each), accepted by every demo member."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from legal.models import Acceptance, DocumentKind, LegalDocument
from markup import render_markdown

PRIVACY = """Action Hub keeps what you write in your profile, the communities you join, what you post
and the messages you send, so that the hub can work. Your email address is never shown to other
members.

## What you control

- **Who sees your profile:** everyone, signed-in members, or only members of your communities
  (Edit profile).
- **Your sessions:** see where you are signed in and sign out any of them (Sessions).
- **Export and deletion:** you can download your data or delete your account at any time.

## Contact

Write to the hub's team through the contact page.
"""

TERMS = """By using Action Hub you agree to:

1. be respectful and keep to each community's guidelines;
2. share only what you have the right to share;
3. keep your password (and your second factor, if you have one) to yourself.

Moderators may hide posts that break these terms; repeated breaches may lead to suspension.
"""


def seed(*, stdout):
    User = get_user_model()  # legal sits below accounts: the user model by reference only
    now = timezone.now()
    for kind, title, body in (
        (DocumentKind.PRIVACY, "Privacy notice", PRIVACY),
        (DocumentKind.TERMS, "Terms of use", TERMS),
    ):
        document, _created = LegalDocument.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"title": title, "body": body, "body_html": render_markdown(body), "published_at": now},
        )
        Acceptance.objects.bulk_create(
            [
                Acceptance(user_id=pk, document=document, via=Acceptance.Via.SIGNUP)
                for pk in User.objects.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
    stdout.write("Legal: privacy notice and terms v1.")
