from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Every email the hub sends: a row written in the sender's transaction, sent by Celery,
    retried and swept.  Sits just above accounts, so every app (communities included) can mail."""

    name = "outbox"
    verbose_name = "Outbox"
