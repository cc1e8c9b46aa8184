"""Loading content: YAML files, `--set` overrides and client rows into a validated Deck.

Everything the user typed is located (file and line, or the override that set it) so that each
problem can be reported as ``file:line: field: what is wrong; what to do``, all at once.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ValidationError

from .engine import EngineError, engine_for
from .errors import ContentError, InputError, Problem, format_path
from .inputs import MAX_LOGO_BYTES, file_problem, read_text_input
from .labels import LABELS
from .models import SLIDE_KINDS, Deck
from .tagtext import has_tags
from .typography import NOT_TEXT, typeset

# libyaml's safe loader where installed (ten times faster), else PyYAML's own; both are safe.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_CONTENT_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_CHARS = 2_000_000  # characters of text in a YAML file, aliases expanded
MAX_DEPTH = 50

Path_ = tuple[str | int, ...]


@dataclass
class RawContent:
    """Content as the user wrote it, before validation, with where each value came from.

    ``literal`` holds the fields whose values are data (a client table's cells): they are
    shown as written and never rendered as templates.
    """

    data: dict[str, Any]
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)
    origins: dict[Path_, tuple[str, int | None]] = field(default_factory=dict)
    literal: set[Path_] = field(default_factory=set)

    def locate(self, path: Path_) -> tuple[str, int | None]:
        """Return (file, line) of the value at path, or of its nearest located parent."""
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            if prefix in self.origins:
                return self.origins[prefix]
            if prefix in self.lines:
                return self.file, self.lines[prefix]
        return self.file, None

    def problem(self, path: Path_, message: str) -> Problem:
        file, line = self.locate(path)
        return Problem(file, line, format_path(path), message)


# --------------------------------------------------------------------------- reading


def read_content(path: Path) -> RawContent:
    """Read a YAML content file safely; raise ContentError naming the line of a syntax error."""
    text = read_text_input(path, "content file", MAX_CONTENT_BYTES, ContentError)
    return parse_content(text, str(path))


def load_yaml(
    text: str,
    name: str,
    error: type[InputError] = ContentError,
    *,
    max_nodes: int = MAX_NODES,
    max_chars: int = MAX_CHARS,
) -> tuple[Any, yaml.Node | None]:
    """Parse untrusted YAML: return (data, node tree for line numbers).

    Safe types only; nesting depth, the number of values and the characters of text (aliases
    expanded) are bounded before anything is built, so a hostile file can neither crash the
    parser nor exhaust memory; a key given twice in one mapping is an error naming both
    lines (YAML would silently keep the last). Every failure is raised as ``error`` naming
    the file and, where known, the line.
    """
    try:
        _check_depth(text, name, error)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_size(node, name, error, max_nodes, max_chars)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(err, "problem", None) or str(err)
        raise error([Problem(name, line, "", f"invalid YAML: {reason}")]) from err
    except (ValueError, OverflowError, RecursionError) as err:
        raise error(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"cannot read a value ({err}); write dates as YYYY-MM-DD and numbers as "
                    "plain digits",
                )
            ]
        ) from err
    return data, node


def _check_depth(text: str, name: str, error: type[InputError]) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise error([Problem(name, line, "", f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def _check_size(
    root: yaml.Node, name: str, error: type[InputError], max_nodes: int, max_chars: int
) -> None:
    # Aliases point at nodes already built; walking them counts what constructing would expand
    # (values, and characters: one aliased megabyte named a thousand times is a gigabyte by
    # the time it is copied per row or written into a report).
    stack, seen, chars = [root], 0, 0
    checked: set[int] = set()
    duplicates: list[Problem] = []
    while stack:
        node = stack.pop()
        seen += 1
        if seen > max_nodes:
            raise error(
                [
                    Problem(
                        name, None, "", f"more than {max_nodes:,} values (aliases expand too far)"
                    )
                ]
            )
        if isinstance(node, yaml.ScalarNode):
            chars += len(node.value)
            if chars > max_chars:
                raise error(
                    [
                        Problem(
                            name,
                            None,
                            "",
                            f"more than {max_chars:,} characters of text (aliases expand too far)",
                        )
                    ]
                )
        elif isinstance(node, yaml.MappingNode):
            if id(node) not in checked:
                checked.add(id(node))
                duplicates += _duplicate_keys(node, name)
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    if duplicates:
        raise error(sorted(duplicates, key=lambda p: p.line or 0))


def _duplicate_keys(node: yaml.MappingNode, name: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            problems.append(
                Problem(
                    name,
                    line,
                    _cut(key.value)[1:-1],
                    f"given twice, also on line {first[key.value]}; keep one of them",
                )
            )
        else:
            first[key.value] = line
    return problems


def parse_content(text: str, name: str = "<content>") -> RawContent:
    """Parse YAML text into RawContent with a line number for every value."""
    data, node = load_yaml(text, name)
    if not isinstance(data, dict):
        raise ContentError(
            [Problem(name, 1, "", "the content file must be a mapping of fields (title:, slides:)")]
        )
    lines: dict[Path_, int] = {}
    if node is not None:
        _index_lines(node, (), lines, [0])
    return RawContent(data=data, file=name, lines=lines)


def _index_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise ContentError(f"more than {MAX_NODES:,} values (anchors and aliases expand too far)")
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _index_lines(value, (*path, key.value), lines, count)
            # A value's error is reported at its key's line, where the user looks for it.
            lines[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines, count)


# --------------------------------------------------------------------------- overrides

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``path=value``; the value is read as YAML so numbers stay numbers."""
    if "=" not in text:
        raise ContentError(f"--set {text}: expected path=value, e.g. audience.company=Acme GmbH")
    path, _, value = text.partition("=")
    return path.strip(), parse_scalar(value)


def parse_scalar(value: str) -> Any:
    """Read a command-line or table value as YAML would (numbers, booleans), else as text."""
    try:
        parsed = yaml.safe_load(value)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return value  # not YAML (2026-02-30, a 5,000-digit number): validation says what it is
    return value if parsed is None or isinstance(parsed, dict | list) else parsed


_PATH = re.compile(r"[\w-]+(?:\.[\w-]+|\[\d+\])*")


def split_path(path: str) -> list[str | int]:
    """Split ``slides[2].headline`` or ``slides.cost_of_inaction.customers`` into segments."""
    if not _PATH.fullmatch(path):
        raise ValueError(
            f"{path!r} is not a field path like audience.company or slides[2].headline"
        )
    return [int(m.group(2)) if m.group(2) else m.group(1) for m in _SEGMENT.finditer(path)]


def copy_data(node: Any) -> Any:
    """Copy loaded content (dicts, lists and immutable scalars) so overrides can change it;
    ``copy.deepcopy`` does the same at four times the cost, which a batch pays per client."""
    if type(node) is dict:
        return {key: copy_data(value) for key, value in node.items()}
    if type(node) is list:
        return [copy_data(value) for value in node]
    return node


def apply_override(
    raw: RawContent,
    path: str,
    value: Any,
    origin: tuple[str, int | None],
    *,
    literal: bool = False,
) -> None:
    """Set the field at path to value; slides are addressed by index, id or kind.

    A ``literal`` value is data (a client table's cell), shown as written: a company called
    ``{{ Acme }}`` reads so on the slide, and a cell holding Jinja is never run.
    """
    try:
        segments = split_path(path)
    except ValueError as err:
        raise ContentError([Problem(origin[0], origin[1], path, str(err))]) from err
    node: Any = raw.data
    resolved: list[str | int] = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if isinstance(node, list):
            index = _list_index(node, seg, path, origin)
            resolved.append(index)
            if last:
                node[index] = value
            else:
                node = node[index]
            continue
        if not isinstance(node, dict) or isinstance(seg, int):
            raise ContentError([Problem(origin[0], origin[1], path, "no such field to set")])
        resolved.append(seg)
        if last:
            node[seg] = value
        else:
            node = node.setdefault(seg, {})
    raw.origins[tuple(resolved)] = origin
    if literal:
        raw.literal.add(tuple(resolved))
    else:
        raw.literal.discard(tuple(resolved))


def _list_index(items: list[Any], seg: str | int, path: str, origin: tuple[str, int | None]) -> int:
    if isinstance(seg, int) or seg.isdigit():
        index = int(seg)
        if index < len(items):
            return index
        raise ContentError(
            [Problem(origin[0], origin[1], path, f"index {index} is out of range ({len(items)})")]
        )
    matches = [i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == seg]
    if not matches:
        matches = [
            i for i, it in enumerate(items) if isinstance(it, dict) and it.get("kind") == seg
        ]
    if len(matches) == 1:
        return matches[0]
    reason = (
        f"{len(matches)} slides are {seg!r}; give one an id and use it"
        if matches
        else f"no slide has id or kind {seg!r}"
    )
    raise ContentError([Problem(origin[0], origin[1], path, reason)])


# --------------------------------------------------------------------------- validation


def file_logo(raw: RawContent) -> str | None:
    """Return the logo the content file itself names, resolved beside the file (as its reader
    expects), or None when it names none."""
    brand = raw.data.get("brand")
    source = Path(raw.file)
    if not (isinstance(brand, dict) and isinstance(brand.get("logo"), str)):
        return None
    if not source.is_file():
        return None
    logo = Path(brand["logo"])
    return str(logo if logo.is_absolute() else source.parent / logo)


def files_beside(raw: RawContent) -> None:
    """Make a logo named in a content file relative to that file; paths given with --set or a
    client table keep their own base."""
    found = file_logo(raw) if ("brand", "logo") not in raw.origins else None
    if found is not None:
        raw.data["brand"]["logo"] = found


def load_deck(
    path: Path | None = None,
    *,
    raw: RawContent | None = None,
    overrides: Sequence[str] = (),
    client: Mapping[str, Any] | None = None,
) -> Deck:
    """Read, override, validate and render content into a Deck ready to build.

    Raise ContentError listing every problem at once; nothing is written by loading.
    """
    if raw is None:
        if path is None:
            raise ValueError("load_deck needs a path or raw content")
        raw = read_content(path)
    else:
        raw = copy.deepcopy(raw)
    files_beside(raw)
    for text in overrides:
        dotted, value = parse_override(text)
        apply_override(raw, dotted, value, (f"--set {dotted}", None))
    return validate(raw, client or {})


def validate(raw: RawContent, client: Mapping[str, Any]) -> Deck:
    """Validate types, render every string, then validate the rendered text's limits."""
    first = _validate(raw, raw.data, rendered=False)
    problems = [
        raw.problem(path, _unknown_source(sid, first)) for path, sid in first.unknown_source_refs()
    ]
    if bad_logo := logo_problem(first.brand.logo):
        problems.append(raw.problem(("brand", "logo"), bad_logo))
    if problems:
        raise ContentError(problems)
    rendered, problems = render_strings(raw, first, client)
    try:
        deck = _validate(raw, rendered, rendered=True)
    except ContentError as err:
        # A string that failed to render is reported once, for its tag, not for its length.
        failed = {p.field for p in problems}
        problems += [p for p in err.problems if p.field not in failed]
    if problems:
        raise ContentError(problems)
    return deck


def logo_problem(logo: str | None) -> str | None:
    """Return why an existing logo file cannot be read (a pipe, a device, over
    MAX_LOGO_BYTES), or None; a missing one is the renderer's to name."""
    if not logo or has_tags(logo) or not os.path.lexists(logo):
        return None
    return file_problem(Path(logo), "logo file", MAX_LOGO_BYTES)


def _validate(raw: RawContent, data: dict[str, Any], *, rendered: bool) -> Deck:
    try:
        return Deck.model_validate(data, context={"rendered": rendered})
    except ValidationError as err:
        raise ContentError(_problems(raw, data, err)) from None


def _unknown_source(sid: str, deck: Deck) -> str:
    known = ", ".join(s.id for s in deck.sources) or "none"
    return f"unknown source {sid!r} (declared: {known}); declare it under sources: or fix the id"


def _problems(raw: RawContent, data: Any, err: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for e in err.errors(include_url=False):
        path = normalise_loc(data, e["loc"])
        problems.append(raw.problem(path, _message(e, path, data)))
    return problems


def normalise_loc(data: Any, loc: Iterable[str | int]) -> Path_:
    """Drop Pydantic's union tags (the slide kind) from an error location."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if isinstance(node, dict) and step not in node and node.get("kind") == step:
            continue
        if isinstance(step, str) and step.startswith(("function-", "str", "json-or-python")):
            continue
        path.append(step)
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            node = None
    return tuple(path)


def _message(e: Any, path: Path_, data: Any) -> str:
    kind = e["type"]
    value = e.get("input")
    if kind == "missing" and path and path[-1] == "source":
        return "every figure needs a source: add `source: <id>` naming one of the deck's sources"
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(data, path[:-1])
        near = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f"did you mean {near[0]!r}?" if near else "allowed: " + ", ".join(allowed)
        return f"unknown field; {hint}"
    if kind in {"int_parsing", "float_parsing", "int_type", "float_type"}:
        return f"{_shown(value)} is not a number"
    if kind == "int_from_float":
        return f"{_shown(value)} is not a whole number"
    if kind == "union_tag_invalid":
        tag = str(e.get("ctx", {}).get("tag", ""))
        near = difflib.get_close_matches(tag, SLIDE_KINDS, n=1)
        hint = f"did you mean {near[0]!r}?" if near else "kinds: " + ", ".join(SLIDE_KINDS)
        return f"unknown slide kind {tag!r}; {hint}"
    if kind == "union_tag_not_found":
        return "each slide needs a kind: (e.g. bullets, chart, cost_of_inaction)"
    msg: str = e["msg"]
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _allowed_fields(data: Any, parent: Path_) -> list[str]:
    model: Any = Deck
    node: Any = data
    for step in parent:
        node = cast(Any, node)[step] if isinstance(node, dict | list) else None
        model = _child_model(model, step, node)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [n for n, f in model.model_fields.items() if not f.exclude]
    return []


def _child_model(model: Any, step: str | int, node: Any) -> Any:
    if isinstance(step, int):
        args = typing.get_args(model)
        return _pick(args[0] if args else None, node)
    if isinstance(model, type) and issubclass(model, BaseModel) and step in model.model_fields:
        return _pick(model.model_fields[step].annotation, node)
    return None


def _pick(annotation: Any, node: Any) -> Any:
    """Resolve Annotated/Optional/union annotations to the model the data at node is."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        if isinstance(node, dict) and node.get("kind") in SLIDE_KINDS:
            return SLIDE_KINDS[node["kind"]]
        members = [_pick(a, node) for a in typing.get_args(annotation)]
        return next((m for m in members if m is not type(None) and m is not None), None)
    return annotation


# --------------------------------------------------------------------------- rendering strings


def render_strings(
    raw: RawContent, deck: Deck, client: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """Render every content string as a Jinja template; return the result and the problems.

    Values from a client table (``raw.literal``) are data: typeset, never rendered.
    """
    engine = engine_for(deck.language, deck.currency)
    base = jinja_context(deck, client)
    problems: list[Problem] = []
    data = dict(raw.data)  # walk builds new containers; only "slides" is taken out here

    def walk(node: Any, path: Path_, context: Mapping[str, Any], literal: bool = False) -> Any:
        literal = literal or path in raw.literal
        if isinstance(node, str):
            text = node
            if has_tags(node) and not literal:
                try:
                    text = engine.render(node, context)
                except EngineError as err:
                    problems.append(raw.problem(path, str(err)))
                    return node
            if bad := CONTROL_CHARS.search(text):
                problems.append(raw.problem(path, _control_message(bad.group())))
            if not (path and path[-1] in NOT_TEXT):
                text = typeset(text, deck.language)
            return text
        if isinstance(node, dict):
            return {k: walk(v, (*path, k), context, literal) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, (*path, i), context, literal) for i, v in enumerate(node)]
        return node

    slides = data.pop("slides", [])
    rendered = walk(data, (), base)
    # Slides see the deck-level fields as rendered (a company written as a tag reads as the
    # company on slides, not as the tag).
    base["deck"] = {**base["deck"], **rendered}
    for part in ("audience", "presenter", "brand"):
        if isinstance(rendered.get(part), dict):
            base[part] = {**base[part], **rendered[part]}
    rendered["slides"] = [
        walk(s, ("slides", i), {**base, "slide": base["slides_by_index"][i]})
        for i, s in enumerate(slides)
    ]
    return rendered, problems


# Characters XML 1.0 cannot hold, so no slide can show them (tab and line breaks are fine).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _control_message(char: str) -> str:
    return f"contains the control character U+{ord(char):04X}, which a slide cannot show; remove it"


class ClientValues(Mapping[str, Any]):
    """A client row's variables as ``{{ client.<column> }}`` reads them: values, never templates.

    A cell holding a template tag is refused where a string reads it, naming the column:
    deckgen never runs a client's value, and a deck showing ``{{ ... }}`` to the client while
    the batch reports success would be worse than a failed row. A column no string reads
    (a CRM's own mail-merge text) may hold anything.
    """

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        value = self._values[key]
        if _holds_tags(value):
            shown = _cut(value if isinstance(value, str) else repr(value))
            raise EngineError(
                f"the client value {key!r} ({shown}) holds a template tag; client values are "
                "shown as written, never run: take the braces out of the cell"
            )
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _holds_tags(value: Any) -> bool:
    if isinstance(value, str):
        return has_tags(value)
    if isinstance(value, list | tuple):
        return any(_holds_tags(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_tags(v) for v in value.values())
    return False


def _cut(text: str, limit: int = 40) -> str:
    """Quote a user's value in a message, cut so that a huge cell cannot flood the report."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _shown(value: Any) -> str:
    return _cut(value) if isinstance(value, str) else _cut(repr(value))[1:-1]


def jinja_context(deck: Deck, client: Mapping[str, Any]) -> dict[str, Any]:
    """Return the names content and template strings may use."""
    dumped = [s.model_dump(mode="json") for s in deck.slides]
    return {
        "deck": deck.model_dump(mode="json", exclude={"slides"}),
        "audience": deck.audience.model_dump(mode="json"),
        "presenter": deck.presenter.model_dump(mode="json"),
        "brand": deck.brand.model_dump(mode="json"),
        "client": ClientValues(client),
        "labels": LABELS[deck.language],
        "slides": {deck.slide_key(i): d for i, d in enumerate(dumped)},
        "slides_by_index": dumped,
    }
