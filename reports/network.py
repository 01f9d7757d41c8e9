"""Who replies to whom: a directed, weighted graph of the community's conversations.

An edge a -> b means a replied to b (to b's post through reply_to/quote, otherwise to
the thread's opening post).  From it: density, central members, brokers between
clusters, clusters, and newcomers who posted but never got a reply.
"""

import html
import math

import networkx as nx
from django.utils.translation import gettext as _

from communities.models import Membership, MembershipStatus
from discussions.models import Post, PostStatus

MAX_DRAWN = 120
LABELLED = 12  # members named beside their dot (by connections)
CLUSTER_COLOURS = ["#0b5f84", "#1f7a4d", "#b35c00", "#7a3b8f", "#a4262c", "#3b6e00", "#005a9e", "#6b4e16"]


def reply_graph(*, community_ids, start, end) -> nx.DiGraph:
    posts = Post.objects.filter(
        status=PostStatus.PUBLISHED,
        is_hidden=False,
        is_deleted=False,
        created_at__gte=start,
        created_at__lt=end,
        number__gt=1,
        author__isnull=False,
        thread__is_hidden=False,
    )
    if community_ids is not None:
        posts = posts.filter(thread__community_id__in=community_ids)
    rows = posts.values_list("author_id", "reply_to__author_id", "thread__author_id")
    graph = nx.DiGraph()
    for author, reply_to_author, thread_author in rows:
        target = reply_to_author or thread_author
        if target is None or target == author:
            graph.add_node(author)
            continue
        weight = graph[author][target]["weight"] + 1 if graph.has_edge(author, target) else 1
        graph.add_edge(author, target, weight=weight)
    return graph


def analyse(*, community_ids, start, end, names) -> dict:
    """Network figures; ``names(ids) -> {id: (name, username)}`` resolves labels in one query."""
    graph = reply_graph(community_ids=community_ids, start=start, end=end)
    # Everyone who started a thread in the period is a node too (they may have had no reply).
    starters = Post.objects.filter(
        number=1,
        created_at__gte=start,
        created_at__lt=end,
        status=PostStatus.PUBLISHED,
        is_hidden=False,
        thread__is_hidden=False,
    )
    if community_ids is not None:
        starters = starters.filter(thread__community_id__in=community_ids)
    for author_id in starters.exclude(author__isnull=True).values_list("author_id", flat=True).distinct():
        graph.add_node(author_id)

    undirected = graph.to_undirected()
    n = graph.number_of_nodes()
    degree = dict(undirected.degree(weight=None))
    # Sampled betweenness (exact below 100 people) and Louvain clusters keep a community of
    # thousands of members within seconds; greedy modularity took minutes there.
    betweenness = nx.betweenness_centrality(undirected, k=min(n, 100), seed=7) if n > 2 else dict.fromkeys(graph, 0)
    clusters = []
    if undirected.number_of_edges():
        found = nx.community.louvain_communities(undirected, seed=7)
        clusters = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    cluster_of = {node: i for i, members in enumerate(clusters) for node in members}

    # Newcomers: joined in the period, posted, never replied to.
    memberships = Membership.objects.filter(status=MembershipStatus.ACTIVE, joined_at__gte=start, joined_at__lt=end)
    if community_ids is not None:
        memberships = memberships.filter(community_id__in=community_ids)
    newcomers = set(memberships.values_list("user_id", flat=True))
    isolated = sorted(node for node in graph if node in newcomers and graph.in_degree(node) == 0)

    label = names(set(graph.nodes))
    central = sorted(graph.nodes, key=lambda x: (-degree.get(x, 0), x))[:10]
    brokers = sorted((x for x in graph.nodes if betweenness.get(x, 0) > 0), key=lambda x: (-betweenness[x], x))[:10]

    def person(node, **extra):
        name, username = label.get(node, ("?", ""))
        return {"user_id": node, "name": name, "username": username, **extra}

    return {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "density": round(nx.density(graph), 4) if n > 1 else 0.0,
        "central": [person(x, degree=degree.get(x, 0)) for x in central],
        "brokers": [person(x, betweenness=round(betweenness[x], 3)) for x in brokers],
        "clusters": len(clusters),
        "cluster_sizes": [len(c) for c in clusters],
        "isolated_newcomers": [person(x) for x in isolated],
        "svg": draw_svg(undirected, cluster_of, degree, label),
    }


def short_name(name: str) -> str:
    """ "Amina Diallo" -> "Amina D." (a label, not an identity: the tooltip has the full name)."""
    words = name.split()
    if len(words) < 2:
        return name[:18]
    return f"{words[0][:14]} {words[-1][0]}."


def draw_svg(graph, cluster_of, degree, label, size=560) -> str:
    """A small, self-contained SVG picture of the network (largest-degree nodes only)."""
    if graph.number_of_nodes() == 0:
        return ""
    keep = sorted(graph.nodes, key=lambda x: (-degree.get(x, 0), x))[:MAX_DRAWN]
    sub = graph.subgraph(keep)
    pos = nx.spring_layout(sub, seed=42, k=1.6 / math.sqrt(max(sub.number_of_nodes(), 1)))
    pad = 24

    def xy(node):
        x, y = pos[node]
        return pad + (x + 1) / 2 * (size - 2 * pad), pad + (y + 1) / 2 * (size - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" class="network-svg" font-family="system-ui, sans-serif">',
        f"<title>{html.escape(_('Who replies to whom'))}</title>",
    ]
    for a, b in sub.edges:
        (x1, y1), (x2, y2) = xy(a), xy(b)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#9aa9b4" stroke-width="1"/>'
        )
    names = []
    for node in sub.nodes:
        x, y = xy(node)
        r = 4 + min(10, degree.get(node, 0))
        colour = CLUSTER_COLOURS[cluster_of.get(node, 0) % len(CLUSTER_COLOURS)] if node in cluster_of else "#888888"
        name = html.escape(label.get(node, ("?", ""))[0])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{name}: {degree.get(node, 0)}</title></circle>"
        )
        names.append((x, y, r, name))
    # The best-connected members are named beside their dot (everyone in their tooltip): short
    # names, placed to the left near the right edge, and skipped where they would overlap.
    named = set(keep[:LABELLED])
    placed = []
    for node, (x, y, r, _name) in zip(sub.nodes, names, strict=True):
        if node not in named:
            continue
        text = html.escape(short_name(label.get(node, ("?", ""))[0]))
        width = 6.2 * len(text)
        left = x + r + 3 + width > size
        x0 = x - r - 3 - width if left else x + r + 3
        box = (x0, y - 7, x0 + width, y + 7)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        anchor, tx = ("end", x - r - 3) if left else ("start", x + r + 3)
        parts.append(
            f'<text x="{tx:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="{anchor}" fill="#1d2630" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
