"""Loading content: YAML files, `--set` overrides and client rows into a validated Deck.

Everything the user typed is located (file and line, or the override that set it) so that each
problem can be reported as ``file:line: field: what is wrong; what to do``, all at once.

By layer: ``reading`` (bounded YAML, line numbers), ``overrides`` (``--set`` and client cells),
``messages`` (what a user reads about a bad value), ``strings`` (rendering every content string)
and ``validation`` (``load_deck``: all of it in order). Every name stays importable from here.
"""

from ..errors import format_path
from ..inputs import MAX_LOGO_BYTES
from .messages import CONTROL_CHARS, normalise_loc
from .overrides import apply_override, copy_data, parse_override, parse_scalar, split_path
from .reading import (
    MAX_CHARS,
    MAX_CONTENT_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Path_,
    RawContent,
    load_yaml,
    parse_content,
    read_content,
)
from .strings import ClientValues, jinja_context, render_strings
from .validation import file_logo, files_beside, load_deck, logo_problem, validate

__all__ = [
    "CONTROL_CHARS",
    "MAX_CHARS",
    "MAX_CONTENT_BYTES",
    "MAX_DEPTH",
    "MAX_LOGO_BYTES",
    "MAX_NODES",
    "ClientValues",
    "Path_",
    "RawContent",
    "apply_override",
    "copy_data",
    "file_logo",
    "files_beside",
    "format_path",
    "jinja_context",
    "load_deck",
    "load_yaml",
    "logo_problem",
    "normalise_loc",
    "parse_content",
    "parse_override",
    "parse_scalar",
    "read_content",
    "render_strings",
    "split_path",
    "validate",
]
