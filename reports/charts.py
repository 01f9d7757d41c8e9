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
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 30}" role="img" class="chart-svg" font-family="system-ui, sans-serif">',
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


def _wrap(label: str, width: int) -> list[str]:
    """A label in at most two lines of ``width`` characters (the second one shortened with …)."""
    if len(label) <= width:
        return [label]
    cut = label.rfind(" ", 0, width + 1)
    first, rest = (label[:cut], label[cut + 1 :]) if cut > 0 else (label[:width], label[width:])
    return [first, rest if len(rest) <= width else rest[: width - 1] + "…"]


def hbar_chart(points, *, title, colour="#1f7a4d") -> str:
    """Horizontal bars for [(label, value), ...] (e.g. members by country).  The label column
    is as wide as the longest label needs (up to 260 px); longer labels wrap onto two lines."""
    if not points:
        return ""
    top = max(v for _l, v in points) or 1
    per_char = 6.6  # average advance of a 12 px sans-serif
    longest = max(len(str(label)) for label, _v in points)
    label_w = int(min(260, max(110, longest * per_char + 12)))
    chars = min(longest, int((label_w - 12) / per_char) + 1)  # wrap only past the widest column
    lines = [_wrap(str(label), chars) for label, _v in points]
    row = 34 if any(len(x) > 1 for x in lines) else 22
    height = row * len(points) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="chart-svg" font-family="system-ui, sans-serif">',
        f"<title>{html.escape(title)}</title>",
    ]
    for i, ((label, value), label_lines) in enumerate(zip(points, lines, strict=True)):
        y = 5 + i * row
        w = (value / top) * (WIDTH - label_w - 50)
        middle = y + row / 2
        if len(label_lines) == 1:
            text = html.escape(label_lines[0])
            parts.append(
                f'<text x="{label_w - 6}" y="{middle + 4:.1f}" font-size="12" text-anchor="end" fill="#333">{text}</text>'
            )
        else:
            spans = "".join(
                f'<tspan x="{label_w - 6}" y="{middle - 3 + n * 13:.1f}">{html.escape(part)}</tspan>'
                for n, part in enumerate(label_lines)
            )
            parts.append(
                f'<text font-size="12" text-anchor="end" fill="#333"><title>{html.escape(str(label))}</title>{spans}</text>'
            )
        parts.append(f'<rect x="{label_w}" y="{middle - 8:.1f}" width="{w:.1f}" height="16" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{middle + 4:.1f}" font-size="12" fill="#333">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
