"""Every write to a member's profile."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from hub.effects import on_commit
from markup import render_markdown
from remoteimages.services import localise_later

logger = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "display_name",
    "job_title",
    "organisation",
    "sector",
    "country",
    "languages",
    "bio",
    "timezone",
    "show_online_status",
    "allow_messages_from_anyone",
    "preferred_language",
    "profile_visibility",
)


def profile_update(*, actor, user, expertise=None, avatar=None, remove_avatar=False, **fields) -> User:
    """Update a member's profile: plain fields, expertise tags, bio HTML and avatar.

    ``avatar`` is an already validated, re-encoded file (see accounts.avatars) or None to
    keep the current one.  The replaced picture is deleted from storage after commit.
    """
    if actor.pk != user.pk and not actor.is_staff:
        raise PermissionDenied
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for name, value in fields.items():
            setattr(user, name, value)
        if "bio" in fields:
            user.bio_html = render_markdown(user.bio)
        old_avatar_name = user.avatar.name if user.avatar else ""
        if avatar is not None:
            user.avatar.save(avatar.name, avatar, save=False)
        elif remove_avatar:
            user.avatar = ""
        user.save()
        if "bio" in fields:
            localise_later(user)
        if expertise is not None:
            user.expertise.set(list(expertise), clear=False)
        new_avatar_name = user.avatar.name if user.avatar else ""
        if old_avatar_name and old_avatar_name != new_avatar_name:
            storage = user.avatar.storage
            on_commit(_delete_file, storage, old_avatar_name)
    return user


def _delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete replaced avatar %s", name)
