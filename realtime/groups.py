"""Channel-layer group names: the only place they are spelled (see DESIGN.md "realtime")."""


def thread(thread_id) -> str:
    """Readers of one thread (discussions.consumers.ThreadConsumer)."""
    return f"thread.{int(thread_id)}"


def community(community_id) -> str:
    """Readers of one community's thread list (discussions.consumers.CommunityConsumer)."""
    return f"community.{int(community_id)}"


def community_access(community_id) -> str:
    """Every socket whose permissions depend on that community (re-checked on a change)."""
    return f"access.community.{int(community_id)}"


def user(user_id) -> str:
    """Every socket of one signed-in person: the bell, messages, revocation, logout."""
    return f"user.{int(user_id)}"
