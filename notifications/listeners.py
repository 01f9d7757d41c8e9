"""What notifications tells people when a lower app announces an event.

Communities cannot import notifications (it sits below it); it announces its events in
``communities.notices`` and these listeners, connected in ``NotificationsConfig.ready()``,
turn them into notifications.  They run after commit (``hub.effects.Event``).
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from communities import notices
from communities.models import Community, Invitation, Role
from communities.selectors import community_moderator_ids
from communities.services import invitation_token
from hub.i18n import deferred
from notifications.models import NotificationKind
from notifications.services import notify_many


def _name(user_id) -> str:
    user = get_user_model().objects.filter(pk=user_id).first()
    return user.name if user is not None else ""


def join_requested(*, community_id, user_id) -> None:
    """The community's moderators are told, in one batched notification per community."""
    community = Community.objects.get(pk=community_id)
    notify_many(
        kind=NotificationKind.JOIN_REQUEST,
        recipient_ids=community_moderator_ids(community=community),
        text=deferred(
            gettext_lazy("%(name)s asked to join %(community)s"), name=_name(user_id), community=community.name
        ),
        url=reverse("communities:requests", kwargs={"slug": community.slug}),
        actor_id=user_id,
        community_id=community.pk,
        group_key=f"join_request:{community.pk}",
    )


def requests_decided(*, community_id, user_ids, approved, actor_id) -> None:
    community = Community.objects.get(pk=community_id)
    if approved:
        kind = NotificationKind.REQUEST_APPROVED
        text = gettext_lazy("Welcome! Your request to join %(community)s was approved.")
    else:
        kind = NotificationKind.REQUEST_DECLINED
        text = gettext_lazy("Your request to join %(community)s was declined.")
    notify_many(
        kind=kind,
        recipient_ids=user_ids,
        text=deferred(text, community=community.name),
        url=community.get_absolute_url(),
        actor_id=actor_id,
        community_id=community.pk,
    )


def role_changed(*, community_id, user_id, role, actor_id) -> None:
    community = Community.objects.get(pk=community_id)
    notify_many(
        kind=NotificationKind.ROLE_CHANGED,
        recipient_ids=[user_id],
        text=deferred(
            gettext_lazy("You are now %(role)s in %(community)s."),
            role=lazy(lambda: str(Role(role).label).lower(), str)(),
            community=community.name,
        ),
        url=community.get_absolute_url(),
        actor_id=actor_id,
        community_id=community.pk,
    )


def member_invited(*, invitation_id, user_id) -> None:
    invitation = Invitation.objects.select_related("community", "invited_by").get(pk=invitation_id)
    community, actor = invitation.community, invitation.invited_by
    notify_many(
        kind=NotificationKind.INVITATION,
        recipient_ids=[user_id],
        text=deferred(
            gettext_lazy("%(name)s invited you to %(community)s"),
            name=actor.name if actor is not None else "",
            community=community.name,
        ),
        url=reverse("communities:invitation", kwargs={"token": invitation_token(invitation)}),
        actor_id=invitation.invited_by_id,
        community_id=community.pk,
        email=False,  # the invitation email is the one mail about it
    )


def connect() -> None:
    notices.join_requested.connect(join_requested)
    notices.requests_decided.connect(requests_decided)
    notices.role_changed.connect(role_changed)
    notices.member_invited.connect(member_invited)
