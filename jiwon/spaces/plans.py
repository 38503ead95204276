"""Floor plans uploaded as SVG, made safe before they are kept.

An SVG is a document, not a picture: it can carry scripts, event handlers, HTML in a
`foreignObject`, links and references to other addresses, and entity tricks (a billion
laughs) in its XML. A plan is parsed with defusedxml (no DTD, no entities, no external
references) and written again from an allowlist: drawing elements (shapes, paths, text,
groups, gradients) with their geometry and presentation attributes. Everything else goes:
`script`, `foreignObject`, `image`, `a`, `style`, animations, `on*` handlers, `href`s other
than a reference inside the plan (`#id`), `style` attributes and any `url(...)` other than
`url(#id)`. What is kept is the new document, never the bytes that were sent.

Bounded: at most `MAX_BYTES` sent, `MAX_ELEMENTS` elements, `MAX_DEPTH` levels.
"""

import re
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 20_000
MAX_DEPTH = 32

ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
        "symbol", "use", "clipPath", "mask", "pattern", "marker",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx",
        "cy", "r", "rx", "ry", "d", "points", "transform", "preserveAspectRatio", "fill",
        "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight", "font-style",
        "text-anchor", "dominant-baseline", "letter-spacing", "dx", "dy", "rotate", "offset",
        "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
        "fx", "fy", "clip-path", "clip-rule", "mask", "patternUnits", "patternTransform",
        "markerWidth", "markerHeight", "refX", "refY", "orient", "marker-start", "marker-mid",
        "marker-end", "visibility", "display", "vector-effect", "version",
    }
)  # fmt: skip
HREFS = {"href", f"{{{XLINK_NS}}}href"}
LOCAL_REF = re.compile(r"^#[A-Za-z_][\w.\-]*$")
URL = re.compile(r"url\s*\(", re.IGNORECASE)
LOCAL_URL = re.compile(r"^url\(\s*#[A-Za-z_][\w.\-]*\s*\)$")


def _local_name(tag: object) -> str | None:
    """The element's name in the SVG namespace (None for comments, other namespaces)."""
    if not isinstance(tag, str):
        return None
    if tag.startswith(f"{{{SVG_NS}}}"):
        return tag[len(SVG_NS) + 2 :]
    return None if tag.startswith("{") else tag


def _safe_value(name: str, value: str) -> bool:
    if name in HREFS:
        return bool(LOCAL_REF.match(value.strip()))
    if URL.search(value):
        return bool(LOCAL_URL.match(value.strip()))
    lowered = value.lower()
    return "javascript:" not in lowered and "expression(" not in lowered


def _copy(source: Element, target: Element, depth: int, counted: list[int]) -> None:
    for name, value in source.attrib.items():
        if name in HREFS and _safe_value(name, value):
            target.set("href", value.strip())
        elif name in ATTRIBUTES and _safe_value(name, value):
            target.set(name, value)
    target.text = source.text
    for child in source:
        local = _local_name(child.tag)
        if local is None or local not in ELEMENTS:
            continue  # dropped with everything inside it; its tail text is dropped too
        counted[0] += 1
        if counted[0] > MAX_ELEMENTS or depth >= MAX_DEPTH:
            raise ValidationError(
                _("The plan is too complex: at most %(n)d elements, %(depth)d levels deep.")
                % {"n": MAX_ELEMENTS, "depth": MAX_DEPTH},
                code="too_complex",
            )
        made = SubElement(target, local)
        _copy(child, made, depth + 1, counted)
        made.tail = child.tail


def svg_sanitise(data: bytes, *, name: str = "") -> bytes:
    """The safe SVG document drawn from `data`, or ValidationError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(max)d MB. Simplify the drawing.")
            % {"name": name, "max": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationError(
            _("“%(name)s” declares a DTD or entities, which a floor plan may not have.")
            % {"name": name},
            code="forbidden",
        ) from exc
    except (ParseError, ValueError) as exc:
        raise ValidationError(
            _("“%(name)s” is not a readable SVG file. Export the plan again as SVG.")
            % {"name": name},
            code="content",
        ) from exc
    if _local_name(root.tag) != "svg":
        raise ValidationError(
            _("“%(name)s” is not an SVG drawing (its root is not <svg>).") % {"name": name},
            code="content",
        )
    clean = Element("svg", {"xmlns": SVG_NS})
    _copy(root, clean, 1, [1])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(clean, encoding="unicode")
    ).encode()
