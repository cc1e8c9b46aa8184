"""Where the shipped content, template and starter files are.

Installed, they are package data under ``deckgen/_data``; in a source checkout they are the
repo's top-level ``content/`` and ``templates/`` folders, which the wheel copies.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of shipped files called name (content or templates)."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def shipped_content(language: str) -> Path:
    """Return the shipped social-maturity content file for a language."""
    return data_dir("content") / f"social-maturity.{language}.yaml"


def shipped_template() -> Path:
    """Return the shipped boardroom template."""
    return data_dir("templates") / "boardroom.pptx"
