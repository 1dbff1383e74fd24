"""Small accessible SVG charts, drawn on the server so the same markup serves pages and
PDFs. Each chart is an image with a text alternative; the page shows the numbers in a
table beside it."""

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# ruff: noqa: E501 - SVG fragments read best on one line each

INK = "#1f2a2e"
BRAND = "#1d5560"
SOFT = "#4a5a60"
RULE = "#d9d3c7"


def distribution(counts: dict[int, int], label: str) -> SafeString:
    """Five bars for the answers 1-5."""
    width, height, pad = 220, 90, 18
    top = max(counts.values(), default=0) or 1
    bar = (width - 2 * pad) / 5
    parts = []
    for value in range(1, 6):
        n = counts.get(value, 0)
        h = (height - 2 * pad) * n / top
        x = pad + (value - 1) * bar
        y = height - pad - h
        parts.append(
            f'<rect x="{x + 4:.1f}" y="{y:.1f}" width="{bar - 8:.1f}" height="{h:.1f}" fill="{BRAND}"/>'
            f'<text x="{x + bar / 2:.1f}" y="{height - 4}" font-size="10" text-anchor="middle" fill="{SOFT}">{value}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{max(y - 3, 10):.1f}" font-size="10" text-anchor="middle" fill="{INK}">{n}</text>'
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        '<title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        label,
        label,
        pad,
        height - pad,
        width - pad,
        height - pad,
        RULE,
        mark_safe("".join(parts)),  # noqa: S308 - numbers only, built above
    )


def trend(means: list[float | None], labels: list[str], label: str) -> SafeString:
    """A line through the rounds' means (1-5); a withheld round leaves a gap."""
    width, height, pad = 300, 110, 22
    if not means:
        return mark_safe("")
    step = (width - 2 * pad) / max(len(means) - 1, 1)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * (v - 1) / 4

    points: list[str] = []
    segments: list[list[str]] = []
    current: list[str] = []
    for index, value in enumerate(means):
        x = pad + index * step
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{x:.1f},{y(value):.1f}")
        points.append(
            f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3" fill="{BRAND}"/>'
            f'<text x="{x:.1f}" y="{y(value) - 6:.1f}" font-size="10" text-anchor="middle" fill="{INK}">{escape(number_format(value, 1))}</text>'
        )
    if current:
        segments.append(current)
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="{BRAND}" stroke-width="2"/>'
        for s in segments
    )

    def tick(i: int) -> tuple[float, str]:
        """Where a round's label goes: the first and the last end at the chart's edges,
        so that they are not cut off."""
        if i == 0:
            return 2, "start"
        if i == len(labels) - 1:
            return width - 2, "end"
        return pad + i * step, "middle"

    ticks = "".join(
        f'<text x="{tick(i)[0]:.1f}" y="{height - 5}" font-size="9" text-anchor="{tick(i)[1]}" fill="{SOFT}">{escape(t)}</text>'
        for i, t in enumerate(labels)
    )
    grid = "".join(
        f'<line x1="{pad}" y1="{y(v):.1f}" x2="{width - pad}" y2="{y(v):.1f}" stroke="{RULE}" stroke-dasharray="2 3"/>'
        for v in (1, 3, 5)
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        width,
        height,
        label,
        label,
        mark_safe(grid + lines + "".join(points) + ticks),  # noqa: S308 - built above, labels escaped
    )
