"""Small accessible SVG charts, drawn on the server so the same markup serves pages and
PDFs. Each chart is an image with a text alternative; the page shows the numbers in a
table beside it."""

from collections.abc import Mapping

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# ruff: noqa: E501 - SVG fragments read best on one line each

INK = "#1f2a2e"
BRAND = "#1d5560"
SOFT = "#4a5a60"
RULE = "#d9d3c7"


def two_lines(word: str) -> list[str]:
    """A scale's word on at most two lines, split where the longer line is shortest
    ("I høj grad" as "I høj" over "grad")."""
    spaces = [i for i, c in enumerate(word) if c == " "]
    if len(word) <= 7 or not spaces:
        return [word]
    cut = min(spaces, key=lambda i: (max(i, len(word) - i - 1), i))
    return [word[:cut], word[cut + 1 :]]


def distribution(counts: dict[int, int], label: str, words: Mapping[int, str]) -> SafeString:
    """Five bars for the answers 1-5, each with its number and its word under it ("4",
    "Largely"); the text alternative says every count with its word."""
    width, pad, foot = 300, 12, 40
    height = 80 + foot
    top = max(counts.values(), default=0) or 1
    bar = (width - 2 * pad) / 5
    base = height - foot
    parts = []
    for value in range(1, 6):
        n = counts.get(value, 0)
        h = (base - 16) * n / top
        x = pad + (value - 1) * bar
        y = base - h
        middle = x + bar / 2
        lines = "".join(
            f'<tspan x="{middle:.1f}" dy="{0 if i == 0 else 11}">{escape(line)}</tspan>'
            for i, line in enumerate(two_lines(words.get(value, "")))
        )
        parts.append(
            f'<rect x="{x + 5:.1f}" y="{y:.1f}" width="{bar - 10:.1f}" height="{h:.1f}" fill="{BRAND}"/>'
            f'<text x="{middle:.1f}" y="{max(y - 4, 11):.1f}" font-size="12" text-anchor="middle" fill="{INK}">{n}</text>'
            f'<text x="{middle:.1f}" y="{base + 14}" font-size="12" font-weight="bold" text-anchor="middle" fill="{INK}">{value}</text>'
            f'<text y="{base + 26}" font-size="10" text-anchor="middle" fill="{SOFT}">{lines}</text>'
        )
    described = " · ".join(
        f"{value} {words.get(value, '')}: {counts.get(value, 0)}" for value in range(1, 6)
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        '<title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        f"{label}: {described}",
        f"{label}: {described}",
        pad,
        base,
        width - pad,
        base,
        RULE,
        mark_safe("".join(parts)),  # noqa: S308 - numbers and escaped words, built above
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
