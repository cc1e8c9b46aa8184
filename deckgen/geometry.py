"""Rectangles on a slide, in EMU: where layouts put placeholders and where deckgen draws."""

from __future__ import annotations

from .records import record


@record
class Rect:
    """A rectangle on the slide in EMU (the text inside a shape is a ``fit.TextArea``)."""

    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def area(self) -> int:
        """The area, a rectangle of negative width or height counting as empty."""
        return max(self.width, 0) * max(self.height, 0)

    def overlap(self, other: Rect) -> int:
        """The area this rectangle shares with ``other``."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(width, 0) * max(height, 0)

    def columns(self, share: float, gap: int) -> tuple[Rect, Rect]:
        """Split into a left column of ``share`` of the width and a right one, gap between."""
        left = int((self.width - gap) * share)
        return (
            Rect(self.left, self.top, left, self.height),
            Rect(self.left + left + gap, self.top, self.width - left - gap, self.height),
        )

    @property
    def xywh(self) -> tuple[int, int, int, int]:
        """(left, top, width, height), as python-pptx and ``ooxml`` take a position."""
        return (self.left, self.top, self.width, self.height)
