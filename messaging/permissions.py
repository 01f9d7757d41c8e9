"""Who may message whom, and who may read what.  The only place these rules live.

Staff never read conversations; they see the single messages that participants report.
"""

from django.db.models import Q

from communities import permissions as cp
from communities.models import Membership, MembershipStatus
from messaging.models import Block, Participant


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def shares_active_community(a, b) -> bool:
    """Both are active members of one unarchived community."""
    mine = Membership.objects.filter(
        user=a, status=MembershipStatus.ACTIVE, community__archived_at__isnull=True
    ).values("community_id")
    return Membership.objects.filter(user=b, status=MembershipStatus.ACTIVE, community_id__in=mine).exists()


def blocked_either_way(a, b) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def can_message_user(sender, recipient) -> bool:
    """Start a conversation with (or add to one) ``recipient``."""
    if not _active(sender) or recipient is None or not recipient.is_active or sender.pk == recipient.pk:
        return False
    if blocked_either_way(sender, recipient):
        return False
    if cp.is_staff(sender):
        return True
    return recipient.allow_messages_from_anyone or shares_active_community(sender, recipient)


def participant_of(user, conversation):
    if not _active(user):
        return None
    return Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).first()


def can_view_conversation(user, conversation) -> bool:
    return participant_of(user, conversation) is not None


def can_send_in_conversation(user, conversation) -> bool:
    """Participants send, unless an active participant has blocked them."""
    if not can_view_conversation(user, conversation):
        return False
    others = Participant.objects.filter(conversation=conversation, left_at__isnull=True).exclude(user=user)
    return not Block.objects.filter(blocker__in=others.values("user"), blocked=user).exists()


def can_report_message(user, message) -> bool:
    return can_view_conversation(user, message.conversation) and message.author_id != user.pk


def can_review_reports(user) -> bool:
    return cp.is_staff(user)
