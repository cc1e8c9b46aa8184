"""deckgen serve in a real browser: Debian's chromium driven by Playwright against the real
server (uvicorn on 127.0.0.1), as a marketer would use it. Also the server as a process:
printed address, Ctrl-C stops it and removes its workspace.

No browser is downloaded: the tests use /usr/bin/chromium, which .ci/run installs, and skip
with the reason where it is absent.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the serve extra (pip install 'deckgen[serve]')")

from pptx import Presentation  # noqa: E402

from deckgen.api import build_deck, load  # noqa: E402
from deckgen.resources import data_dir, shipped_content  # noqa: E402
from deckgen.web.server import run  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HAVE_LIBREOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is needed (apt-get install chromium)"
)
needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE, reason="LibreOffice (soffice) is needed; CI installs it"
)
COST = 6  # the cost-of-inaction slide of the shipped English deck
WAIT_MS = 180_000  # only a hung server or browser takes this long


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra)")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is needed (apt-get install chromium)")
    # expect() has its own default of 5 s, which a page still rebuilding its preview on a
    # busy machine can take; only a hung server or browser should fail a test here.
    sync_api.expect.set_options(timeout=WAIT_MS)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path):
    """Serve a copy of the shipped English deck; yield (address, content file)."""
    content = tmp_path / "project" / "pitch.yaml"
    content.parent.mkdir()
    content.write_text(shipped_content("en").read_text(encoding="utf-8"), encoding="utf-8")
    ready, stop, found = threading.Event(), threading.Event(), {}

    def on_ready(url: str) -> None:
        found["url"] = url
        ready.set()

    thread = threading.Thread(
        target=run,
        args=(content,),
        kwargs={
            "template": None,
            "clients": None,
            "host": "127.0.0.1",
            "port": None,
            "open_browser": False,
            "ready": on_ready,
            "stop": stop,
        },
        daemon=True,
    )
    thread.start()
    assert ready.wait(60), "the server did not start"
    yield found["url"], content
    stop.set()
    thread.join(60)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    yield opened
    context.close()


def field(page, key: str):
    return page.locator(f'#form-root [data-key="{key}"]')


def add_bullets_after_the_title(page, url: str) -> None:
    """Add a bullets slide as the second slide, with the page's own controls, and open it."""
    page.goto(f"{url}?slide=0")
    page.locator("#new-kind").select_option("bullets")
    page.locator("#add-slide button").click()
    page.wait_for_url("**/?slide=1")


@needs_browser
@needs_libreoffice
def test_changing_customers_updates_the_revenue_and_rebuilds_the_thumbnail(page, server):
    from playwright.sync_api import expect

    url, _ = server
    page.goto(f"{url}?slide={COST}")
    page.wait_for_selector("body[data-build='done'] #big[data-hash]", state="attached")
    before = page.locator("#big").get_attribute("data-hash")
    revenue = page.locator('[data-derived="revenue_at_risk_total"]')
    expect(revenue).to_have_text("€3,000,000")
    field(page, "customers").fill("4800")
    expect(revenue).to_have_text("€7,200,000")  # 4800 x 2 % x €25,000 x 3 years
    page.wait_for_selector(
        f"body[data-build='done'] #big:not([data-hash='{before}'])", state="attached"
    )
    thumb = page.locator(f'img.thumb[data-slide="{COST}"]')
    assert thumb.get_attribute("data-hash") == page.locator("#big").get_attribute("data-hash")


@needs_browser
def test_a_bad_value_shows_the_command_line_message_next_to_the_field(page, server):
    from playwright.sync_api import expect

    url, content = server
    page.goto(f"{url}?slide={COST}")
    field(page, "customers").fill("zwölf")
    message = page.locator('#form-root .field:has([data-key="customers"]) .err')
    expect(message).to_have_text(f"{content}:184: slides[6].customers: 'zwölf' is not a number")
    expect(page.locator('[data-derived="revenue_at_risk_total"]')).to_have_text("–")
    expect(page.locator(f'#slide-list li[data-index="{COST}"]')).to_have_class(
        "slide-item current has-problems"
    )
    page.locator("#save").click()
    expect(page.locator("#notice")).to_contain_text("'zwölf' is not a number")
    assert "zwölf" not in content.read_text(encoding="utf-8")


@needs_browser
def test_a_slide_is_added_and_reordered(page, server):
    from playwright.sync_api import expect

    url, content = server
    add_bullets_after_the_title(page, url)
    expect(page.locator("h1")).to_contain_text("Bullets")
    page.locator("#slide-down").click()
    page.wait_for_url("**/?slide=2")
    expect(page.locator('#slide-list li[data-index="2"] .kind')).to_have_text("Bullets")
    field(page, "headline").fill("Three things a CEO should know")
    page.locator('#form-root .list[data-key="points"] .item input').first.fill("One thing")
    page.locator("#form-root .list[data-key='points'] > .add").click()
    page.locator('#form-root .list[data-key="points"] .item input').nth(1).fill("Another")
    page.locator("#form-root .list[data-key='points'] .item .up").nth(1).click()
    expect(page.locator("#problems .none")).to_be_visible()
    page.locator("#save").click()
    expect(page.locator("#saved")).to_be_visible()
    slide = load(content).slides[2]
    assert (slide.kind, slide.headline) == ("bullets", "Three things a CEO should know")
    assert [p.text for p in slide.points] == ["Another", "One thing"]


@needs_browser
def test_save_waits_for_an_edit_made_while_the_server_was_busy(page, server, monkeypatch):
    """A save clicked while an earlier edit is still with the server saves the form as it is
    then: the page sends the latest values first (it used to save at once, losing them)."""
    from playwright.sync_api import expect

    from deckgen.web.session import Session

    url, content = server
    add_bullets_after_the_title(page, url)
    points = page.locator('#form-root .list[data-key="points"] .item input')
    points.first.fill("One thing")
    page.locator("#form-root .list[data-key='points'] > .add").click()
    points.nth(1).fill("Another")
    expect(page.locator("#problems .none")).to_be_visible()

    entered, release, edit = threading.Event(), threading.Event(), Session.edit_slide

    def held_once(self: Session, index: int, sent: object) -> None:
        if not entered.is_set():
            entered.set()
            release.wait(60)  # the server busy with this edit until the save is clicked
        edit(self, index, sent)

    monkeypatch.setattr(Session, "edit_slide", held_once)
    field(page, "headline").fill("Sent while busy")
    assert entered.wait(60), "the edit never reached the server"
    page.locator("#form-root .list[data-key='points'] .item .up").nth(1).click()
    page.locator("#save").click()
    # Give the page a second to open a connection for what the click sends, before the
    # held edit is answered (the page used to send the save then, behind the held edit).
    page.wait_for_timeout(1000)
    release.set()
    expect(page.locator("#saved")).to_be_visible()
    slide = load(content).slides[1]
    assert slide.headline == "Sent while busy"
    assert [p.text for p in slide.points] == ["Another", "One thing"]


@needs_browser
def test_the_downloaded_deck_is_deckgen_builds_byte_for_byte(page, server, tmp_path):
    from playwright.sync_api import expect

    url, content = server
    page.goto(f"{url}?slide={COST}")
    field(page, "customers").fill("4800")
    page.locator("#save").click()
    expect(page.locator("#saved")).to_be_visible()
    with page.expect_download() as started:
        page.locator("#download-pptx").click()
    saved = tmp_path / "downloaded.pptx"
    started.value.save_as(saved)
    assert started.value.suggested_filename == "pitch.pptx"
    assert (
        saved.read_bytes()
        == build_deck(content, output=tmp_path / "built.pptx").output.read_bytes()
    )
    deck = Presentation(str(saved))
    assert len(deck.slides) == len(load(content).slides)
    assert load(content).slides[COST].customers == 4800


@needs_browser
def test_save_changes_the_yaml_and_keeps_its_comments(page, server):
    from playwright.sync_api import expect

    url, content = server
    before = content.read_text(encoding="utf-8")
    page.goto(f"{url}?slide={COST}")
    field(page, "customers").fill("4800")
    expect(page.locator("#dirty")).to_be_visible()
    page.locator("#save").click()
    expect(page.locator("#saved")).to_be_visible()
    assert content.read_text(encoding="utf-8") == before.replace(
        "    customers: 2000\n", "    customers: 4800\n"
    )


@needs_browser
def test_a_change_on_disk_is_offered(page, server):
    from playwright.sync_api import expect

    url, content = server
    page.goto(f"{url}?panel=deck")
    content.write_text(
        content.read_text(encoding="utf-8").replace("Alex Miller", "Sam Editor"), encoding="utf-8"
    )
    expect(page.locator("#disk-banner")).to_be_visible()
    with page.expect_navigation():
        page.locator("#load-disk").click()
    expect(page.locator('#form-root [data-key="presenter"] [data-key="name"]')).to_have_value(
        "Sam Editor"
    )


@needs_browser
def test_a_client_table_is_uploaded_and_its_decks_downloaded_as_a_zip(page, server, tmp_path):
    from playwright.sync_api import expect

    url, _ = server
    page.goto(f"{url}batch")
    table = shutil.copy(data_dir("content") / "clients.sample.csv", tmp_path / "clients.csv")
    page.locator("#table-file").set_input_files(str(table))
    expect(page.locator("table.rows tbody tr")).to_have_count(2)
    expect(page.locator("table.rows .ok")).to_have_count(2)
    page.locator("#batch-build").click()
    page.wait_for_selector("body[data-batch='done']", state="attached")
    expect(page.locator("#batch-count")).to_have_text("2 built, 0 failed")
    with page.expect_download() as download:
        page.locator("#batch-zip").click()
    saved = tmp_path / "decks.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert sorted(archive.namelist()) == [
            "mueller-soehne-gmbh.pptx",
            "nordlicht-logistik-ag.pptx",
            "report.json",
        ]
        deck = Presentation(io.BytesIO(archive.read("nordlicht-logistik-ag.pptx")))
    assert len(deck.slides) > 10


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(shipped_content("en").read_text(encoding="utf-8"), encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    script = (
        "import sys; from pathlib import Path; from deckgen.web import serve; "
        "serve(Path(sys.argv[1]), template=None, clients=None, host='127.0.0.1', port=None, "
        "open_browser=False)"
    )
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(content)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith(f"deckgen serve: editing {content} at http://127.0.0.1:")
        address = first.split(" at ", 1)[1].strip()
        assert process.stdout.readline() == "press Ctrl-C to stop\n"
        with urllib.request.urlopen(address, timeout=60) as response:
            assert response.status == 200
        assert [p.name for p in temp.iterdir() if p.name.startswith("deckgen-serve-")]
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.endswith("stopped\n")
    assert "Traceback" not in err
    assert not [p.name for p in temp.iterdir() if p.name.startswith("deckgen-serve-")]


# ----------------------------------------------------------------------- downloads, logo, errors


def download(page, link: str, target: Path) -> Path:
    """Click a download link of the page as a user does; return the saved file."""
    with page.expect_download() as started:
        page.locator(link).click()
    started.value.save_as(target)
    return target


def logo_pictures(deck: Path) -> list[str]:
    """The pictures of a built deck whose alt text calls them the logo."""
    return [
        shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape._element.tag.endswith("}pic")
        and shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0].endswith(" logo")
    ]


@needs_browser
@needs_libreoffice
def test_download_pdf_gives_the_deck_as_a_pdf(page, server, tmp_path):
    url, content = server
    page.goto(url)
    pdf = download(page, "#download-pdf", tmp_path / "downloaded.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdfinfo, pdftotext) is needed to read the PDF; CI installs it")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    deck = load(content)
    assert int(pages.split()[1]) == len(deck.slides)
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert " ".join(deck.slides[0].headline.split()) in " ".join(first.split())


@needs_browser
def test_a_logo_is_uploaded_and_removed_on_the_brand_panel(page, server, tmp_path):
    from fixtures import make_templates as mt
    from PIL import Image
    from playwright.sync_api import expect

    url, content = server
    logo = tmp_path / "our logo.png"
    Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
    page.goto(f"{url}?panel=deck")
    with page.expect_navigation():
        page.locator("#logo-file").set_input_files(str(logo))
    expect(page.locator(".logo-name")).to_have_text("pitch-logo.png")
    # The shipped template has a Logo picture placeholder on its title layout.
    with_logo = download(page, "#download-pptx", tmp_path / "with.pptx")
    assert logo_pictures(with_logo) and set(logo_pictures(with_logo)) == {"Example Corp logo"}
    no_place = (
        "none of the deck's layouts has a Logo picture placeholder, so brand.logo is not shown"
    )
    page.wait_for_selector("body[data-build='done']", state="attached")
    expect(page.locator(".preview-pane #build-notes")).not_to_contain_text(no_place)

    # A template without a place for the logo: the page says so where the user looks.
    page.goto(f"{url}template")
    page.locator("#template-file").set_input_files(str(mt.save(mt.office(), tmp_path / "o.pptx")))
    expect(page.locator("#template-name")).to_have_text("o.pptx", timeout=WAIT_MS)
    page.goto(f"{url}?panel=deck")
    expect(page.locator(".logo-name")).to_have_text("pitch-logo.png")
    expect(page.locator(".preview-pane #build-notes")).to_contain_text(no_place, timeout=WAIT_MS)

    with page.expect_navigation():
        page.locator("#logo-remove").click()
    expect(page.locator("#logo-remove")).to_have_count(0)
    without = download(page, "#download-pptx", tmp_path / "without.pptx")
    page.wait_for_selector("body[data-build='done']", state="attached")
    expect(page.locator(".preview-pane #build-notes")).not_to_contain_text(no_place)
    assert logo_pictures(without) == []
    page.locator("#save").click()
    expect(page.locator("#saved")).to_be_visible()
    assert "logo" not in content.read_text(encoding="utf-8")
    assert load(content).brand.logo is None
    assert not (content.parent / "pitch-logo.png").exists()


@needs_browser
def test_a_deck_that_cannot_be_built_says_why_beside_the_preview(page, server):
    from playwright.sync_api import expect

    url, content = server
    add_bullets_after_the_title(page, url)
    field(page, "headline").fill("Too much")
    long = ("Extraordinarily " * 6 + "abcdefghijklmno")[:110]
    points = page.locator("#form-root .list[data-key='points']")
    for _ in range(4):
        points.locator(":scope > .add").click()
    for text in points.locator(".item input, .item textarea").all():
        text.fill(long)
    for sub in points.locator(".list[data-key='sub'] > .add").all():
        for _ in range(3):
            sub.click()
    for text in points.locator(".list[data-key='sub'] .item input").all():
        text.fill(long)
    expect(page.locator("#problems ul li")).to_have_count(0)  # the content validates
    page.wait_for_selector("body[data-build='failed']", state="attached")
    said = re.compile(
        re.escape(f"{content}:")
        + r'\d+: slides\[1\]\.points: slide 2, placeholder "Body": the text is \d+ lines too '
        "long even at 14 pt, the smallest size for body text; shorten it"
    )
    beside_preview = page.locator(".preview-pane #build-error")
    expect(beside_preview).to_be_visible()
    expect(beside_preview).to_have_text(said)
    expect(beside_preview).to_have_attribute("role", "alert")
    expect(page.locator(".preview-pane #build-state")).to_have_text(
        "The deck cannot be built as it is; the preview shows the last deck that was built."
    )
    under_form = page.locator("#problems .build-problem")
    expect(under_form).to_be_visible()
    expect(under_form).to_have_text(said)
    expect(page.locator("#problems .none")).to_be_hidden()

    page.locator("#form-root .list[data-key='points'] > ol > .item .remove").last.click()
    page.locator("#form-root .list[data-key='points'] > ol > .item .remove").last.click()
    page.wait_for_selector("body[data-build='done'], body[data-build='idle']", state="attached")
    expect(beside_preview).to_be_hidden()
    expect(page.locator("#problems .none")).to_be_visible()


@needs_browser
def test_a_refused_template_is_said_beside_its_upload_button(page, server, tmp_path):
    from playwright.sync_api import expect

    url, _ = server
    page.goto(f"{url}template")
    broken = tmp_path / "Corporate.potx"
    broken.write_bytes(b"PK\x03\x04broken")
    page.locator("#template-file").set_input_files(str(broken))
    refusal = page.locator("main .upload-error")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("Corporate.potx: ")
    expect(refusal).to_have_attribute("role", "alert")
    expect(page.locator("#notice")).to_be_hidden()


# --------------------------------------------------------------------------- keyboard

#: Marks every control a user can reach (enabled, not hidden; a file input by its visible
#: label) with its number in the document, and returns how many there are.
MARK_CONTROLS = """() => {
  const controls = [...document.querySelectorAll(
    "a[href], button, input, select, textarea, [tabindex]")].filter((el) => {
    if (el.disabled || el.tabIndex < 0 || el.closest("[hidden], template")) return false;
    const shown = el.classList.contains("visually-hidden")
      ? document.querySelector(`label[for="${el.id}"]`) : el;
    return shown !== null && shown.checkVisibility({ visibilityProperty: true });
  });
  controls.forEach((el, i) => { el.dataset.control = String(i); });
  return controls.length;
}"""
#: The focused control's number, and whether its focus can be seen (on it, or for a file input
#: on its label): an outline or a ring.
FOCUSED = """() => {
  const el = document.activeElement;
  const shown = el.classList.contains("visually-hidden")
    ? document.querySelector(`label[for="${el.id}"]`) : el;
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return { control: el.dataset.control ?? null, html: el.outerHTML.slice(0, 120),
           seen: outline || style.boxShadow !== "none" };
}"""


def accessible_name(page) -> str:
    """The focused element's name as Chromium's accessibility tree gives it to a screen reader."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        nodes = cdp.send(
            "Accessibility.getPartialAXTree",
            {"objectId": found["result"]["objectId"], "fetchRelatives": False},
        )["nodes"]
    finally:
        cdp.detach()
    return str(nodes[0].get("name", {}).get("value", "")).strip()


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it or comes round again; return
    each control focused, in order (a date input's parts count once)."""
    count = page.evaluate(MARK_CONTROLS)
    page.evaluate("document.activeElement.blur()")
    focused: list[dict] = []
    for _ in range(4 * count + 10):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if focused and now["control"] == focused[-1]["control"]:
            continue  # within one control (a date's day, month and year)
        if now["control"] is None or any(f["control"] == now["control"] for f in focused):
            break
        focused.append({**now, "name": accessible_name(page)})
    assert sorted(int(f["control"]) for f in focused) == list(range(count)), "not reached by Tab"
    return focused


@needs_browser
def test_every_control_is_reached_by_tab_shows_focus_and_has_a_name(page, server):
    url, content = server
    pages = ["?panel=deck", "template", *(f"?slide={i}" for i in range(len(load(content).slides)))]
    for where in pages:
        page.goto(url + where)
        focused = tab_through(page)
        assert len(focused) > 5
        assert [f["html"] for f in focused if not f["seen"]] == [], f"{where}: focus not visible"
        assert [f["html"] for f in focused if not f["name"]] == [], f"{where}: no accessible name"


@needs_browser
def test_the_batch_page_is_usable_by_keyboard(page, server, tmp_path):
    from playwright.sync_api import expect

    url, _ = server
    page.goto(f"{url}batch")
    table = shutil.copy(data_dir("content") / "clients.sample.csv", tmp_path / "clients.csv")
    # Headless Chromium does not always open a file chooser for a key press under load, so the
    # file is set directly; reaching and naming the upload by Tab is the walk's to prove.
    with page.expect_navigation():
        page.locator("#table-file").set_input_files(str(table))
    focused = tab_through(page)
    assert [f["html"] for f in focused if not f["seen"] or not f["name"]] == []
    page.locator("#batch-build").focus()
    page.keyboard.press("Space")
    page.wait_for_selector("body[data-batch='done']", state="attached")
    expect(page.locator("#batch-count")).to_have_text("2 built, 0 failed")


@needs_browser
def test_slides_and_list_items_are_worked_with_the_keyboard(page, server):
    from playwright.sync_api import expect

    url, content = server
    page.goto(f"{url}?slide=0")
    page.locator('#slide-list a[href="/?slide=0"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator('#slide-list a[href="/?slide=2"]')).to_be_focused()
    page.keyboard.press("End")
    last = page.locator("#slide-list a").last
    expect(last).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/?slide=1")

    page.locator("#new-kind").select_option("bullets")
    page.locator("#add-slide button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/?slide=2")
    field(page, "headline").fill("Two things")
    points = page.locator("#form-root .list[data-key='points']")
    points.locator(".item input").first.fill("First")
    points.locator(":scope > .add").focus()
    page.keyboard.press("Space")
    page.keyboard.type("Second")  # the new item's input has the focus
    points.locator(".item .up").nth(1).focus()
    page.keyboard.press("Enter")
    expect(points.locator(".item .up").first).to_be_focused()
    expect(page.locator("#problems .none")).to_be_visible()
    page.locator("#save").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#saved")).to_be_visible()
    assert [p.text for p in load(content).slides[2].points] == ["Second", "First"]
