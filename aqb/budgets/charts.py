"""Server-rendered SVG figures: bar chart by region and a map of Hessen.

The map is a schematic tile map of the 26 regions (one square each, roughly where the region
lies) unless the operator configures a GeoJSON file with real boundaries
(``settings.AQB_GEOJSON``; the 5-digit key is read from the feature property named by
``settings.AQB_GEOJSON_KEY``, by default ``ARS`` or ``AGS``). Every figure carries
``role="img"``, a title and a description; the page shows the same figures as a table.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from aqb.german.money import format_eur, format_number

# (column, row) of each region in the schematic tile map, north at the top.
TILES: dict[str, tuple[int, int]] = {
    "06635": (1, 0), "06611": (2, 0), "06633": (3, 0), "06636": (4, 0),
    "06534": (1, 1), "06634": (2, 1), "06632": (3, 1),
    "06532": (0, 2), "06531": (1, 2), "06535": (2, 2), "06631": (3, 2),
    "06533": (0, 3), "06434": (1, 3), "06440": (2, 3), "06435": (3, 3),
    "06439": (0, 4), "06436": (1, 4), "06412": (2, 4), "06413": (3, 4),
    "06414": (0, 5), "06433": (1, 5), "06411": (2, 5), "06438": (3, 5),
    "06431": (1, 6), "06432": (2, 6), "06437": (3, 6),
}
# Sequential palette (light to dark blue), readable with black or white text.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
TEXT_ON = ["#000", "#000", "#000", "#fff", "#fff"]
NO_VALUE = "#e5e5e5"


@dataclass(frozen=True)
class Item:
    ags: str
    label: str
    value: Decimal | None
    text: str  # the value as shown (German)


def _d(value: Decimal, places: str = "0.1") -> str:
    return str(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _svg_open(width: int, height: int, title: str, desc: str, uid: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" '
            f'class="aqb-figure">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')


def bar_chart(items: list[Item], *, title: str, uid: str = "balken") -> SafeString:
    """Horizontal bars, one per region, largest value = full width."""
    label_w, bar_w, row_h, value_w = 250, 420, 22, 130
    height = row_h * len(items) + 10
    top = max((i.value for i in items if i.value is not None), default=Decimal("0"))
    biggest = max(items, key=lambda i: i.value or 0) if items else None
    desc = (f"{len(items)} Balken. Größter Wert: {biggest.label}, {biggest.text}."
            if biggest else "Keine Werte.")
    out = [_svg_open(label_w + bar_w + value_w, height, title, desc, uid)]
    for n, item in enumerate(items):
        y = 5 + n * row_h
        width = (item.value / top * bar_w) if (item.value and top) else Decimal("0")
        out.append(
            f'<g><title>{escape(item.label)}: {escape(item.text)}</title>'
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f'{escape(item.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{_d(width)}" height="{row_h - 6}" '
            f'fill="{PALETTE[3]}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 15}" font-size="13">{escape(item.text)}'
            f'</text></g>')
    out.append("</svg>")
    return mark_safe("".join(out))


def classes(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of five classes (quantiles of the values), ascending."""
    ordered = sorted(values)
    if not ordered:
        return []
    n = len(ordered)
    return [ordered[min(n - 1, math.ceil(n * k / 5) - 1)] for k in range(1, 6)]


def class_of(value: Decimal | None, bounds: list[Decimal]) -> int | None:
    if value is None or not bounds:
        return None
    for k, bound in enumerate(bounds):
        if value <= bound:
            return k
    return len(bounds) - 1


def legend_entries(bounds: list[Decimal], fmt) -> list[tuple[str, str]]:
    """(colour, range text) per class, for the legend under the map."""
    entries, low = [], None
    for k, bound in enumerate(bounds):
        if low is not None and bound == low:
            continue
        text = f"bis {fmt(bound)}" if low is None else f"über {fmt(low)} bis {fmt(bound)}"
        entries.append((PALETTE[k], text))
        low = bound
    return entries


def region_map(items: list[Item], *, title: str, uid: str = "karte") -> SafeString:
    """Map of Hessen coloured by value: real boundaries if configured, else tiles."""
    bounds = classes([i.value for i in items if i.value is not None])
    geo = _geojson_shapes()
    desc = ("Karte der 26 Gebietskörperschaften; je dunkler, desto höher der Wert. "
            "Die Werte stehen in der Tabelle neben der Karte.")
    if geo:
        return _geo_map(items, bounds, geo, title, desc, uid)
    return _tile_map(items, bounds, title, desc, uid)


def _tile_map(items, bounds, title, desc, uid) -> SafeString:
    size, gap = 96, 4
    out = [_svg_open(5 * (size + gap), 7 * (size + gap), title, desc, uid)]
    for item in items:
        if item.ags not in TILES:
            continue
        col, row = TILES[item.ags]
        k = class_of(item.value, bounds)
        fill, ink = (NO_VALUE, "#000") if k is None else (PALETTE[k], TEXT_ON[k])
        x, y = col * (size + gap), row * (size + gap)
        short = _short(item.label)
        out.append(
            f'<g><title>{escape(item.label)}: {escape(item.text)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" '
            f'stroke="#333"/>'
            f'<text x="{x + size // 2}" y="{y + 40}" text-anchor="middle" font-size="11" '
            f'fill="{ink}">{escape(short[0])}</text>'
            f'<text x="{x + size // 2}" y="{y + 56}" text-anchor="middle" font-size="11" '
            f'fill="{ink}">{escape(short[1])}</text></g>')
    out.append("</svg>")
    return mark_safe("".join(out))


def _short(label: str) -> tuple[str, str]:
    """Two short lines for a tile: abbreviate the kind of region, split long names."""
    for prefix, short in (("Landkreis ", "Lkr. "), ("Kreis ", "Kr. "), ("Stadt ", ""),
                          ("Wissenschaftsstadt ", ""), ("Landeshauptstadt ", "")):
        if label.startswith(prefix):
            label = short + label[len(prefix):]
            break
    if label.endswith(" am Main"):
        return label[:-8], "a. M."
    if len(label) <= 13:
        return label, ""
    for prefix in ("Lkr. ", "Kr. "):
        if label.startswith(prefix) and len(label) - len(prefix) <= 15:
            return prefix.strip(), label[len(prefix):]
    if " " not in label and "-" not in label and label.endswith("kreis"):
        return label[:-5] + "-", "kreis"
    cut = max(label.rfind("-", 0, 14), label.rfind(" ", 0, 14))
    if cut <= 0:
        return label[:12] + "-", label[12:]
    return label[:cut + 1].strip(), label[cut + 1:].strip()


def geojson_configured() -> bool:
    path = getattr(settings, "AQB_GEOJSON", "")
    return bool(path) and Path(path).is_file()


def _geojson_shapes() -> dict[str, list[list[tuple[float, float]]]] | None:
    """Rings (lon, lat) per 5-digit key from the configured GeoJSON, or None."""
    path = getattr(settings, "AQB_GEOJSON", "")
    if not path or not Path(path).is_file():
        return None
    configured = getattr(settings, "AQB_GEOJSON_KEY", "") or os.environ.get("AQB_GEOJSON_KEY", "")
    key_names = [configured or "ARS", "AGS"]
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    shapes: dict[str, list] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        raw = next((str(props[k]) for k in key_names if props.get(k)), "")
        digits = "".join(c for c in raw if c.isdigit())
        if not digits:
            continue
        ags = digits[:5].zfill(5) if len(digits) >= 5 else digits.zfill(5)
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        for poly in polys:
            shapes.setdefault(ags, []).extend(poly)
    return shapes or None


def _geo_map(items, bounds, shapes, title, desc, uid) -> SafeString:
    # Geometry coordinates (not money): an equirectangular projection scaled at 50.5° N.
    points = [pt for rings in shapes.values() for ring in rings for pt in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    kx = math.cos(math.radians(50.5))
    width, height = 500, 700
    span_x, span_y = (max(lons) - min(lons)) * kx, max(lats) - min(lats)
    scale = min((width - 20) / span_x, (height - 20) / span_y)

    def xy(pt):
        return (10 + (pt[0] - min(lons)) * kx * scale, 10 + (max(lats) - pt[1]) * scale)

    out = [_svg_open(width, height, title, desc, uid)]
    for item in items:
        rings = shapes.get(item.ags)
        if not rings:
            continue
        k = class_of(item.value, bounds)
        fill = NO_VALUE if k is None else PALETTE[k]
        path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, ring)) + " Z"
                        for ring in rings)
        out.append(f'<path d="{path}" fill="{fill}" stroke="#333" stroke-width="0.8" '
                   f'fill-rule="evenodd"><title>{escape(item.label)}: {escape(item.text)}'
                   f'</title></path>')
    out.append("</svg>")
    return mark_safe("".join(out))


def eur_text(value: Decimal | None) -> str:
    return "keine Angabe" if value is None else format_eur(value)


def ratio_text(value: Decimal | None) -> str:
    return "keine Angabe" if value is None else f"{format_number(value, 2)} €"
