"""The content file as the user wrote it, edited in place: comments, order, quoting and block
styles survive an edit made in the page (ruamel.yaml's round-trip mode).

Only text that deckgen's own loader has read first is parsed here, so the bounds on nesting
and aliases (``content.load_yaml``) hold before ruamel builds anything.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..content import parse_content

#: Where a folded (``>``) string that the page changed is folded again: the shipped files'
#: line length.
FOLD_WIDTH = 92


class YamlDocument:
    """One content file's YAML, changed by plain values and written back in the file's style."""

    def __init__(self, text: str, name: str) -> None:
        parse_content(text, name)  # bounded and located: raise ContentError before ruamel runs
        _, indent, offset = load_yaml_guess_indent(text) if text.strip() else (None, 4, 2)
        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.width = 4096  # never rewrap a line the user wrote
        self._yaml.indent(
            mapping=max(2, (indent or 4) - (offset or 0)), sequence=indent or 4, offset=offset or 0
        )
        self.root: CommentedMap = self._yaml.load(text)

    def text(self) -> str:
        """Return the document as YAML text."""
        out = io.StringIO()
        self._yaml.dump(self.root, out)
        return out.getvalue()

    def plain(self) -> dict[str, Any]:
        """Return the document as plain dicts, lists and scalars (what deckgen's loader reads)."""
        return _plain(self.root)

    def slides(self) -> CommentedSeq:
        slides = self.root.get("slides")
        if not isinstance(slides, list):
            slides = CommentedSeq()
            self.root["slides"] = slides
        return slides

    def set_slide(self, index: int, data: dict[str, Any]) -> None:
        """Give slide index the values of data, keeping what the file says about the rest."""
        slides = self.slides()
        slides[index] = merge(slides[index], data)

    def set_deck(self, data: dict[str, Any], order: list[str]) -> None:
        """Give the deck-level fields (everything but slides) the values of data; a field the
        file did not have goes where ``order`` (the model's field order) puts it."""
        for key in [k for k in self.root if k != "slides" and k not in data]:
            del self.root[key]
        for key, value in data.items():
            if key == "slides":
                continue
            if key in self.root:
                self.root[key] = merge(self.root[key], value)
                continue
            rank = order.index(key) if key in order else len(order)
            keys = list(self.root)
            at = next(
                (i for i, k in enumerate(keys) if (order.index(k) if k in order else 0) > rank),
                len(keys),
            )
            self.root.insert(at, key, merge(None, value))

    def insert_slide(self, index: int, data: dict[str, Any]) -> None:
        self.slides().insert(index, merge(None, data))

    def remove_slide(self, index: int) -> None:
        del self.slides()[index]

    def move_slide(self, index: int, to: int) -> None:
        slides = self.slides()
        slides.insert(to, slides.pop(index))


def merge(old: Any, new: Any) -> Any:
    """Return new as a YAML node that keeps old's comments, key order and string style."""
    if isinstance(new, dict):
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            node[key] = merge(node.get(key), value)
        return node
    if isinstance(new, list):
        seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
        del seq[len(new) :]
        for i, value in enumerate(new):
            if i < len(seq):
                seq[i] = merge(seq[i], value)
            else:
                seq.append(merge(None, value))
        return seq
    if isinstance(new, str) and isinstance(old, str):
        return _same_style(old, new)
    return new


def _same_style(old: str, new: str) -> str:
    if str(old) == new or (str(old).endswith("\n") and str(old)[:-1] == new):
        return old  # unchanged (the form strips a folded string's final line break)
    if isinstance(old, FoldedScalarString | LiteralScalarString):
        text = new + "\n" if str(old).endswith("\n") and not new.endswith("\n") else new
        styled = type(old)(text)
        if isinstance(styled, FoldedScalarString):
            styled.fold_pos = _fold_positions(text)  # type: ignore[attr-defined]  # ruamel reads it
        return styled
    if type(old) is not str:  # quoted: keep the quotes the user chose
        return type(old)(new)
    return new


def _fold_positions(text: str) -> list[int]:
    """Return the spaces at which a folded string breaks its lines, as ruamel expects them."""
    positions, start = [], 0
    for line in textwrap.wrap(text, FOLD_WIDTH, break_long_words=False, break_on_hyphens=False):
        start = text.index(line, start) + len(line)
        if start < len(text.rstrip("\n")) and text[start] == " ":
            positions.append(start)
    return positions


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    # ruamel's own subclasses (ScalarFloat, ScalarInt) carry formatting; values are plain.
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node  # None, dates
