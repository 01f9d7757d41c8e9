"""``/ws/notifications/``: the signed-in person's unread count, live (group ``user.<id>``)."""

from channels.db import database_sync_to_async

from realtime.consumers import HubConsumer


def _unread_count(user_id) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def _user_still_active(user_id) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id, is_active=True).exists()


class NotificationConsumer(HubConsumer):
    """The bell: the unread count when the socket opens and each time it changes."""

    async def authorise(self) -> bool:
        return self.user_id is not None and await database_sync_to_async(_user_still_active)(self.user_id)

    async def opened(self):
        # The count may have changed between the page render and this connect.
        count = await database_sync_to_async(_unread_count)(self.user_id)
        await self.send_json({"type": "count", "count": count})

    async def notifications_count(self, event):
        try:
            count = max(0, int(event.get("count", 0)))
        except (TypeError, ValueError):
            return
        await self.send_json({"type": "count", "count": count})
