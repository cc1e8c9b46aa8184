"""Reading content files: bounded YAML with a line number for every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, InputError, Problem, format_path
from ..inputs import read_text_input
from ..yamllib import yaml
from .messages import _cut

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
