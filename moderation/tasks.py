"""Periodic jobs of the moderation app."""

from celery import shared_task

from moderation.services import platform_suspension_expire


@shared_task(
    name="moderation.platform_suspension_expire",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def platform_suspension_expire_task():
    """Reactivate people whose hub-wide suspension ended (idempotent; runs every few minutes)."""
    return platform_suspension_expire()
