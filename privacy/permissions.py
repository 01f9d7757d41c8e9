"""Who may export, download and erase what.  The only place these rules live."""

from django.http import Http404


def can_export_data(user) -> bool:
    """Any signed-in member may export their own data."""
    return bool(user.is_authenticated and user.is_active)


def can_download_export(user, export) -> bool:
    """Only the member the export is about; not even staff (they have the admin)."""
    return bool(user.is_authenticated and export is not None and export.user_id == user.pk)


def check_can_download_export(user, export) -> None:
    """An export of someone else answers like one that does not exist."""
    if not can_download_export(user, export):
        raise Http404


def can_delete_own_account(user) -> bool:
    return bool(user.is_authenticated)


def can_erase_account(actor, target) -> bool:
    """Staff erase an account on the person's request; a superuser only by another superuser,
    and never their own account from the staff page (they use the self-service page)."""
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        return False
    if target is None or target.pk == actor.pk:
        return False
    return actor.is_superuser or not target.is_superuser
