"""Creating, configuring and archiving communities."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from communities import permissions as perms
from communities.access import community_access_changed
from communities.models import (
    Community,
    CommunityKind,
    JoinPolicy,
    Role,
    Visibility,
)
from communities.services._rows import RESERVED_SLUGS, moderators_community_sync_all
from communities.services.memberships import membership_add
from hub.effects import on_commit
from markup import render_markdown, sanitise
from remoteimages.services import localise_later

logger = logging.getLogger(__name__)


# --- Communities -----------------------------------------------------------------------------


def community_unique_slug(name: str, slug: str | None = None) -> str:
    """A free slug from ``slug`` or the name (``river-restoration-2`` when taken)."""
    base = slugify(slug or name)[:70].strip("-") or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    candidate, n = base, 2
    while Community.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _check_choices(visibility: str, join_policy: str, kind: str) -> None:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose a valid visibility.")})
    if join_policy not in JoinPolicy.values:
        raise ValidationError({"join_policy": _("Choose a valid join policy.")})
    if kind not in CommunityKind.values:
        raise ValidationError({"kind": _("Choose a valid kind of community.")})


def community_create(
    *,
    actor,
    name,
    slug=None,
    tagline="",
    description="",
    visibility="public",
    join_policy="open",
    topics=(),
    owner=None,
    kind="regular",
) -> Community:
    """Create a community (staff only) with its first owner (``owner`` or the actor)."""
    if actor is not None and not perms.can_create_community(actor):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A community needs a name.")})
    _check_choices(visibility, join_policy, kind)
    if slug and (slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists()):
        raise ValidationError({"slug": _("This address is already taken.")})
    with transaction.atomic():
        community = Community(
            slug=slug or community_unique_slug(name),
            name=name,
            tagline=tagline,
            description=description,
            description_html=render_markdown(description) if description else "",
            visibility=visibility,
            join_policy=join_policy,
            kind=kind,
            created_by=actor,
            last_activity_at=timezone.now(),
        )
        community.full_clean(exclude=["topics"])
        community.save()
        localise_later(community)
        if topics:
            community.topics.set(list(topics))
        first_owner = owner or actor
        if first_owner is not None:
            membership_add(actor=None, community=community, user=first_owner, role=Role.OWNER)
        if kind == CommunityKind.MODERATORS:
            moderators_community_sync_all()
    return community


def community_update(
    *, actor, community, fields: dict, topics=None, partners=None, banner=None, remove_banner=False
) -> Community:
    """Change a community's settings (owners and staff).  ``banner`` is an already
    validated, re-encoded file (communities.banners) or None to keep the current one."""
    if not perms.can_manage_community_settings(actor, community):
        raise PermissionDenied
    allowed = {
        "name",
        "tagline",
        "description",
        "visibility",
        "join_policy",
        "premoderate_first_posts",
        "slow_mode_seconds",
        "flags_to_hide",
    }
    with transaction.atomic():
        before = community.visibility
        for key, value in fields.items():
            if key not in allowed:
                raise ValueError(f"not a settings field: {key}")
            setattr(community, key, value)
        if community.visibility != before:
            community_access_changed(community.pk)
        community.description_html = render_markdown(community.description) if community.description else ""
        old_banner = community.banner.name if community.banner else ""
        if banner is not None:
            community.banner.save(banner.name, banner, save=False)
        elif remove_banner:
            community.banner = ""
        community.full_clean(exclude=["topics"])
        community.save()
        localise_later(community)
        if topics is not None:
            community.topics.set(list(topics))
        new_banner = community.banner.name if community.banner else ""
        if old_banner and old_banner != new_banner:
            storage = community.banner.storage
            on_commit(_delete_file, storage, old_banner)
    return community


def _delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete replaced banner %s", name)


def community_set_charter(*, actor, community, charter_html: str) -> Community:
    """Replace the community's charter (HTML already rendered, e.g. by the design programme; sanitised here)."""
    if not perms.can_manage_community_settings(actor, community):
        raise PermissionDenied
    with transaction.atomic():
        community.charter_html = sanitise((charter_html or "").replace("\x00", ""))
        community.save(update_fields=["charter_html"])
        localise_later(community)
    return community


def community_archive(*, actor, community, archived=True) -> Community:
    """Archive (read-only, still readable) or unarchive a community (staff)."""
    if not perms.can_archive_community(actor, community):
        raise PermissionDenied
    with transaction.atomic():
        community.archived_at = timezone.now() if archived else None
        community.save(update_fields=["archived_at"])
        community_access_changed(community.pk)
    return community
