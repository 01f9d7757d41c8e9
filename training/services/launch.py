"""Launch: one action turns an approved charter into a living community."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from communities.services import community_create, community_set_charter, invitation_create, membership_add
from discussions.services import thread_create
from discussions.services.rules import PostingError
from hub.i18n import deferred
from markup import render_markdown
from training import permissions as perms
from training.models import CharterStatus, CommunityRole, ProgrammeStage, StepStatus
from training.services.programmes import tell

# Charter role -> community role.  Everyone else in the plan joins as a member.
COMMUNITY_ROLE = {CommunityRole.CONVENOR: "owner", CommunityRole.MODERATOR: "moderator"}
RANK = {"member": 1, "moderator": 2, "owner": 3}


def _people(programme, content):
    """email -> (role, user or None): the highest role per person; leaders are at least moderators."""
    User = get_user_model()
    wanted = {}
    for entry in content.get("roles", []):
        email = (entry.get("email") or "").strip().lower()
        if email:
            role = COMMUNITY_ROLE.get(entry["role"], "member")
            if RANK[role] > RANK.get(wanted.get(email), 0):
                wanted[email] = role
    for leader in programme.leaders.filter(is_active=True):
        email = leader.email.lower()
        if RANK.get(wanted.get(email), 0) < RANK["moderator"]:
            wanted[email] = "moderator"
    users = {u.email.lower(): u for u in User.objects.filter(email__in=list(wanted), is_active=True)}
    return {email: (role, users.get(email)) for email, role in wanted.items()}


def _welcome_thread(thread_create, actor, community, version):
    intro = _("Welcome to %(name)s! This is the charter our leaders agreed during the design programme.") % {
        "name": community.name
    }
    return thread_create(
        author=actor,
        community=community,
        title=_("Welcome and charter"),
        body=f"{intro}\n\n{version.text}",
        pinned=True,
    )


def programme_launch(*, actor, programme) -> Community:
    """Create the community from the approved charter: roles, invitations, pinned welcome thread."""

    if programme.community_id is not None:
        raise ValidationError(_("This programme has already launched its community."))
    if not perms.can_launch_programme(actor, programme):
        raise PermissionDenied
    version = programme.charter_versions.filter(status=CharterStatus.APPROVED).order_by("-number").first()
    content = version.content
    people = _people(programme, content)
    owners = [user for role, user in people.values() if role == "owner" and user is not None]
    with transaction.atomic():
        community = community_create(
            actor=actor,
            name=content["name"],
            tagline=(content.get("topic") or "")[:200],
            description=content.get("description") or "",
            topics=content.get("topics") or [],
            owner=owners[0] if owners else actor,
        )
        invited = []
        for email, (role, user) in sorted(people.items()):
            if user is not None:
                membership_add(actor=actor, community=community, user=user, role=role)
            else:
                # Invitations cannot carry ownership; a convenor without an account starts as moderator.
                invitation_create(
                    actor=actor,
                    community=community,
                    email=email,
                    role="moderator" if role == "owner" else role,
                    message=_("You have a role in the community charter of “%(name)s”.") % {"name": community.name},
                )
                invited.append(email)
        community_set_charter(actor=actor, community=community, charter_html=render_markdown(version.text))
        try:
            thread = _welcome_thread(thread_create, actor, community, version)
        except PostingError as exc:
            raise ValidationError(str(exc)) from exc
        programme.community = community
        programme.stage = ProgrammeStage.LAUNCHED
        programme.training_status = StepStatus.DONE
        programme.support_status = StepStatus.IN_PROGRESS
        programme.launched_at = timezone.now()
        programme.save()
        tell(programme.leaders.all(), actor=actor, programme=programme, url=community.get_absolute_url(),
             community=community, text=deferred(gettext_lazy("“%(name)s” is launched!"), name=community.name))  # fmt: skip
    community.welcome_thread = thread
    community.invited_emails = invited
    return community
