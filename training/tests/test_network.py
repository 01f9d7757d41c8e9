"""Network metrics checked against small graphs computed by hand."""

import pytest

from training.diagrams import analyse_network, network_svg, systems_svg
from training.models import NetworkNode, NetworkTie, SystemElement, SystemLink
from training.tests.factories import DesignProgrammeFactory

pytestmark = pytest.mark.django_db


def _graph(programme, names, edges):
    nodes = {n: NetworkNode.objects.create(programme=programme, name=n) for n in names}
    for a, b in edges:
        NetworkTie.objects.create(programme=programme, source=nodes[a], target=nodes[b])
    return nodes, list(programme.network_nodes.all()), list(programme.network_ties.all())


def test_analyse_network_matches_hand_computed_degree_and_betweenness():
    # A - B - C - D, and E hangs on B.
    #   Shortest paths through B: A-C, A-D, A-E, C-E, D-E (5); through C: A-D, B-D, E-D (3).
    #   Normalised by (n-1)(n-2)/2 = 6 pairs not involving the node: B = 5/6, C = 3/6.
    programme = DesignProgrammeFactory()
    by_name, nodes, ties = _graph(programme, "ABCDE", [("A", "B"), ("B", "C"), ("C", "D"), ("B", "E")])
    result = analyse_network(nodes, ties)
    degree = {n: result.degree[by_name[n].pk] for n in "ABCDE"}
    assert degree == {"A": 1, "B": 3, "C": 2, "D": 1, "E": 1}
    betweenness = {n: result.betweenness[by_name[n].pk] for n in "ABCDE"}
    assert betweenness["B"] == pytest.approx(5 / 6)
    assert betweenness["C"] == pytest.approx(0.5)
    assert betweenness["A"] == betweenness["D"] == betweenness["E"] == 0
    # Connectors: highest betweenness first, then degree, then name.
    assert result.connectors == [by_name["B"].pk, by_name["C"].pk, by_name["A"].pk]


def test_analyse_network_clusters_separate_components_and_isolated_people():
    programme = DesignProgrammeFactory()
    by_name, nodes, ties = _graph(
        programme, ["P", "Q", "R", "X", "Y", "Solo"], [("P", "Q"), ("Q", "R"), ("P", "R"), ("X", "Y")]
    )
    result = analyse_network(nodes, ties)
    clusters = [{n.name for n in nodes if n.pk in c} for c in result.clusters]
    assert clusters == [{"P", "Q", "R"}, {"X", "Y"}, {"Solo"}]
    assert by_name["Solo"].pk not in result.connectors
    svg = network_svg(nodes, result)
    assert svg.startswith("<svg") and svg.count("<circle") == 6 and "Solo" in svg


def test_analyse_network_empty_and_escaping():
    programme = DesignProgrammeFactory()
    assert analyse_network([], []).connectors == []
    node = NetworkNode.objects.create(programme=programme, name='<script>alert("x")</script>')
    svg = network_svg([node], analyse_network([node], []))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_systems_svg_draws_typed_links_in_columns():
    programme = DesignProgrammeFactory()
    drought = SystemElement.objects.create(programme=programme, category="driver", name="Drought")
    abstraction = SystemElement.objects.create(programme=programme, category="pressure", name="Over-abstraction")
    aquifer = SystemElement.objects.create(programme=programme, category="water", name="Coastal aquifer")
    SystemLink.objects.create(programme=programme, source=drought, target=abstraction, link_type="drives")
    SystemLink.objects.create(programme=programme, source=abstraction, target=aquifer, link_type="pollutes")
    svg = systems_svg(programme.system_elements.all(), programme.system_links.all())
    assert svg.count("<rect") == 3 and svg.count("marker-end=") == 2
    assert "arrow-drives" in svg and "Coastal aquifer" in svg
    assert systems_svg([], []) == ""
