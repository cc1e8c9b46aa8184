"""Findings: the rules check applies, one problem found, and the JSON report of them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: Every rule check applies, with the one-line explanation ``deckgen check --json`` gives of each
#: rule it found; a finding of a rule not listed here is a bug (``_Checker.add`` refuses it).
RULES: dict[str, str] = {
    "template-tag": "a Jinja tag ({{ }}, {% %}) was left in the text",
    "overflow": "text runs past the bottom of its box",
    "off-slide": "a shape lies partly or wholly outside the slide",
    "overlap": "the text of two shapes is printed over each other (a title over a body)",
    "empty-placeholder": 'an empty placeholder shows "Click to add text" in PowerPoint',
    "alt-text": "a picture or chart has no alternative text for screen readers",
    "broken-picture": "a picture is damaged, cut short or has too many pixels to show",
    "small-font": "text is smaller than 12 pt",
    "contrast": "text contrast against its background is below 3:1 (WCAG AA, large text)",
    "unsourced-statistic": "a slide shows a statistic but no source footnote",
    "missing-font": "a font the deck uses is not installed here (previews and PDFs differ)",
}


@dataclass(frozen=True)
class Finding:
    """One problem in a deck.

    ``slide`` counts from 1 (None: the deck as a whole or a layout); ``box`` is the shape's
    (left, top, width, height) in EMU, for outlining it. A ``warning`` is reported but does not
    make ``deckgen check`` fail: it is about this machine or the template's own style (a small
    footer), not the deck.
    """

    rule: str
    slide: int | None
    shape: str | None
    message: str
    severity: str = "error"
    box: tuple[int, int, int, int] | None = None

    def __str__(self) -> str:
        where = f"slide {self.slide}" if self.slide is not None else "deck"
        shape = f", {self.shape}" if self.shape else ""
        return f"{where}{shape}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["box"] = list(self.box) if self.box else None
        return data


def is_problem(finding: Finding) -> bool:
    """Whether a finding makes the deck fail the check (warnings do not)."""
    return finding.severity == "error"


def report(path: Path, findings: list[Finding]) -> dict[str, Any]:
    """The findings as the JSON ``deckgen check --json`` prints: counts first, what each rule
    found means, then each finding."""
    return {
        "deck": str(path),
        "problems": sum(1 for f in findings if is_problem(f)),
        "warnings": sum(1 for f in findings if not is_problem(f)),
        "rules": {f.rule: RULES[f.rule] for f in findings},
        "findings": [f.to_dict() for f in findings],
    }
