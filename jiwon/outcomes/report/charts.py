"""Charts as inline SVG written here: no JavaScript, so the same markup shows in the browser, in a
saved HTML file and in the PDF. Each chart is an <svg role="img"> with a <title>; the tables next
to it carry the same figures for screen readers and copying."""

import unicodedata
from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

FONT = "NanumGothic, 'Pretendard GOV', sans-serif"
WIDTH = 640
BAR = "#256ef4"
LINE = "#063a74"
MUTED = "#6d7882"

Formatter = Callable[[int], str]


def _svg(height: int, title: str, body: SafeString, *, pad: int = 0) -> SafeString:
    """`pad` widens the canvas on both sides for labels centred on the first and last points."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="jw-chart" role="img" '
        'viewBox="{x} 0 {w} {h}" width="{w}" height="{h}" font-family="{font}" font-size="13">'
        "<title>{title}</title>{body}</svg>",
        x=-pad,
        w=WIDTH + 2 * pad,
        h=height,
        font=FONT,
        title=title,
        body=body,
    )


def _text_width(text: str) -> float:
    """Rough width at font-size 13: Hangul and other wide characters take a full em."""
    return sum(13 if unicodedata.east_asian_width(ch) in "WF" else 7.5 for ch in text)


def _fit(text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width`."""
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _empty(title: str, text: str) -> SafeString:
    return _svg(
        40,
        title,
        format_html('<text x="0" y="24" fill="{}">{}</text>', MUTED, text),
    )


def bar_chart(
    items: Sequence[tuple[str, int]], *, title: str, fmt: Formatter, empty: str
) -> SafeString:
    """Horizontal bars, one per (label, value), longest scale = largest value."""
    if not items or max(v for _l, v in items) <= 0:
        return _empty(title, empty)
    max_label_w = 260
    label_w = min(max(_text_width(label) for label, _v in items), max_label_w) + 12
    value_w, row_h = 110, 28
    scale = (WIDTH - label_w - value_w) / max(v for _l, v in items)
    rows = []
    for index, (label, value) in enumerate(items):
        y = index * row_h
        length = max(value, 0) * scale
        rows.append(
            (
                y + 18,
                label,
                _fit(label, max_label_w),
                f"{label_w:.1f}",
                y + 6,
                f"{length:.1f}",
                BAR,
                f"{label_w + length + 6:.1f}",
                y + 18,
                fmt(value),
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}"><title>{}</title>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return _svg(len(items) * row_h + 4, title, body)


def line_chart(
    points: Sequence[tuple[str, int | None]],
    *,
    title: str,
    fmt: Formatter,
    empty: str,
    gap: str = "—",
) -> SafeString:
    """One series over evenly spaced x labels, from zero up to the largest value. A point
    without a value (None: no data) leaves a gap in the line and says `gap` at its label."""
    known = [v for _l, v in points if v is not None]
    if not known or max(known) <= 0:
        return _empty(title, empty)
    height, left, right, top, bottom = 220, 16, 16, 28, 32
    top_value = max(known)
    span = (WIDTH - left - right) / max(len(points) - 1, 1)
    plot_h = height - top - bottom

    def xy(index: int, value: int) -> tuple[float, float]:
        return left + index * span, top + plot_h * (1 - max(value, 0) / top_value)

    runs: list[list[tuple[float, float]]] = [[]]
    for i, (_l, v) in enumerate(points):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(xy(i, v))
    marks = format_html_join(
        "",
        '<circle cx="{0}" cy="{1}" r="4" fill="{2}"/>'
        '<text x="{0}" y="{3}" text-anchor="middle">{4}</text>'
        '<text x="{0}" y="{5}" text-anchor="middle" fill="{6}">{7}</text>',
        (
            (f"{x:.1f}", f"{y:.1f}", LINE, f"{y - 10:.1f}", fmt(v), height - 8, MUTED, label)
            for i, (label, v) in enumerate(points)
            if v is not None
            for x, y in [xy(i, v)]
        ),
    )
    marks += format_html_join(
        "",
        '<text x="{0}" y="{1}" text-anchor="middle" fill="{2}">{3}</text>'
        '<text x="{0}" y="{4}" text-anchor="middle" fill="{2}">{5}</text>',
        (
            (f"{left + i * span:.1f}", top + plot_h - 6, MUTED, gap, height - 8, label)
            for i, (label, v) in enumerate(points)
            if v is None
        ),
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
        left,
        top + plot_h,
        WIDTH - right,
        top + plot_h,
        MUTED,
    )
    line = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
        ((" ".join(f"{x:.1f},{y:.1f}" for x, y in run), LINE) for run in runs if len(run) > 1),
    )
    return _svg(height, title, axis + line + marks, pad=40)


def funnel_chart(
    stages: Sequence[tuple[str, int]], *, title: str, fmt: Formatter, empty: str
) -> SafeString:
    """Centred bars, one per stage from the widest rung down, labelled with their counts."""
    if not stages or max(v for _l, v in stages) <= 0:
        return _empty(title, empty)
    row_h, label_w, min_w = 34, 120, 4
    usable = WIDTH - 2 * label_w
    top_value = max(v for _l, v in stages)
    centre = WIDTH / 2
    rows = []
    for index, (label, value) in enumerate(stages):
        width = max(usable * max(value, 0) / top_value, min_w if value else 0)
        y = index * row_h
        rows.append(
            (
                y + 21,
                label,
                f"{centre - width / 2:.1f}",
                y + 4,
                f"{width:.1f}",
                BAR,
                centre + usable / 2 + 8,
                y + 21,
                fmt(value),
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="26" rx="3" fill="{}"/>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return _svg(len(stages) * row_h + 4, title, body)


def plain(value: int) -> str:
    return f"{value:,}"
