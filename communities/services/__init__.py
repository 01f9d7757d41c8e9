"""Every write the communities app does, as keyword-only functions (see DESIGN.md).

Each service checks permissions, writes inside ``transaction.atomic`` (counters with F()),
and schedules side effects (email) after commit; the people concerned are told
through the events of ``communities.notices``, which notifications subscribes to.
"""

from communities.services._rows import RESERVED_SLUGS, moderators_community_sync_all
from communities.services.communities import (
    community_archive,
    community_create,
    community_set_charter,
    community_unique_slug,
    community_update,
)
from communities.services.invitations import (
    InvitationAddressError,
    accept_pending_invitations,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_link_create,
    invitation_revoke,
    invitation_token,
)
from communities.services.memberships import (
    membership_add,
    membership_approve,
    membership_decline,
    membership_join,
    membership_leave,
    membership_remove,
    membership_request,
    membership_set_role,
)

__all__ = [
    "RESERVED_SLUGS",
    "accept_pending_invitations",
    "community_archive",
    "community_create",
    "community_set_charter",
    "community_unique_slug",
    "community_update",
    "invitation_accept",
    "invitation_create",
    "invitation_from_token",
    "invitation_link_create",
    "InvitationAddressError",
    "invitation_revoke",
    "invitation_token",
    "membership_add",
    "membership_approve",
    "membership_decline",
    "membership_join",
    "membership_leave",
    "membership_remove",
    "membership_request",
    "membership_set_role",
    "moderators_community_sync_all",
]
