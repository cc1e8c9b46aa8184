"""How the commands present themselves: help printed as git, ruff or uv print it, and the
options and arguments several commands share (their help text is part of it)."""

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from .cli_values import plain_values


class Group(TyperGroup):
    """The command group, whose own option (--version) is coerced as a command's are."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


class Command(TyperCommand):
    """Help as git, ruff or uv print it: an argument is its metavar (`CONTENT`, not Typer's
    `content <path>`), bare in the usage line when required and in brackets when optional.
    Plain values are coerced without Typer's TypeAdapters (``cli_values``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_metavar(param) if param.required else f"[{_metavar(param)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        params: list[Any] = self.get_params(ctx)  # Typer's arguments have help and hidden
        for param in params:
            if param.param_type_name == "argument" and not param.hidden:
                default = f"  [default: {param.default}]" if param.default is not None else ""
                args.append((_metavar(param), f"{param.help or ''}{default}"))
            elif param.param_type_name == "option" and (record := param.get_help_record(ctx)):
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _metavar(param: Any) -> str:
    return param.metavar or param.name.upper()


SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        help="Set a content field, e.g. audience.company=Acme.",
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet", metavar="NAME", help="Worksheet of an .xlsx client table (default: first)."
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        metavar="FILE",
        help="Layout mapping (default: TEMPLATE.deckgen.yaml).",
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "-t",
        "--template",
        metavar="FILE",
        help="PowerPoint template (.pptx, .potx, .ppsx, ...).",
    ),
]
AllowOverflowOption = Annotated[
    bool,
    typer.Option("--allow-overflow", help="Keep text that does not fit; warn, do not fail."),
]
KeepTemplateSlidesOption = Annotated[
    bool,
    typer.Option("--keep-template-slides", help="Keep the template's slides after the deck."),
]
ContentArgument = Annotated[Path, typer.Argument(metavar="CONTENT", help="Content file (YAML).")]
