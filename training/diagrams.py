"""Network metrics (networkx) and the server-rendered SVG diagrams of the workspaces."""

from dataclasses import dataclass, field

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from training.models import ElementCategory, LinkType

PALETTE = ["#0b6e99", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#5c940d", "#1864ab", "#e67700"]
LINK_COLOURS = {
    LinkType.USES: "#1864ab",
    LinkType.MANAGES: "#2b8a3e",
    LinkType.POLLUTES: "#c92a2a",
    LinkType.DRIVES: "#e67700",
    LinkType.DEPENDS: "#5f3dc4",
    LinkType.COOPERATES: "#087f5b",
    LinkType.CONFLICTS: "#a61e4d",
}


@dataclass
class NetworkAnalysis:
    degree: dict = field(default_factory=dict)  # node id -> number of ties
    betweenness: dict = field(default_factory=dict)  # node id -> normalised betweenness (0..1)
    clusters: list = field(default_factory=list)  # list of sets of node ids, largest first
    cluster_of: dict = field(default_factory=dict)  # node id -> cluster index
    connectors: list = field(default_factory=list)  # node ids to invite first
    graph: nx.Graph | None = None


def build_graph(nodes, ties) -> nx.Graph:
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.pk, label=node.name)
    for tie in ties:
        if tie.source_id != tie.target_id and tie.source_id in graph and tie.target_id in graph:
            graph.add_edge(tie.source_id, tie.target_id)
    return graph


def analyse_network(nodes, ties, *, connectors=3) -> NetworkAnalysis:
    """Degree, betweenness, clusters (modularity within components) and suggested connectors."""
    graph = build_graph(nodes, ties)
    result = NetworkAnalysis(graph=graph)
    if not graph:
        return result
    result.degree = dict(graph.degree())
    result.betweenness = nx.betweenness_centrality(graph, normalized=True)
    clusters = []
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if sub.number_of_edges() == 0:
            clusters.append(set(component))
        else:
            clusters.extend(set(c) for c in nx.community.greedy_modularity_communities(sub))
    clusters.sort(key=lambda c: (-len(c), min(c)))
    result.clusters = clusters
    result.cluster_of = {n: i for i, c in enumerate(clusters) for n in c}
    labels = nx.get_node_attributes(graph, "label")
    ranked = sorted(graph.nodes, key=lambda n: (-result.betweenness[n], -result.degree[n], labels[n].lower()))
    result.connectors = [n for n in ranked if result.degree[n] > 0][:connectors]
    return result


def network_svg(nodes, analysis: NetworkAnalysis, *, width=640, height=420) -> str:
    graph = analysis.graph
    title = _("Network of the target audience")
    if not graph:
        return ""
    positions = nx.spring_layout(graph, seed=7) if graph.number_of_nodes() > 1 else {next(iter(graph)): (0, 0)}
    pad = 50

    def xy(n):
        x, y = positions[n]
        return pad + (x + 1) / 2 * (width - 2 * pad), pad + (y + 1) / 2 * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="training-diagram" '
        f'role="img" aria-labelledby="network-title"><title id="network-title">{escape(title)}</title>'
    ]
    for a, b in graph.edges:
        (x1, y1), (x2, y2) = xy(a), xy(b)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#868e96" />')
    connectors = set(analysis.connectors)
    for node in nodes:
        if node.pk not in graph:
            continue
        x, y = xy(node.pk)
        radius = 7 + 3 * analysis.degree.get(node.pk, 0) ** 0.5
        colour = PALETTE[analysis.cluster_of.get(node.pk, 0) % len(PALETTE)]
        ring = ' stroke="#212529" stroke-width="3"' if node.pk in connectors else ' stroke="#fff" stroke-width="1.5"'
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"{ring}>'
            f"<title>{escape(node.name)}</title></circle>"
            f'<text x="{x:.1f}" y="{y - radius - 4:.1f}" text-anchor="middle" font-size="12" fill="#212529">'
            f"{escape(node.name[:28])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def link_legend():
    """(label, colour) of each relationship type, for the legend under the system map."""
    return [(label, LINK_COLOURS[value]) for value, label in LinkType.choices]


COLUMNS = [ElementCategory.DRIVER, ElementCategory.PRESSURE, ElementCategory.WATER, ElementCategory.ACTOR]


def systems_svg(elements, links, *, width=760) -> str:
    """Drivers -> pressures -> water resources -> actors, in four columns, with typed links."""
    elements = list(elements)
    if not elements:
        return ""
    by_column = {c: [e for e in elements if e.category == c] for c in COLUMNS}
    rows = max(len(v) for v in by_column.values())
    height = 80 + rows * 64
    col_w = width / len(COLUMNS)
    box_w, box_h = col_w - 40, 40
    pos = {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="training-diagram" '
        f'role="img" aria-labelledby="systems-title"><title id="systems-title">{escape(_("System map"))}</title>'
        "<defs>"
    ]
    for link_type, colour in LINK_COLOURS.items():
        parts.append(
            f'<marker id="arrow-{link_type}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    for i, column in enumerate(COLUMNS):
        x = i * col_w + 20
        parts.append(
            f'<text x="{x + box_w / 2:.1f}" y="28" text-anchor="middle" font-weight="bold" font-size="14" '
            f'fill="#212529">{escape(str(column.label))}</text>'
        )
        for j, element in enumerate(by_column[column]):
            y = 50 + j * 64
            pos[element.pk] = (x, y)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{box_w:.1f}" height="{box_h}" rx="6" fill="#f1f3f5" '
                f'stroke="{PALETTE[i]}" stroke-width="2"><title>{escape(element.notes or element.name)}</title></rect>'
                f'<text x="{x + box_w / 2:.1f}" y="{y + 25}" text-anchor="middle" font-size="12" fill="#212529">'
                f"{escape(element.name[:30])}</text>"
            )
    for link in links:
        if link.source_id not in pos or link.target_id not in pos:
            continue
        (sx, sy), (tx, ty) = pos[link.source_id], pos[link.target_id]
        if sx < tx:
            x1, x2 = sx + box_w, tx
        elif sx > tx:
            x1, x2 = sx, tx + box_w
        else:
            x1, x2 = sx + box_w, tx + box_w
        y1, y2 = sy + box_h / 2, ty + box_h / 2
        bend = 40 if sx == tx else 0
        cx = (x1 + x2) / 2 + bend
        colour = LINK_COLOURS.get(link.link_type, "#495057")
        label = escape(link.get_link_type_display())
        parts.append(
            f'<path d="M {x1:.1f} {y1:.1f} Q {cx:.1f} {(y1 + y2) / 2 - 20:.1f} {x2:.1f} {y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="2" marker-end="url(#arrow-{link.link_type})"><title>{label}</title></path>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
