"""Keep ``User.last_seen_at`` roughly current without a write per request."""

import logging

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

EVERY = 300  # seconds between two refreshes of one member's "last seen"


class LastSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                if cache.add(f"accounts:seen:{user.pk}", 1, EVERY):
                    from accounts.models import User

                    User.objects.filter(pk=user.pk).update(last_seen_at=timezone.now())
            except Exception:  # a cache or database hiccup must never fail the page
                logger.warning("last seen not recorded", exc_info=True)
        return response
