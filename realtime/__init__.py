"""Realtime: the websockets of the hub, below the content apps.

What lives here (and only here): the channel layer (``layers``), the group names
(``groups``), best-effort sending (``push``), the hardened base consumer (``consumers``), the
per-process access verdicts (``access``), presence (``presence``), the page language of a
socket and the per-language rendering of a push (``languages``), and the registry of
websocket routes (``routing``).

It sits above ``communities`` (access checks use ``communities.permissions``) and below the
content apps, which it never imports: discussions, notifications and messaging register
their routes (``routing.register``), their access checkers (``access.register_board``) and
define their event handlers on subclasses of ``consumers.HubConsumer``.
"""
