"""Known answers for a hand-built community (reports/tests/conftest.py::World)."""

from reports import metrics, network
from reports.services import _names


def test_engagement_known_answers(world):
    m = metrics.engagement(community_ids=[world.community.pk], start=world.start, end=world.end)
    assert m["threads"] == 4
    assert m["posts"] == 9
    assert m["active_members"] == 5
    assert m["new_members"] == 1
    assert m["members"] == 5
    assert m["replies_per_thread"] == 1.25
    # First replies after 2 h, 10 h and 72 h; the newcomer's thread has none.
    assert m["response_rate"] == 0.5
    assert m["median_hours_to_first_reply"] == 10.0
    assert m["unanswered_threads"] == 1
    assert m["returning_posters"] == 1  # Ana posted before the period
    assert m["one_time_posters"] == 2  # Dorji and Nadia posted once
    assert m["top_contributors"][0]["name"] == "Ana Owner"
    assert dict(m["members_by_sector"])["academia"] == 2
    assert sum(row["posts"] for row in m["posts_per_week"]) == 10  # includes Ana's earlier post


def test_network_known_answers(world):
    net = network.analyse(community_ids=[world.community.pk], start=world.start, end=world.end, names=_names)
    # Edges: Bello->Ana, Chen->Bello (quote), Dorji->Ana, Ana->Bello, Ana->Chen; Nadia alone.
    assert net["edges"] == 5
    assert net["nodes"] == 5
    assert net["central"][0]["name"] == "Ana Owner"
    assert net["central"][0]["degree"] == 3
    assert net["brokers"][0]["name"] == "Ana Owner"  # the only path from Dorji to the others
    assert [p["name"] for p in net["isolated_newcomers"]] == ["Nadia Newcomer"]
    assert net["density"] == round(5 / (5 * 4), 4)
    assert net["svg"].startswith("<svg") and "Ana Owner" in net["svg"]


def test_network_svg_escapes_names(world):
    world.b.display_name = "<script>alert(1)</script>"
    world.b.save(update_fields=["display_name"])
    net = network.analyse(community_ids=[world.community.pk], start=world.start, end=world.end, names=_names)
    assert "<script>" not in net["svg"]
    assert "&lt;script&gt;" in net["svg"]


def test_platform_metrics_include_every_community(world):
    m = metrics.engagement(community_ids=None, start=world.start, end=world.end)
    assert m["threads"] == 5
