"""The moderator console's files over HTTP: its page, policy, versions and caching, and
what its modules never do (no browser; tests/browser/test_console.py drives it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.api.console import DIRECTORY, Console
from service.settings import Settings
from tests.api_keys import make_key
from tests.static_files import HTML_SINKS, reachable_files

Client = AsyncTestClient[Litestar]
MODULE = re.compile(r'<script type="module" src="(console/[0-9a-f]{12})/main\.js"></script>')


async def _base(client: Client) -> str:
    match = MODULE.search((await client.get("/console")).text)
    assert match
    return "/" + match.group(1)


async def _console_files(client: Client) -> dict[str, str]:
    """Every file the page leads a browser to: main.js, what it imports, the CSS."""
    return await reachable_files(client, await _base(client), "main.js", "console.css")


async def test_the_console_page_runs_under_a_strict_policy(client: Client) -> None:
    response = await client.get("/console")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["require-trusted-types-for"] == "'script'"
    assert "unsafe" not in response.headers["content-security-policy"]
    # Nothing inline for the policy to refuse.
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son\w+=", response.text)


async def test_its_modules_are_immutable_under_their_version(client: Client) -> None:
    base = await _base(client)
    files = await _console_files(client)
    # Its own modules, and the widget's that it shares rather than copies.
    assert {"main.js", "app.js", "queues.js", "stream.js", "dom.js", "strings.js"} <= set(files)
    for name in files:
        response = await client.get(f"{base}/{name}")
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    zipped = await client.get(f"{base}/queues.js", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    again = await client.get(f"{base}/queues.js", headers={"If-None-Match": zipped.headers["etag"]})
    assert again.status_code == 304


async def test_a_trailing_slash_is_sent_to_the_page(client: Client) -> None:
    # The page's module paths are relative to /console.
    response = await client.get("/console/?lang=en", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "../console?lang=en"


async def test_the_page_is_revalidated_with_its_etag(client: Client) -> None:
    first = await client.get("/console")
    again = await client.get("/console", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


async def test_other_versions_and_files_are_not_found(client: Client) -> None:
    base = await _base(client)
    assert (await client.get("/console/000000000000/main.js")).status_code == 404
    assert (await client.get(f"{base}/console.html")).status_code == 404
    assert (await client.get(f"{base}/loader.js")).status_code == 404  # the widget's, not shared
    assert (await client.get(f"{base}/..%2F..%2Fapi%2Fconsole.py")).status_code == 404


def test_the_version_changes_with_the_content(tmp_path: Path) -> None:
    for path in DIRECTORY.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "queues.js").write_text((DIRECTORY / "queues.js").read_text() + "\n// changed\n")
    assert Console(tmp_path).version != Console().version


async def test_text_never_reaches_an_html_parser_and_the_key_only_session_storage(
    client: Client,
) -> None:
    files = await _console_files(client)
    for name, text in files.items():
        assert not HTML_SINKS.search(text), name
    own = {name: text for name, text in files.items() if (DIRECTORY / name).exists()}
    # dom.js (the widget's) keeps readers' tokens in localStorage; the console never.
    assert not [name for name, text in own.items() if "localStorage." in text]
    assert [name for name, text in own.items() if "sessionStorage." in text] == ["client.js"]


async def test_a_key_learns_who_it_is(settings: Settings, client: Client) -> None:
    key = make_key(settings.database, "desk", "moderator")
    response = await client.get("/v1/moderation/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json() == {"name": "desk", "role": "moderator"}
    assert (await client.get("/v1/moderation/me")).status_code == 401


@pytest.mark.parametrize("path", ["/console", "/v1/moderation/me"])
async def test_openapi_describes_the_console_routes(client: Client, path: str) -> None:
    assert path in (await client.get("/schema/openapi.json")).json()["paths"]
