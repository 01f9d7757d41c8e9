"""Selector rules that hold for every viewer."""

from discussions import selectors, services
from discussions.models import Thread


def test_thread_list_for_community_leaves_out_merged_threads_even_for_moderators(
    community, member, moderator, thread, django_user_model
):
    source = services.thread_create(
        author=member, community=community, title="Piezometer readings in the dry season (duplicate)",
        body="Same question as the other thread, asked again.",
    )  # fmt: skip
    Thread.objects.filter(pk=source.pk).update(merged_into=thread, is_hidden=True, hidden_reason="Merged")
    for viewer in (moderator, member):
        listed = list(selectors.thread_list_for_community(community=community, viewer=viewer))
        assert [t.pk for t in listed] == [thread.pk]
    staff = django_user_model.objects.create_user(email="staff-merged@example.org", username="staffm", is_staff=True)
    assert source.pk not in {t.pk for t in selectors.thread_list_for_community(community=community, viewer=staff)}
