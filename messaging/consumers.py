"""``/ws/messages/``: live private messages, read receipts and the unread count.

Built on the hub's hardened socket base; events arrive on the person's own group
(``user.<id>``), so only participants chosen at send time ever receive a message.
"""

from channels.db import database_sync_to_async

from realtime.consumers import HubConsumer


def _active(user_id) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id, is_active=True).exists()


class MessagingConsumer(HubConsumer):
    async def authorise(self) -> bool:
        return self.user_id is not None and await database_sync_to_async(_active)(self.user_id)

    async def messaging_new(self, event):
        await self.send_json({
            "type": "message", "conversation": event.get("conversation"), "message": event.get("message"),
            "html": event.get("html", ""), "unread": event.get("unread"),
        })  # fmt: skip

    async def messaging_read(self, event):
        await self.send_json({
            "type": "read", "conversation": event.get("conversation"), "reader": event.get("reader"),
            "name": event.get("name", ""), "at": event.get("at"),
        })  # fmt: skip

    async def messaging_count(self, event):
        await self.send_json({"type": "count", "unread": event.get("unread")})
