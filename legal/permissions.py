"""Who may do what with the privacy notice and terms.  The only place these rules live."""


def can_edit_documents(user) -> bool:
    """Staff draft and publish new versions (in the admin)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def must_accept_documents(user) -> bool:
    """Signed-in members are asked to accept current versions; visitors just read them."""
    return bool(user is not None and user.is_authenticated and user.is_active)
