from accounts.tests.factories import UserFactory  # noqa: F401
from communities.tests.factories import add_member, make_community  # noqa: F401


def neighbours(n=2):
    """``n`` members who share an active community (so they may message each other)."""
    community = make_community()
    users = UserFactory.create_batch(n)
    for user in users:
        add_member(user, community)
    return users
