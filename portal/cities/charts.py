"""Server-rendered, accessible SVG bar charts (no JavaScript).

Each chart is one ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``, which also lists every value in words, so a screen reader gets the data and not just
"image". Values are also written next to their bars. The drawing scales to its container
through ``viewBox``; colours are dark on white (contrast above 7:1 for the text).
"""

import hashlib
import math
import unicodedata
from collections.abc import Callable, Sequence

from markupsafe import Markup

WIDTH = 360  # drawing units; a 328 px phone column shows 14-unit labels at ~13 px
FONT_SIZE = 14
ROW = 26  # vertical space of one bar
BAR = 18
GROUP_GAP = 12
PAD = 8
TEXT = "#111111"
BACKGROUND = "#ffffff"
# Dark blue, dark orange, dark green, plum: distinct for common colour blindness, and each
# above 4.5:1 against white so the bars themselves meet the non-text contrast rule.
SERIES_COLOURS = ("#1f4e79", "#a34700", "#2d6a4f", "#6b2d5c")


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    unit: str,
    value_format: Callable[[float], str] = "{:g}".format,
    chart_id: str | None = None,
) -> Markup:
    """Horizontal bars, one per ``(label, value)``, longest value spanning the full width.

    :raise ValueError: if ``items`` is empty or a value is negative or not finite.
    """
    return grouped_bar_chart(
        [label for label, _ in items],
        [("", [value for _, value in items])],
        title=title,
        description=description,
        unit=unit,
        value_format=value_format,
        chart_id=chart_id,
    )


def grouped_bar_chart(
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    description: str,
    unit: str,
    value_format: Callable[[float], str] = "{:g}".format,
    chart_id: str | None = None,
) -> Markup:
    """Horizontal bars grouped by ``groups`` (e.g. opening years), one bar per series.

    ``series`` is ``[(name, values)]`` with one value per group; with more than one series a
    legend names them. All series share one scale and ``unit``.
    :raise ValueError: if there is nothing to draw, a series has the wrong length, a value is
        negative or not finite, or there are more series than colours.
    """
    if not groups or not series:
        raise ValueError("a chart needs at least one group and one series")
    if len(series) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series can be told apart")
    for name, values in series:
        if len(values) != len(groups):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(groups)} groups")
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError(f"series {name!r} has a negative or non-finite value")

    def value_text(value: float) -> str:
        return f"{value_format(value)} {unit}".strip()

    label_w = min(_text_width(max(groups, key=_text_width)), WIDTH * 0.4)
    value_w = max(_text_width(value_text(v)) for _, values in series for v in values)
    bar_x = PAD + label_w + PAD
    bar_span = max(WIDTH - bar_x - PAD - value_w - PAD, 40)
    top = PAD + (ROW if len(series) > 1 else 0)  # room for the legend
    scale = max((v for _, values in series for v in values), default=0) or 1
    group_h = ROW * len(series) + GROUP_GAP
    height = top + group_h * len(groups) - GROUP_GAP + PAD

    cid = chart_id or _stable_id(title, groups, series)
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
            'viewBox="0 0 {w} {h}" aria-labelledby="{cid}-title {cid}-desc" '
            'font-size="{fs}"><title id="{cid}-title">{title}</title>'
            '<desc id="{cid}-desc">{desc}</desc>'
            '<rect width="{w}" height="{h}" fill="{bg}"/>'
        ).format(
            w=WIDTH,
            h=height,
            cid=cid,
            fs=FONT_SIZE,
            title=title,
            desc=_describe(description, groups, series, value_text),
            bg=BACKGROUND,
        )
    ]
    if len(series) > 1:
        parts.append(_legend(series))
    for g, group in enumerate(groups):
        y0 = top + g * group_h
        # A label wider than its column is squeezed to fit rather than cut off.
        fit = (
            Markup(' textLength="{}" lengthAdjust="spacingAndGlyphs"').format(label_w)
            if _text_width(group) > label_w
            else ""
        )
        parts.append(
            Markup(
                '<text x="{x}" y="{y}" text-anchor="end" dominant-baseline="central" '
                'fill="{c}"{fit}>{label}</text>'
            ).format(x=bar_x - PAD, y=y0 + ROW * len(series) / 2, c=TEXT, fit=fit, label=group)
        )
        for s, (_, values) in enumerate(series):
            y = y0 + s * ROW + (ROW - BAR) / 2
            w = round(bar_span * values[g] / scale, 1)
            parts.append(
                Markup(
                    '<rect x="{x}" y="{y}" width="{w}" height="{bh}" fill="{c}"/>'
                    '<text x="{tx}" y="{ty}" dominant-baseline="central" fill="{tc}">{v}</text>'
                ).format(
                    x=bar_x,
                    y=y,
                    w=w,
                    bh=BAR,
                    c=SERIES_COLOURS[s],
                    tx=round(bar_x + w + PAD / 2, 1),
                    ty=y + BAR / 2,
                    tc=TEXT,
                    v=value_text(values[g]),
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _legend(series: Sequence[tuple[str, Sequence[float]]]) -> Markup:
    x = float(PAD)
    items = []
    for s, (name, _) in enumerate(series):
        items.append(
            Markup(
                '<rect x="{x}" y="{y}" width="{b}" height="{b}" fill="{c}"/>'
                '<text x="{tx}" y="{ty}" dominant-baseline="central" fill="{tc}">{name}</text>'
            ).format(
                x=x,
                y=PAD,
                b=FONT_SIZE,
                c=SERIES_COLOURS[s],
                tx=x + FONT_SIZE + 4,
                ty=PAD + FONT_SIZE / 2,
                tc=TEXT,
                name=name,
            )
        )
        x += FONT_SIZE + 4 + _text_width(name) + 2 * PAD
    return Markup('<g class="legend">{}</g>').format(Markup("").join(items))


def _describe(
    description: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    value_text: Callable[[float], str],
) -> str:
    """The description followed by every value in words, for readers who cannot see bars."""
    entries = []
    for g, group in enumerate(groups):
        values = [
            f"{name} {value_text(vals[g])}" if name else value_text(vals[g])
            for name, vals in series
        ]
        entries.append(f"{group}: {', '.join(values)}")
    return f"{description} {'; '.join(entries)}".strip()


def _text_width(text: str) -> float:
    """Rough rendered width: wide (CJK) characters take a full em, others about 0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * FONT_SIZE


def _stable_id(title: str, groups: Sequence[str], series: Sequence[object]) -> str:
    digest = hashlib.sha1(repr((title, list(groups), list(series))).encode()).hexdigest()
    return f"chart-{digest[:10]}"
