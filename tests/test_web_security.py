"""deckgen serve's refusals: foreign Host and Origin headers, requests without the CSRF token
or (beyond the loopback interface) the access token, path traversal through any parameter,
oversized uploads, and the user's text escaped in the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette.testclient", reason="the serve and test extras")

from starlette.testclient import TestClient  # noqa: E402

from deckgen.api import load  # noqa: E402
from deckgen.resources import shipped_content  # noqa: E402
from deckgen.web import deck_routes  # noqa: E402
from deckgen.web.security import Guard  # noqa: E402
from deckgen.web.server import create_app, make_state  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def served(tmp_path: Path):
    """A served copy of the shipped English deck: (client, csrf token, content file)."""
    content = tmp_path / "project" / "pitch.yaml"
    content.parent.mkdir()
    content.write_text(shipped_content("en").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "workspace").mkdir()
    state = make_state(
        content,
        template=None,
        clients=None,
        workspace=tmp_path / "workspace",
        guard=Guard.for_address("127.0.0.1", PORT),
        images=False,
    )
    with TestClient(create_app(state), base_url=BASE) as client:
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
        yield client, csrf, content


def test_a_foreign_host_header_is_refused(served):
    client, _, _ = served
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1:1", "localhost"):
        answer = client.get("/", headers={"Host": host})
        assert answer.status_code == 421, host
        assert answer.text == f"refused: this server answers only to 127.0.0.1:{PORT}\n"
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200


def test_a_foreign_origin_is_refused_even_with_the_token(served):
    client, csrf, content = served
    before = content.read_text(encoding="utf-8")
    for origin in ("http://evil.example", "null", f"http://localhost:{PORT + 1}"):
        answer = client.post(
            "/api/save", json={"force": True}, headers={"X-CSRF-Token": csrf, "Origin": origin}
        )
        assert answer.status_code == 403, origin
        assert answer.text == "refused: a request from another site\n"
    answer = client.post(
        "/api/slides/0/remove", headers={"X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"}
    )
    assert answer.status_code == 403
    assert content.read_text(encoding="utf-8") == before
    same = client.post("/api/save", json={}, headers={"X-CSRF-Token": csrf, "Origin": BASE})
    assert same.status_code == 200


def test_a_state_changing_request_without_the_csrf_token_is_refused(served):
    client, csrf, _ = served
    for headers in ({}, {"X-CSRF-Token": "guess"}, {"X-CSRF-Token": csrf[:-1]}):
        answer = client.post("/api/slides/0/remove", headers=headers)
        assert answer.status_code == 403
        assert answer.text == "refused: the request lacks the page's CSRF token; reload the page\n"
    assert len(client.get("/api/status").json()["build"]["thumbs"]) == 0  # GET needs none
    assert client.post("/api/slides/0/remove", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_another_host_needs_the_access_token(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(shipped_content("en").read_text(encoding="utf-8"), encoding="utf-8")
    guard = Guard.for_address("0.0.0.0", PORT)
    assert guard.hosts is None and guard.token
    state = make_state(
        content, template=None, clients=None, workspace=tmp_path / "ws", guard=guard, images=False
    )
    with TestClient(create_app(state), base_url="http://deckgen.lan:8765") as client:
        refused = client.get("/")
        assert refused.status_code == 401
        assert refused.text == (
            "refused: open the address with the access token printed at start\n"
        )
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
        signed = client.get(f"/?token={guard.token}", follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/"
        assert "HttpOnly; SameSite=Strict" in signed.headers["set-cookie"]
        assert client.get("/").status_code == 200  # the cookie from now on


def test_no_parameter_reaches_a_file_outside_the_workspace(served, tmp_path):
    client, csrf, content = served
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    probes = [
        "/thumb/..%2F..%2Fsecret.txt.png",
        "/thumb/../../secret.txt.png",
        "/thumb/%2e%2e%2fsecret.png",
        f"/thumb/{'0' * 20}.png",
        "/static/../server.py",
        "/static/..%2Fserver.py",
        "/static/%2e%2e/%2e%2e/project/pitch.yaml",
        "/download/deck.yaml",
        "/download/deck.%2e%2e%2fsecret",
        "/download/batch/..%2F..%2Fsecret.txt",
        "/download/batch/report.json",
        "/?slide=../../secret.txt",
        "/?panel=../../secret.txt",
    ]
    for probe in probes:
        answer = client.get(probe)
        assert "private" not in answer.text, probe
        assert answer.status_code in (200, 404), probe
        if answer.status_code == 200:  # the page itself, with the parameter ignored
            assert answer.headers["content-type"].startswith("text/html"), probe
    for index in ("..%2F..%2Fsecret", "-1", "999"):
        answer = client.post(
            f"/api/slides/{index}", json={"values": {}}, headers={"X-CSRF-Token": csrf}
        )
        assert answer.status_code == 404, index


def test_upload_names_never_become_paths(served, tmp_path):
    client, csrf, content = served
    table = b"audience.company\nAcme\n"
    for name in ("../../evil.csv", "/tmp/evil.csv", "..\\..\\evil.csv", "%2e%2e%2fevil.csv"):
        answer = client.post(
            "/api/batch/table", content=table, headers={"X-CSRF-Token": csrf, "X-File-Name": name}
        )
        assert answer.status_code == 200, name
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert "evil.csv" not in written
    assert not Path("/tmp/evil.csv").exists()


def test_a_table_row_cannot_bring_in_a_file_of_the_user(served, tmp_path):
    client, csrf, _ = served
    logo = tmp_path / "project" / "private.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    table = f"audience.company,logo\nAcme,{logo}\nBeta,../../project/private.png\n".encode()
    client.post(
        "/api/batch/table", content=table, headers={"X-CSRF-Token": csrf, "X-File-Name": "t.csv"}
    )
    html = client.get("/batch").text
    refusal = "outside the table&#39;s folder (an uploaded table has no folder of yours); put"
    assert html.count(refusal) == 2
    assert "✓" not in html and str(tmp_path / "workspace") not in html


def test_a_request_cannot_point_the_logo_at_a_file(served):
    client, csrf, content = served
    answer = client.post(
        "/api/deck",
        json={"values": {"brand": {"logo": "/etc/passwd"}}},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200
    client.post("/api/save", json={}, headers={"X-CSRF-Token": csrf})
    assert load(content).brand.logo is None


def test_an_oversized_upload_is_refused_before_it_is_stored(served, monkeypatch, tmp_path):
    client, csrf, _ = served
    monkeypatch.setattr(deck_routes, "MAX_LOGO_UPLOAD", 1000)
    answer = client.post(
        "/api/logo",
        content=b"\x89PNG\r\n\x1a\n" + b"x" * 2000,
        headers={"X-CSRF-Token": csrf, "X-File-Name": "big.png"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == (
        "the logo is 2,008 bytes, more than the 1,000 deckgen reads; is it the right file?"
    )

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b"y" * 500

    streamed = client.post(
        "/api/logo", content=chunks(), headers={"X-CSRF-Token": csrf, "X-File-Name": "big.png"}
    )
    assert streamed.status_code == 413
    assert not list((tmp_path / "workspace").glob("logo*"))


def test_the_real_limits_are_the_command_lines(served):
    from deckgen.clients import MAX_TABLE_BYTES
    from deckgen.content import MAX_LOGO_BYTES
    from deckgen.template import MAX_TEMPLATE_BYTES
    from deckgen.web.batchjob import MAX_UPLOAD

    client, csrf, _ = served
    assert (deck_routes.MAX_LOGO_UPLOAD, MAX_UPLOAD) == (MAX_LOGO_BYTES, MAX_TABLE_BYTES)
    answer = client.post(
        "/api/template",
        content=b"",
        headers={
            "X-CSRF-Token": csrf,
            "X-File-Name": "t.pptx",
            "Content-Length": str(MAX_TEMPLATE_BYTES + 1),
        },
    )
    assert answer.status_code == 413


def test_what_the_user_typed_is_escaped_in_the_page(served):
    client, csrf, _ = served
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    client.post(
        "/api/slides/6", json={"values": {"headline": attack}}, headers={"X-CSRF-Token": csrf}
    )
    html = client.get("/?slide=6").text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x" in html
    assert "script-src" not in html  # the policy is a header, not in the page
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
