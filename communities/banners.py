"""Community banners: checked and re-encoded exactly like avatars (accounts.avatars), kept
larger: at most BANNER_STORED_SIZE, wide pictures keep their shape."""

from accounts.avatars import prepare_avatar

BANNER_STORED_SIZE = (1600, 800)


def prepare_banner(upload):
    """Validate an uploaded banner and return a re-encoded copy without metadata."""
    return prepare_avatar(upload, stored_size=BANNER_STORED_SIZE)
