import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.models import DataExport, ExportStatus


def _count(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("privacy:data")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_data_page_query_count_does_not_grow_with_exports(client, user):
    client.force_login(user)
    DataExport.objects.create(user=user, status=ExportStatus.EXPIRED)
    _count(client)  # warm the per-member caches (navigation counts) the layout reads
    small = _count(client)
    for _ in range(4):
        DataExport.objects.create(user=user, status=ExportStatus.EXPIRED)
    assert _count(client) == small
