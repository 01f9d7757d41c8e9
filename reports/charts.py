"""Small server-rendered SVG charts (no JavaScript, CSP-friendly, printable)."""

import html

WIDTH, HEIGHT, PAD = 560, 200, 28


def bar_chart(points, *, title, colour="#0b5f84", unit="") -> str:
    """Vertical bars for [(label, value), ...]."""
    if not points:
        return ""
    top = max((v for _l, v in points), default=0) or 1
    slot = (WIDTH - 2 * PAD) / len(points)
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 30}" role="img" class="chart-svg">',
        f"<title>{html.escape(title)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT}" x2="{WIDTH - PAD}" y2="{HEIGHT}" stroke="#555d66"/>',
    ]
    for i, (label, value) in enumerate(points):
        h = (value / top) * (HEIGHT - 2 * PAD)
        x = PAD + i * slot + (slot - bar) / 2
        y = HEIGHT - h
        text = html.escape(f"{label}: {value}{unit}")
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}"><title>{text}</title></rect>'
        )
        if len(points) <= 16:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT + 14}" font-size="10" text-anchor="middle" fill="#333">'
                f"{html.escape(str(label)[-5:])}</text>"
            )
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle" fill="#333">'
                f"{value}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(points, *, title, colour="#1f7a4d") -> str:
    """Horizontal bars for [(label, value), ...] (e.g. members by country)."""
    if not points:
        return ""
    top = max(v for _l, v in points) or 1
    row = 22
    height = row * len(points) + 10
    label_w = 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="chart-svg">',
        f"<title>{html.escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(points):
        y = 5 + i * row
        w = (value / top) * (WIDTH - label_w - 50)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end" fill="#333">'
            f"{html.escape(str(label))[:24]}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12" fill="#333">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
