"""The one exception hierarchy of deckgen.

`str(err)` is the message a user reads, location first. Only the CLI turns these into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a value stands in the content: ``("slides", 2, "headline")``.
FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """Format a field path the way users write it: ``slides[2].headline``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DeckgenError(Exception):
    """Root of every error deckgen raises on purpose; the message is for the user."""

    exit_code = 2


class InputError(DeckgenError):
    """Bad input from the user: content, overrides, client table or template."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
        else:
            self.problems = list(problems)
            super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(InputError):
    """The content file (or an override of it) is unreadable or invalid."""


class TemplateError(InputError):
    """The PowerPoint template cannot be used; the message says why and what to do."""


class RenderError(DeckgenError):
    """The content is valid but does not fit the template (e.g. text overflows its box)."""


class OutputError(DeckgenError):
    """The deck could not be written where asked."""


class MissingToolError(DeckgenError):
    """An optional external tool (LibreOffice, pdftoppm) is not installed.

    Exit code 1, not 2: the input was fine and whatever did not need the tool (the .pptx of
    ``build --pdf``) was written, but not everything asked for was made.
    """

    exit_code = 1


class NoContentLayout(TemplateError):
    """The template has no layout with room for a content slide (only cover-like layouts), so
    every content slide would overflow; one message instead of one overflow per slide."""
