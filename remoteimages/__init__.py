"""Copies of the remote images members put in what they write, served from the hub.

A reader's browser never loads an image from another host (``markup.images`` renders those
as links); after a save, ``localise_later`` schedules a Celery task that fetches each remote
image once (``fetch``: public addresses only, size, type and time limits, EXIF removed),
stores it like an upload, and rewrites the saved HTML to show the copy.  Apps say which of
their fields hold rendered markdown with ``register`` (in their AppConfig.ready).
"""
