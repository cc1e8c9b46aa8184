"""deckgen serve through its HTTP interface (Starlette's test client): the page is generated
from the models, edits are validated by the library with the command line's messages, derived
figures come from the models, Save keeps the user's comments, downloads are `deckgen build`'s
deck. The page in a real browser: test_web_browser.py; the refusals: test_web_security.py."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the serve extra (pip install 'deckgen[serve]')")
pytest.importorskip(
    "starlette.testclient", reason="Starlette's test client needs httpx2 (test extra)"
)

from pptx import Presentation  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from deckgen.api import build_deck, load  # noqa: E402
from deckgen.errors import ContentError  # noqa: E402
from deckgen.resources import data_dir, shipped_content, shipped_template  # noqa: E402
from deckgen.web import ServeUnavailable, require_extra  # noqa: E402
from deckgen.web.security import Guard  # noqa: E402
from deckgen.web.server import create_app, make_state  # noqa: E402

HAVE_LIBREOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE, reason="LibreOffice (soffice) is needed; CI installs it"
)
BASE = "http://127.0.0.1:8765"
COST = 6  # the cost-of-inaction slide of the shipped deck


class Page:
    """A served content file and a client that talks to it as the page's script does."""

    def __init__(self, client: TestClient, content: Path) -> None:
        self.client = client
        self.content = content
        html = client.get("/").text
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def post(self, url: str, json: dict | None = None, **kw):
        headers = {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}
        if "content" in kw:
            return self.client.post(url, headers=headers, **kw)
        return self.client.post(url, json=json or {}, headers=headers, **kw)

    def edit(self, index: int, **values):
        return self.post(f"/api/slides/{index}", {"values": values})

    def status(self) -> dict:
        return self.client.get("/api/status").json()

    def wait(self, done, what: str, timeout: float = 180):
        """Poll the status until done(status) holds; fail only a hung server."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if done(status):
                return status
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {what}: {status}")


@pytest.fixture
def serve_file(tmp_path: Path):
    """Serve a content file (the shipped English deck, comments and all, by default)."""
    opened = []

    def start(text: str | None = None, *, name: str = "pitch.yaml", **options) -> Page:
        content = tmp_path / "project" / name
        content.parent.mkdir(exist_ok=True)
        content.write_text(
            text if text is not None else shipped_content("en").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        workspace = tmp_path / "workspace"
        workspace.mkdir(exist_ok=True)
        state = make_state(
            content,
            workspace=workspace,
            guard=Guard.for_address("127.0.0.1", 8765),
            template=options.get("template"),
            clients=options.get("clients"),
            images=options.get("images", False),  # LibreOffice only where a test looks
        )
        client = TestClient(create_app(state), base_url=BASE)
        client.__enter__()
        opened.append(client)
        return Page(client, content)

    yield start
    for client in opened:
        client.__exit__(None, None, None)


def cli_message(tmp_path: Path, text: str) -> list[str]:
    """What the command line says about a content file with this text."""
    path = tmp_path / "project" / "pitch.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(path)
    return str(err.value).splitlines()


# --------------------------------------------------------------------------- the server


def test_missing_extra_is_one_clear_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    with pytest.raises(ServeUnavailable) as err:
        require_extra()
    assert str(err.value) == (
        "deckgen serve needs the web server extra, and uvicorn is not installed: install it "
        'with `pip install "deckgen[serve]"` (Starlette, uvicorn and ruamel.yaml) and run the '
        "command again; build, batch and every other command work without it"
    )
    assert err.value.exit_code == 1


def test_a_port_in_use_is_refused_with_what_to_do(tmp_path):
    import socket

    from deckgen.errors import OutputError
    from deckgen.web.server import listen

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OutputError, match=rf"^127\.0\.0\.1:{port}: cannot listen there: "):
            listen("127.0.0.1", port)


def test_every_asset_is_served_by_deckgen(serve_file):
    page = serve_file()
    html = page.client.get("/").text
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert "/static/app.js" in assets and "/static/app.css" in assets
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
    for asset in ("/static/app.js", "/static/app.css"):
        assert page.client.get(asset).status_code == 200


# --------------------------------------------------------------------------- the form


def test_the_form_is_generated_from_the_slide_model_with_typed_inputs(serve_file):
    page = serve_file()
    html = page.client.get(f"/?slide={COST}").text
    inputs = dict(re.findall(r'data-key="(\w+)" data-type="(\w+)"', html))
    assert inputs["customers"] == "int"
    assert inputs["share_lost"] == "percent"
    assert inputs["customer_lifetime_value"] == "currency"
    assert re.search(
        r'data-key="share_lost" data-type="percent" inputmode="decimal" value="2"', html
    )
    assert ">Customers <span" in html and "Active customers today." in html
    assert 'data-derived="revenue_at_risk_total">€3,000,000<' in html


def test_labels_and_numbers_follow_the_deck_language(serve_file):
    page = serve_file(shipped_content("de").read_text(encoding="utf-8"))
    html = page.client.get(f"/?slide={COST}").text
    assert ">Kunden <span" in html and "Aktive Kunden heute." in html
    assert 'data-derived="revenue_at_risk_total">3.000.000\xa0€<' in html


def test_a_statistic_picks_its_source_from_the_deck_sources(serve_file):
    page = serve_file()
    html = page.client.get("/?slide=7").text  # employee advocacy: two statistics
    picker = re.search(r'data-key="source" data-type="text"[^>]*>(.*?)</select>', html, re.S)
    assert re.findall(r'<option value="(\w+)"', picker.group(1)) == ["lead", "edelman", "hootsuite"]


def test_derived_figures_are_computed_by_the_model_as_inputs_change(serve_file):
    page = serve_file()
    answer = page.edit(COST, customers="4800", share_lost="2.5").json()
    assert answer["problems"] == []
    # 4800 customers x 2.5 % = 120 a year, x EUR 25,000 = 3 m a year, 9 m over 3 years
    assert answer["derived"] == {
        "customers_lost_per_year": "120",
        "revenue_at_risk_per_year": "€3,000,000",
        "revenue_at_risk_total": "€9,000,000",
    }


def test_a_bad_value_gets_the_command_line_message_at_its_field(serve_file, tmp_path):
    page = serve_file()
    answer = page.edit(COST, customers="zwölf", years="12").json()
    fields = [p["field"] for p in answer["problems"]]
    assert fields == ["slides[6].customers", "slides[6].years"]
    text = page.content.read_text(encoding="utf-8")
    bad = text.replace("customers: 2000", "customers: zwölf").replace("years: 3\n", "years: 12\n")
    assert [p["text"] for p in answer["problems"]] == cli_message(tmp_path, bad)
    assert answer["problems"][0]["text"].startswith(f"{page.content}:184: slides[6].customers: ")


def test_bullets_can_be_added_removed_and_reordered(serve_file):
    page = serve_file()
    points = ["First point", {"text": "Second point", "sub": ["a detail"]}, "Third point"]
    answer = page.edit(
        COST,
        points=[
            {"text": "First point", "sub": []},
            {"text": "Second point", "sub": ["a detail"]},
            {"text": "Third point", "sub": []},
        ],
    ).json()
    assert answer["problems"] == []
    assert load(page.content).slides[COST].points[0].text != "First point"  # nothing saved yet
    html = page.client.get(f"/?slide={COST}").text
    assert html.index("First point") < html.index("Second point") < html.index("Third point")
    answer = page.edit(
        COST, points=[{"text": "Third point", "sub": []}, {"text": "First point", "sub": []}]
    ).json()
    assert answer["problems"] == []
    page.post("/api/save")
    assert [p.text for p in load(page.content).slides[COST].points] == [
        "Third point",
        "First point",
    ]
    assert points  # the list the page started with above


def test_a_fourth_bullet_is_refused_by_the_model_limit(serve_file):
    page = serve_file()
    answer = page.edit(COST, points=[{"text": f"Point {n}", "sub": []} for n in range(4)]).json()
    assert [p["field"] for p in answer["problems"]] == ["slides[6].points"]
    assert "at most 3 items" in answer["problems"][0]["text"]


def test_slides_can_be_added_reordered_and_removed(serve_file):
    page = serve_file()
    count = len(page.status() and load(page.content).slides)
    added = page.post("/api/slides", {"kind": "bullets", "at": 1}).json()
    assert added == {"index": 1}
    html = page.client.get("/?slide=1").text
    assert "Slide 2</span> · Bullets" in html
    moved = page.post("/api/slides/1/move", {"to": 3}).json()
    assert moved == {"index": 3}
    page.edit(3, headline="A new slide that says one thing", points=[{"text": "One", "sub": []}])
    assert page.post("/api/save").status_code == 200
    deck = load(page.content)
    assert len(deck.slides) == count + 1
    assert deck.slides[3].kind == "bullets"
    assert deck.slides[3].headline == "A new slide that says one thing"
    assert page.post("/api/slides/3/remove").status_code == 200
    page.post("/api/save")
    assert [s.kind for s in load(page.content).slides] == [
        s.kind for s in load(shipped_content("en")).slides
    ]


def test_an_unknown_kind_is_refused(serve_file):
    page = serve_file()
    answer = page.post("/api/slides", {"kind": "pie", "at": 0})
    assert answer.status_code == 400


def test_audience_presenter_and_brand_are_edited_on_the_deck_panel(serve_file):
    page = serve_file()
    html = page.client.get("/?panel=deck").text
    assert 'data-key="company"' in html and 'data-key="accent"' in html
    answer = page.post(
        "/api/deck",
        {
            "values": {
                "audience": {"company": "Acme GmbH"},
                "brand": {"accent": "#1B7F5C"},
            }
        },
    ).json()
    assert answer["problems"] == []
    assert answer["slides"][0]["headline"].startswith("Acme GmbH: ")
    answer = page.post("/api/deck", {"values": {"brand": {"accent": "green"}}}).json()
    assert [p["text"] for p in answer["problems"]] == [
        f"{page.content}:33: brand.accent: expected a colour like '#0B5CAD', got 'green'"
    ]


def test_the_deck_panel_edits_the_decks_sources_as_records(serve_file):
    page = serve_file()
    html = page.client.get("/?panel=deck").text
    assert 'data-key="publisher" data-type="text" value="LEAD"' in html
    assert 'data-type="sources"' not in html  # the picker of source ids is a slide's
    sources = [s.model_dump(exclude_defaults=True) for s in load(page.content).sources]
    sources[0]["publisher"] = "LEAD Digital"
    answer = page.post("/api/deck", {"values": {"sources": sources}}).json()
    assert answer["problems"] == []
    page.post("/api/save")
    assert [s.publisher for s in load(page.content).sources] == [
        "LEAD Digital",
        "Edelman",
        "Hootsuite",
    ]


def test_the_starter_content_switches_language(serve_file):
    page = serve_file()
    answer = page.post("/api/starter", {"language": "de"}).json()
    assert answer["slides"][1]["kind_label"] == "Zusammenfassung"
    assert 'lang="de"' in page.client.get("/").text


# --------------------------------------------------------------------------- save


def test_save_writes_the_change_and_keeps_comments_and_order(serve_file):
    page = serve_file()
    before = page.content.read_text(encoding="utf-8")
    page.edit(COST, customers="4800")
    assert page.status()["dirty"] is True
    assert page.post("/api/save").json() == {"saved": str(page.content)}
    after = page.content.read_text(encoding="utf-8")
    assert after == before.replace("    customers: 2000\n", "    customers: 4800\n")
    assert page.status()["dirty"] is False
    assert load(page.content).slides[COST].customers == 4800


def test_a_changed_folded_text_keeps_its_block_style(serve_file):
    page = serve_file()
    notes = "Short notes. " * 12
    page.edit(COST, notes=notes.strip())
    page.post("/api/save")
    text = page.content.read_text(encoding="utf-8")
    block = text[text.index("    notes: >\n      Short notes.") :]
    assert max(len(line) for line in block.splitlines()[:3]) <= 100
    assert load(page.content).slides[COST].notes == notes.strip()


def test_nothing_invalid_is_saved(serve_file):
    page = serve_file()
    before = page.content.read_text(encoding="utf-8")
    page.edit(COST, customers="-5")
    answer = page.post("/api/save")
    assert answer.status_code == 422
    assert [p["field"] for p in answer.json()["problems"]] == ["slides[6].customers"]
    assert page.content.read_text(encoding="utf-8") == before


def test_a_change_on_disk_is_offered_never_silently_overwritten(serve_file):
    page = serve_file()
    page.edit(COST, customers="4800")
    theirs = page.content.read_text(encoding="utf-8").replace("Alex Miller", "Sam Editor")
    page.content.write_text(theirs, encoding="utf-8")
    assert page.status()["disk_changed"] is True
    answer = page.post("/api/save")
    assert answer.status_code == 409
    assert answer.json()["error"] == (
        f"{page.content}: changed on disk since the page read it; load that version or keep "
        "yours and overwrite it"
    )
    assert page.content.read_text(encoding="utf-8") == theirs
    assert page.post("/api/reload").status_code == 200  # the user takes the file's version
    assert page.status()["disk_changed"] is False
    html = page.client.get(f"/?slide={COST}").text
    assert 'data-key="customers" data-type="int" inputmode="numeric" value="2000"' in html
    assert load(page.content).presenter.name == "Sam Editor"


def test_keeping_mine_overwrites_only_when_asked(serve_file):
    page = serve_file()
    page.edit(COST, customers="4800")
    page.content.write_text(
        page.content.read_text(encoding="utf-8").replace("Alex Miller", "Sam Editor"),
        encoding="utf-8",
    )
    assert page.post("/api/save", {"force": True}).status_code == 200
    deck = load(page.content)
    assert (deck.slides[COST].customers, deck.presenter.name) == (4800, "Alex Miller")


def test_without_content_it_starts_pitch_yaml_from_the_shipped_deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    state = make_state(
        None,
        template=None,
        clients=None,
        workspace=tmp_path / "ws",
        guard=Guard.for_address("127.0.0.1", 8765),
    )
    assert not (tmp_path / "pitch.yaml").exists()
    state.session.save()
    assert (tmp_path / "pitch.yaml").read_text(encoding="utf-8") == shipped_content("de").read_text(
        encoding="utf-8"
    )


# --------------------------------------------------------------------------- downloads


def test_download_is_the_deck_deckgen_build_makes_byte_for_byte(serve_file, tmp_path):
    page = serve_file()
    page.edit(COST, customers="4800")
    unsaved = page.client.get("/download/deck.pptx")
    assert unsaved.status_code == 200
    assert 'filename="pitch.pptx"' in unsaved.headers["content-disposition"]
    page.post("/api/save")
    built = build_deck(page.content, output=tmp_path / "built.pptx").output
    assert unsaved.content == built.read_bytes()
    deck = Presentation(io.BytesIO(unsaved.content))
    assert len(deck.slides) == len(load(page.content).slides)


def test_an_invalid_draft_is_not_downloaded(serve_file):
    page = serve_file()
    page.edit(COST, customers="0")
    answer = page.client.get("/download/deck.pptx")
    assert answer.status_code == 422
    assert "slides[6].customers: input should be greater than 0" in answer.json()["error"]


def test_a_logo_upload_is_used_in_the_deck_and_saved_beside_the_content(serve_file):
    from PIL import Image

    page = serve_file()
    png = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(png, format="PNG")
    answer = page.post("/api/logo", content=png.getvalue(), headers={"X-File-Name": "my logo.png"})
    assert answer.json() == {"logo": "pitch-logo.png"}
    assert not (page.content.parent / "pitch-logo.png").exists()  # not before Save
    deck = page.client.get("/download/deck.pptx")
    assert deck.status_code == 200
    page.post("/api/save")
    assert (page.content.parent / "pitch-logo.png").read_bytes() == png.getvalue()
    assert load(page.content).brand.logo == str(page.content.parent / "pitch-logo.png")


def test_a_logo_that_is_not_an_image_is_refused(serve_file):
    page = serve_file()
    answer = page.post("/api/logo", content=b"%PDF-1.7", headers={"X-File-Name": "logo.png"})
    assert answer.status_code == 422
    assert answer.json()["error"] == "the logo is not a PNG, JPEG or GIF image; export it as PNG"


@pytest.mark.libreoffice
@needs_libreoffice
def test_an_edit_rebuilds_the_changed_slides_images_from_the_built_deck(serve_file):
    page = serve_file(images=True)
    first = page.wait(lambda s: s["build"]["current"] and s["build"]["state"] == "done", "a build")
    assert first["build"]["images_error"] is None
    assert len(first["build"]["thumbs"]) == len(load(page.content).slides)
    page.edit(COST, customers="4800")
    second = page.wait(
        lambda s: s["build"]["current"] and s["build"]["state"] == "done", "the rebuild"
    )
    before, after = first["build"]["thumbs"], second["build"]["thumbs"]
    assert after[COST] != before[COST]  # the chart and hero figure changed
    assert after[0] == before[0]  # the title slide did not
    image = page.client.get(f"/thumb/{after[COST]}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    pdf = page.client.get("/download/deck.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_without_libreoffice_the_page_says_so_and_still_downloads(serve_file, monkeypatch):
    from deckgen import export

    real = shutil.which
    monkeypatch.setattr(
        shutil,
        "which",
        lambda name, *a, **k: (
            None if name in ("soffice", "libreoffice", "pdftoppm") else real(name, *a, **k)
        ),
    )
    monkeypatch.setattr(export, "_SOFFICE_PLACES", ())
    page = serve_file(images=True)
    page.client.get("/")
    status = page.wait(lambda s: s["build"]["current"] and s["build"]["state"] == "done", "build")
    assert status["build"]["images_error"].startswith("LibreOffice is not installed")
    assert "the deck can still be downloaded" in page.client.get("/").text
    assert page.client.get("/download/deck.pptx").status_code == 200
    assert page.client.get("/download/deck.pdf").status_code == 500


# --------------------------------------------------------------------------- templates and batch


def test_an_uploaded_template_is_inspected_and_used(serve_file):
    page = serve_file()
    blob = shipped_template().read_bytes()
    answer = page.post("/api/template", content=blob, headers={"X-File-Name": "Corporate.pptx"})
    assert answer.json() == {"template": "Corporate.pptx"}
    html = page.client.get("/template").text
    assert "Corporate.pptx: " in html and "slide kinds -&gt; layouts" in html
    assert str(page.content.parent.parent / "workspace") not in html  # the copy is ours


def test_an_unusable_template_gets_the_command_line_refusal(serve_file):
    page = serve_file()
    answer = page.post(
        "/api/template", content=b"PK\x03\x04broken", headers={"X-File-Name": "x.potx"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("x.potx: ")
    wrong = page.post("/api/template", content=b"MZ", headers={"X-File-Name": "x.exe"})
    assert wrong.status_code == 422


def test_a_client_table_is_checked_row_by_row_and_built_into_one_zip(serve_file):
    page = serve_file()
    table = (data_dir("content") / "clients.sample.csv").read_text(encoding="utf-8")
    table += "Broken AG,Eva Broken,CEO,zwölf,1000,#000000\n"
    answer = page.post("/api/batch/table", content=table.encode(), headers={"X-File-Name": "c.csv"})
    assert answer.json() == {"rows": 3, "error": None}
    html = page.client.get("/batch").text
    assert "Müller &amp; Söhne GmbH" in html
    assert "c.csv:4: slides.cost_of_inaction.customers: &#39;zwölf&#39; is not a number" in html
    assert page.post("/api/batch/build").json() == {"started": True}
    status = page.wait(lambda s: s["batch"]["state"] == "done", "the batch")
    assert (status["batch"]["built"], status["batch"]["failed"]) == (2, 1)
    archive = zipfile.ZipFile(io.BytesIO(page.client.get("/download/batch/decks.zip").content))
    names = sorted(archive.namelist())
    assert names == ["mueller-soehne-gmbh.pptx", "nordlicht-logistik-ag.pptx", "report.json"]
    deck = Presentation(io.BytesIO(archive.read("mueller-soehne-gmbh.pptx")))
    assert len(deck.slides) == len(load(page.content).slides)
    report = page.client.get("/download/batch/report.json").json()
    assert report["clients"] == "c.csv" and report["summary"]["failed"] == 1


def test_while_the_draft_is_invalid_the_slide_list_keeps_the_last_rendered_headlines(serve_file):
    page = serve_file()
    answer = page.edit(COST, customers="zwölf").json()
    assert answer["problems"]
    assert answer["slides"][0]["headline"] == "Example Corp: social maturity as a strategic lever"
    assert [s["index"] for s in answer["slides"] if s["problems"]] == [COST]


def test_a_template_and_client_table_given_at_start_are_used(serve_file, tmp_path):
    """`deckgen serve pitch.yaml -t corporate.pptx --clients clients.csv`: the page shows
    what inspect says of the template, builds the deck in it and lists the table's rows."""
    corporate = tmp_path / "corporate.pptx"
    corporate.write_bytes(shipped_template().read_bytes())
    clients = tmp_path / "clients.csv"
    clients.write_text(
        (data_dir("content") / "clients.sample.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    page = serve_file(template=corporate, clients=clients)
    assert f"{corporate}: " in page.client.get("/template").text
    assert "Müller &amp; Söhne GmbH" in page.client.get("/batch").text
    deck = Presentation(io.BytesIO(page.client.get("/download/deck.pptx").content))
    built = build_deck(page.content, template=corporate, output=tmp_path / "cli.pptx").output
    assert page.client.get("/download/deck.pptx").content == built.read_bytes()
    assert len(deck.slides) == len(load(page.content).slides)
