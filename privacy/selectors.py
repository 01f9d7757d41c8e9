from privacy.models import DataExport


def export_list_for_user(*, user, limit=5) -> list[DataExport]:
    return list(DataExport.objects.filter(user=user).order_by("-created_at")[:limit])


def export_get(*, pk) -> DataExport | None:
    return DataExport.objects.filter(pk=pk).first()
