"""Drafts: what a member typed and has not posted yet, kept on the server as they type."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import permissions as dp
from discussions.models import BODY_MAX, TITLE_MAX, Draft
from discussions.services.rules import PostingError


def _scope(*, user, community, thread):
    return Draft.objects.filter(user=user, community=community, thread=thread)


def draft_save(*, user, community, thread=None, body="", title="", reply_to_number=None) -> Draft | None:
    """Create or update the member's draft here; an empty draft is deleted instead (None)."""
    if not dp.can_keep_draft(user, community=community, thread=thread):
        raise PostingError(_("You cannot post here, so no draft is kept."), status=403)
    body = (body or "").replace("\x00", "")
    title = (title or "").replace("\x00", "").strip()
    if len(body) > BODY_MAX:
        raise PostingError(_("A post is limited to %(n)d characters.") % {"n": BODY_MAX}, field="body")
    if len(title) > TITLE_MAX:
        raise PostingError(_("A title is limited to %(n)d characters.") % {"n": TITLE_MAX}, field="title")
    if not body.strip() and not title:
        draft_discard(user=user, community=community, thread=thread)
        return None
    values = {"body": body, "title": title, "reply_to_number": reply_to_number, "updated_at": timezone.now()}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                draft, _created = _scope(user=user, community=community, thread=thread).update_or_create(
                    user=user, community=community, thread=thread, defaults=values
                )
            return draft
        except IntegrityError:  # two saves raced to create it: the second updates
            continue
    raise PostingError(_("The draft could not be saved; please try again."), status=409)


def draft_discard(*, user, community, thread=None) -> None:
    """Forget the member's draft here (posting or "Discard")."""
    _scope(user=user, community=community, thread=thread).delete()
