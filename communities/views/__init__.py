"""Community pages: thin views that parse input, call a selector or service, and render."""

from communities.views.community import about, detail, members
from communities.views.directory import create, directory
from communities.views.manage import (
    archive,
    invitation_link_create,
    invitation_revoke,
    invite,
    member_remove,
    member_role,
    requests,
    settings_view,
)
from communities.views.membership import invitation, join, leave, request_join

__all__ = [
    "about",
    "archive",
    "create",
    "detail",
    "directory",
    "invitation",
    "invitation_link_create",
    "invitation_revoke",
    "invite",
    "join",
    "leave",
    "member_remove",
    "member_role",
    "members",
    "request_join",
    "requests",
    "settings_view",
]
