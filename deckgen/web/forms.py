"""Forms generated from the content models: one widget per field, and the way back from what
the page sends to the values a content file holds.

The models decide what a field is (a whole number, a share, a date, a list of bullets, a
source id); this module only picks the input that suits it. Values that do not convert are
passed on as typed, so validation reports them with the command line's own message
(``'zwölf' is not a number``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticUndefined

from ..models import SLIDE_KINDS, Deck, SlideBase
from ..records import record
from .words import FIELD_HELP, FIELD_LABELS, pick

#: Amounts of money among the models' plain numbers (the models know them only as floats).
CURRENCY_FIELDS = frozenset({"customer_lifetime_value", "budget"})
#: Strings long enough for a text area.
LONG_TEXT = frozenset(
    {
        "headline",
        "notes",
        "ask",
        "body",
        "quote",
        "lead",
        "conclusion",
        "decision",
        "next_step",
        "note",
    }
)
#: Fields that name one of the deck's sources.
SOURCE_FIELDS = frozenset({"source", "via"})
#: Derived figures shown as money; the others are counts.
CURRENCY_DERIVED = frozenset(
    {"revenue_at_risk_per_year", "revenue_at_risk_total", "cumulative_revenue_at_risk"}
)
#: Slide fields in the order the form shows them: the takeaway first, the kind's own fields
#: next (where the marker stands), the speaker notes and the slide's id last.
SLIDE_ORDER = ("headline", "*", "topic", "example", "proposal", "sources", "notes", "id")

WidgetKind = Literal[
    "text",
    "textarea",
    "int",
    "float",
    "percent",
    "currency",
    "date",
    "bool",
    "choice",
    "source",
    "sources",
    "colour",
    "logo",
    "object",
    "list",
]


class _Missing:
    """A field the form leaves empty: the key is left out of the content."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@record
class Widget:
    """One input of a form, or a group (object) or list of them."""

    key: str
    kind: WidgetKind
    required: bool
    default: Any = PydanticUndefined
    choices: tuple[str, ...] = ()
    children: tuple[Widget, ...] = ()
    item: Widget | None = None
    max_items: int | None = None
    accepts_text: bool = False  # an object a plain string may stand for (a bullet, a reason)

    def label(self, language: str) -> str:
        pair = FIELD_LABELS.get(self.key)
        return pick(pair, language) if pair else self.key.replace("_", " ").capitalize()

    def help(self, language: str) -> str:
        pair = FIELD_HELP.get(self.key)
        return pick(pair, language) if pair else ""


# --------------------------------------------------------------------------- from the models


@functools.cache
def slide_widgets(kind: str) -> tuple[Widget, ...]:
    """Return the widgets of a slide kind's form, in SLIDE_ORDER; KeyError for unknown kinds."""
    model = SLIDE_KINDS[kind]
    fields = {name: info for name, info in model.model_fields.items() if name != "kind"}
    own = [name for name in fields if name not in SlideBase.model_fields]
    order = [n for key in SLIDE_ORDER for n in (own if key == "*" else [key]) if n in fields]
    return tuple(_widget(name, fields[name]) for name in order)


@functools.cache
def deck_widgets() -> tuple[Widget, ...]:
    """Return the widgets of the deck panel: everything but the slides."""
    return tuple(
        _widget(name, info) for name, info in Deck.model_fields.items() if name != "slides"
    )


def _widget(name: str, info: Any) -> Widget:
    default = info.default
    if info.default_factory is not None:
        default = info.default_factory()
    return _of(name, info.annotation, list(info.metadata), info.is_required(), default)


def _of(name: str, annotation: Any, metadata: list[Any], required: bool, default: Any) -> Widget:
    annotation, metadata = _unwrap(annotation, metadata)
    if _is_optional(annotation):
        inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        return _of(name, inner, metadata, False, default)
    accepts_text = any(isinstance(m, BeforeValidator) for m in metadata)
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        max_items = next(
            (m.max_length for m in metadata if isinstance(m, annotated_types.MaxLen)), None
        )
        if name == "sources" and not _is_model(_unwrap(item, [])[0]):
            # A slide's source ids pick from the deck's sources; the deck's own list of
            # sources is a list of objects like any other.
            return Widget(name, "sources", required, default)
        return Widget(
            name,
            "list",
            required,
            default,
            item=_of(name, item, [], True, PydanticUndefined),
            max_items=max_items,
            accepts_text=accepts_text,
        )
    if _is_model(annotation):
        children = tuple(_widget(n, i) for n, i in annotation.model_fields.items() if not i.exclude)
        return Widget(
            name, "object", required, default, children=children, accepts_text=accepts_text
        )
    if origin is Literal:
        choices = tuple(str(c) for c in typing.get_args(annotation))
        return Widget(name, "choice", required, default, choices=choices)
    return Widget(name, _scalar_kind(name, annotation, metadata), required, default)


def _scalar_kind(name: str, annotation: Any, metadata: list[Any]) -> WidgetKind:
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        if name in CURRENCY_FIELDS:
            return "currency"
        upper = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
        return "percent" if upper == 1 else "float"
    if annotation is dt.date:
        return "date"
    if name in SOURCE_FIELDS:
        return "source"
    if name == "accent":
        return "colour"
    if name == "logo":
        return "logo"
    return "textarea" if name in LONG_TEXT else "text"


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip Annotated layers, collecting their metadata (FieldInfo's own metadata too)."""
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            metadata.extend(getattr(item, "metadata", None) or [item])
        annotation = base
    return annotation, metadata


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


# --------------------------------------------------------------------------- values to show


def shown(widget: Widget, value: Any, language: str) -> Any:
    """Return a value as its input shows it: numbers in the deck's language, shares as percent,
    a bullet written as a plain string as its object."""
    if value is None or value is MISSING:
        value = None if widget.default is PydanticUndefined else widget.default
    if widget.kind == "object":
        if isinstance(value, str) and widget.accepts_text:
            value = {"text": value}
        values = value if isinstance(value, dict) else {}
        return {c.key: shown(c, values.get(c.key), language) for c in widget.children}
    if widget.kind == "list":
        items = [value] if isinstance(value, str) and widget.accepts_text else value
        assert widget.item is not None
        return [shown(widget.item, v, language) for v in items] if isinstance(items, list) else []
    if widget.kind == "sources":
        return list(value) if isinstance(value, list) else []
    if widget.kind == "bool":
        return bool(value)
    if value is None:
        return ""
    if widget.kind in ("int", "float", "currency", "percent") and _is_number(value):
        number = value * 100 if widget.kind == "percent" else value
        return _number_text(number, language)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_text(value: float, language: str) -> str:
    text = f"{value:.10g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if language == "de" else text


# --------------------------------------------------------------------------- values back


def read_form(widgets: tuple[Widget, ...], sent: Any, old: Any, language: str) -> dict[str, Any]:
    """Return the content values of a submitted form, given what the content held before.

    Empty inputs leave their key out; a default the content did not write is not added; a
    value that did not change keeps the form it was written in.
    """
    sent = sent if isinstance(sent, dict) else {}
    old = old if isinstance(old, dict) else {}
    out: dict[str, Any] = {}
    for widget in widgets:
        value = _read(widget, sent.get(widget.key, MISSING), old.get(widget.key, MISSING), language)
        if value is MISSING:
            continue
        if widget.key not in old and value == widget.default:
            continue
        out[widget.key] = value
    return out


def _read(widget: Widget, sent: Any, old: Any, language: str) -> Any:
    if widget.kind == "object":
        if sent is MISSING:
            return old
        values = read_form(widget.children, sent, old if isinstance(old, dict) else {}, language)
        if widget.accepts_text and set(values) == {"text"} and isinstance(values["text"], str):
            return values["text"]
        if not values and not widget.required:
            return MISSING
        return values
    if widget.kind == "list":
        if not isinstance(sent, list):
            return old
        assert widget.item is not None
        olds = old if isinstance(old, list) else []
        items = [
            _read(widget.item, v, olds[i] if i < len(olds) else MISSING, language)
            for i, v in enumerate(sent)
        ]
        items = [v for v in items if v is not MISSING]
        if widget.accepts_text and isinstance(old, str) and items == [old]:
            return old
        return items
    if widget.kind == "sources":
        return [str(v) for v in sent if isinstance(v, str) and v] if isinstance(sent, list) else old
    if widget.kind == "bool":
        return bool(sent) if isinstance(sent, bool) else old
    if sent is MISSING:
        return old
    if not isinstance(sent, str):
        return sent
    text = sent.strip()
    if not text:
        return MISSING
    if widget.kind == "logo":
        return old  # only the logo upload changes it: no request names a file
    if widget.kind in ("int", "float", "currency", "percent"):
        return _number(widget.kind, text, old, language)
    if widget.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


_GERMAN_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def _number(kind: str, text: str, old: Any, language: str) -> Any:
    """Read a number as the deck's language writes it (de: 4.800 and 12,5); return the text
    unchanged when it is not one, for validation to name."""
    plain = text.replace("\u00a0", "").replace(" ", "")
    if language == "de" and ("," in plain or _GERMAN_THOUSANDS.fullmatch(plain)):
        plain = plain.replace(".", "").replace(",", ".")
    elif language != "de":
        plain = plain.replace(",", "")
    try:
        number = float(plain)
    except ValueError:
        return text
    if kind == "percent":
        number = number / 100
    elif kind == "int" and number.is_integer():
        return int(number)
    elif kind == "int":
        return number  # validation says it is not a whole number
    if _is_number(old) and old == number:
        return old
    return int(number) if number.is_integer() and isinstance(old, int) else number
