"""Chart legibility: the network names its best-connected members beside their dots, and a
long bar label wraps instead of being cut."""

import networkx as nx

from reports.charts import hbar_chart
from reports.network import LABELLED, draw_svg, short_name


def test_network_names_the_best_connected_members_without_overlap():
    graph = nx.star_graph(5)  # node 0 in the middle, five around it
    names = {0: ("Amina Diallo", "amina"), **{n: (f"Kofi Mensah{n}", f"kofi{n}") for n in range(1, 6)}}
    degree = dict(graph.degree())
    svg = draw_svg(graph, dict.fromkeys(graph, 0), degree, names)
    assert ">Amina D.</text>" in svg  # the hub of the star is named
    assert "<title>Amina Diallo: 5</title>" in svg  # the full name stays in the tooltip
    assert svg.count("</text>") <= LABELLED
    assert 'font-family="system-ui, sans-serif"' in svg


def test_short_names():
    assert short_name("Kofi Mensah-Abubakar Okonkwo") == "Kofi O."
    assert short_name("Amina") == "Amina"


def test_long_bar_labels_wrap_whole():
    label = "Organisation internationale de bassin fluvial"
    svg = hbar_chart([(label, 4), ("Civil society", 3)], title="Members by sector")
    assert "<tspan" in svg and ">fluvial</tspan>" in svg and f"<title>{label}</title>" in svg
    assert ">Civil society</text>" in svg
    # The old 24-character cut is gone.
    assert ">International organisation</text>" in hbar_chart([("International organisation", 9)], title="t")
