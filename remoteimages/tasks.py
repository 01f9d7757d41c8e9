"""Celery task of remoteimages: takes a label and an id, idempotent."""

from celery import shared_task

from remoteimages.services import localise_object


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def remote_images_localise_task(label: str, pk: int) -> bool:
    """Copy the remote images of one saved object and show the copies (failed fetches stay links)."""
    return localise_object(label=label, pk=pk)
