"""Every command's --help as a user reads it at 80 columns: user-visible text is API.

Pinned from a real process, as a terminal shows it (click's test runner forces another width).
A change to a command's options or words shows up here, to be read before it is accepted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

PROGRAM = "from deckgen.cli import app; app(prog_name='deckgen')"

HELP = {
    "": """\
Usage: deckgen [OPTIONS] COMMAND [ARGS]...

  Boardroom-ready PowerPoint decks for the CEO, from a marketer's arguments.

Options:
  --version             Print deckgen's version and exit.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  --help                Show this message and exit.

Commands:
  build     Build a deck from a content file.
  validate  Check a content file and client rows without writing anything.
  schema    Print the JSON Schema of content files, for editor completion.
  init      Start a project: starter content, sample clients, .gitignore.
  batch     Build one personalised deck per row of a client table.
  inspect   Show a template's layouts and the layout each slide kind gets.
  check     Lint a deck before the CEO sees it.
  preview   Render a PNG per slide and a contact sheet of the deck.
  serve     Edit the argument in a local web page and see the real deck.

  Run 'deckgen COMMAND --help' for a command's options.
""",
    "build": """\
Usage: deckgen build [OPTIONS] [CONTENT]

  Build a deck from a content file.

  Writes out/CONTENT.pptx in the current folder (out/pitch.pptx for
  pitch.yaml) unless -o says otherwise. Without CONTENT, builds the shipped
  German deck (--lang en: English). With --watch, an edit that does not
  validate shows its errors and keeps the last deck.

Arguments:
  CONTENT  Content file (YAML); default: the shipped deck.

Options:
  --lang LANG             Language of the shipped deck: de or en.
  -t, --template FILE     PowerPoint template (.pptx, .potx, .ppsx, ...).
  -o, --output FILE       Deck to write (default: out/CONTENT.pptx).
  --set PATH=VALUE        Set a content field, e.g. audience.company=Acme.
  --pdf                   Also write a PDF beside the deck (LibreOffice).
  --allow-overflow        Keep text that does not fit; warn, do not fail.
  --mapping FILE          Layout mapping (default: TEMPLATE.deckgen.yaml).
  --keep-template-slides  Keep the template's slides after the deck.
  --watch                 Rebuild when the content, logo or template is saved.
  --help                  Show this message and exit.
""",
    "validate": """\
Usage: deckgen validate [OPTIONS] CONTENT

  Check a content file and client rows without writing anything.

Arguments:
  CONTENT  Content file (YAML).

Options:
  --set PATH=VALUE     Set a content field, e.g. audience.company=Acme.
  --clients FILE       Also check every row of this client table.
  --sheet NAME         Worksheet of an .xlsx client table (default: first).
  -t, --template FILE  PowerPoint template (.pptx, .potx, .ppsx, ...).
  --help               Show this message and exit.
""",
    "schema": """\
Usage: deckgen schema [OPTIONS]

  Print the JSON Schema of content files, for editor completion.

Options:
  --help  Show this message and exit.
""",
    "init": """\
Usage: deckgen init [OPTIONS] [DIR]

  Start a project: starter content, sample clients, .gitignore.

  Writes DIR/pitch.yaml (the shipped deck, commented, to edit),
  DIR/clients.csv (two sample clients for deckgen batch) and DIR/.gitignore
  (out/, decks/, preview/ and PDFs).

Arguments:
  DIR  Folder for the starter files.  [default: .]

Options:
  --lang LANG  Language of the starter deck: de or en.  [default: de]
  --force      Overwrite existing files.
  --help       Show this message and exit.
""",
    "batch": """\
Usage: deckgen batch [OPTIONS] CONTENT CLIENTS

  Build one personalised deck per row of a client table.

  Checks every row first, builds in parallel, skips decks that are up to date,
  and writes a report of every row. Exit 1 when some rows failed (the others
  are built).

Arguments:
  CONTENT  Content file (YAML).
  CLIENTS  Client table: .csv, .xlsx, .yaml or .json.

Options:
  -o, --output DIR        Folder for the decks.  [default: decks]
  -t, --template FILE     PowerPoint template (.pptx, .potx, .ppsx, ...).
  --sheet NAME            Worksheet of an .xlsx client table (default: first).
  --set PATH=VALUE        Set a content field, e.g. audience.company=Acme.
  --mapping FILE          Layout mapping (default: TEMPLATE.deckgen.yaml).
  --allow-overflow        Keep text that does not fit; warn, do not fail.
  --keep-template-slides  Keep the template's slides after the deck.
  --name PATTERN          File names from {company}, {row} or any {column}.
                          [default: {company}]
  -j, --jobs N            Processes to build in (default: all CPUs).  [x>=1]
  --strict                Build nothing unless every row is valid.
  --force                 Rebuild all decks; replace files no batch made.
  --pdf                   Also write a PDF per deck (needs LibreOffice).
  --report FILE           Report to write (default: DIR/report.json).
  --row-timeout SECONDS   Fail a row still running after this long (0: none).
                          [default: 120.0; x>=0]
  -q, --quiet             Print only errors; no progress, no summary.
  -v, --verbose           List every deck with its row and build time.
  --help                  Show this message and exit.
""",
    "inspect": """\
Usage: deckgen inspect [OPTIONS] TEMPLATE

  Show a template's layouts and the layout each slide kind gets.

  Lists the layouts, their placeholder roles, the layout each slide kind gets
  and what the template lacks (and what deckgen does instead).

Arguments:
  TEMPLATE  PowerPoint template: .pptx, .potx, .pptm, .potm or .ppsx.

Options:
  --mapping FILE        Layout mapping (default: TEMPLATE.deckgen.yaml).
  --write-mapping FILE  Write the layout each slide kind gets as an editable
                        mapping.
  --force               Overwrite the --write-mapping file.
  --help                Show this message and exit.
""",
    "check": """\
Usage: deckgen check [OPTIONS] DECK

  Lint a deck before the CEO sees it.

  Finds leftover template tags, text overflow, shapes off the slide, empty
  placeholders, missing alt text, text below 12 pt, low contrast, unsourced
  statistics and missing fonts. Exit 1 when it finds a problem (warnings alone
  do not count), 2 when the deck cannot be read.

Arguments:
  DECK  PowerPoint deck (.pptx), built by deckgen or not.

Options:
  --json  Print the findings as JSON.
  --help  Show this message and exit.
""",
    "preview": """\
Usage: deckgen preview [OPTIONS] DECK

  Render a PNG per slide and a contact sheet of the deck.

  The contact sheet outlines in red every shape that deckgen check flags.
  Needs LibreOffice and poppler. --watch renders again whenever the deck is
  written (say, by a build --watch in another terminal).

Arguments:
  DECK  PowerPoint deck (.pptx).

Options:
  -o, --output DIR  Folder for the images (default: DECK-preview).
  --open            Open the contact sheet in the system's image viewer.
  --dpi N           Resolution of the slide images.  [default: 96; 20<=x<=600]
  --watch           Render again whenever the deck is written.
  --help            Show this message and exit.
""",
    "serve": """\
Usage: deckgen serve [OPTIONS] [CONTENT]

  Edit the argument in a local web page and see the real deck.

  A form per slide generated from the content models, live thumbnails of the
  built deck, downloads, Save back to the YAML file keeping its comments,
  template and client-table upload. Listens on 127.0.0.1 at a free port;
  Ctrl-C stops it. Needs the serve extra: pip install "deckgen[serve]".

Arguments:
  CONTENT  Content file (YAML) to edit; default: pitch.yaml here, started from
           the shipped deck.

Options:
  -t, --template FILE  PowerPoint template (.pptx/.potx).
  --clients FILE       Client table for the batch page.
  --host HOST          Address to listen on; not 127.0.0.1: needs a token.
                       [default: 127.0.0.1]
  --port PORT          Port to listen on (default: a free one).
  --no-browser         Print the address, do not open a browser.
  --help               Show this message and exit.
""",
}


def help_text(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM, *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


@pytest.mark.parametrize("command", list(HELP))
def test_help_is_pinned(command):
    assert help_text(*command.split()) == HELP[command]


def test_every_command_is_pinned():
    listed = re.findall(r"^  (\w+)  ", HELP[""].split("Commands:")[1], re.M)
    assert sorted(listed) == sorted(c for c in HELP if c)


@pytest.mark.parametrize("command", list(HELP))
def test_help_reads_like_a_well_kept_cli(command):
    text = HELP[command]
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not re.search(r"<\w+>", text), "types such as <bool> or <path> are developer output"


def test_each_command_is_summed_up_in_one_whole_sentence():
    commands = HELP[""].split("Commands:\n")[1].split("\n\n")[0].splitlines()
    assert len(commands) == len(HELP) - 1
    for line in commands:
        assert re.fullmatch(r"  \w+ +[A-Z].*[^.]\.", line), line
