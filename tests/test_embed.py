"""The widget's files over HTTP: caching, versions, size, CSP and CORS (no browser)."""

from __future__ import annotations

import gzip
import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.api.embed import STATIC
from service.app import create_app
from service.settings import Settings, SettingsError
from tests.static_files import HTML_SINKS, reachable_files

Client = AsyncTestClient[Litestar]
BUDGET = 20 * 1024  # gzipped bytes, everything a page loads for the widget


async def _widget_path(client: Client) -> str:
    loader = (await client.get("/embed.js")).text
    match = re.search(r'"(embed/[0-9a-f]{12})/main\.js\?([^"]*)"', loader)
    assert match, loader
    return "/" + match.group(1)


async def _widget_files(client: Client) -> dict[str, str]:
    """Every file the loader leads a browser to: main.js, what it imports, the CSS."""
    return await reachable_files(client, await _widget_path(client), "main.js", "widget.css")


async def test_the_loader_is_short_lived_and_names_a_version(client: Client) -> None:
    response = await client.get("/embed.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "main.js?max_body=5000&max_author=40" in response.text


async def test_widget_files_are_immutable_under_their_version(client: Client) -> None:
    base = await _widget_path(client)
    files = await _widget_files(client)
    assert {"main.js", "widget.js", "composer.js", "widget.css"} <= set(files)
    for name in files:
        response = await client.get(f"{base}/{name}")
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert response.headers["content-type"] == f"{expected}; charset=utf-8"


async def test_the_version_changes_with_the_content(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    copy = tmp_path_factory.mktemp("static")
    for path in STATIC.iterdir():
        if path.is_file():  # the console's folder is not the widget's
            (copy / path.name).write_bytes(path.read_bytes())
    (copy / "widget.css").write_text((STATIC / "widget.css").read_text() + "\n/* changed */\n")

    from service.api.embed import Embed

    assert Embed(Settings(), copy).version != Embed(Settings()).version


async def test_etags_answer_304(client: Client) -> None:
    base = await _widget_path(client)
    for path in ("/embed.js", f"{base}/main.js", "/demo"):
        first = await client.get(path)
        etag = first.headers["etag"]
        again = await client.get(path, headers={"If-None-Match": f'W/{etag}, "other"'})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag


async def test_files_are_gzipped_once_for_clients_that_take_it(client: Client) -> None:
    base = await _widget_path(client)
    plain = await client.get(f"{base}/composer.js", headers={"Accept-Encoding": "identity"})
    zipped = await client.get(f"{base}/composer.js", headers={"Accept-Encoding": "br, gzip"})
    refused = await client.get(f"{base}/composer.js", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.headers["etag"] != plain.headers["etag"]
    # httpx undoes one gzip layer: equal bodies mean nothing compressed it twice.
    assert zipped.content == plain.content
    assert "content-encoding" not in refused.headers


async def test_the_whole_widget_fits_the_size_budget(client: Client) -> None:
    loader = (await client.get("/embed.js")).content
    files = await _widget_files(client)
    total = len(gzip.compress(loader)) + sum(
        len(gzip.compress(text.encode())) for text in files.values()
    )
    print(f"widget: {total} bytes gzipped ({len(files) + 1} files)")
    assert total <= BUDGET


async def test_an_old_version_is_sent_to_the_current_one(client: Client) -> None:
    base = await _widget_path(client)
    response = await client.get("/embed/000000000000/main.js", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"../{base.rsplit('/', 1)[1]}/main.js"
    missing = await client.get(f"{base}/secrets.py")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{base}/..%2Fapi%2Fembed.py")).status_code == 404


async def test_user_data_never_reaches_an_html_parser(client: Client) -> None:
    for name, text in (await _widget_files(client)).items():
        assert not HTML_SINKS.search(text), name


async def test_the_demo_is_an_article_under_a_strict_csp(client: Client) -> None:
    response = await client.get("/demo")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert '<html lang="ko">' in response.text
    assert 'data-article-id="demo-hangang-reading-zone"' in response.text
    assert '<script src="embed.js" async></script>' in response.text
    # No inline script or style for the CSP to refuse.
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=", response.text)


async def test_policies_name_every_type_in_both_languages(client: Client) -> None:
    response = await client.get("/v1/policies")
    assert response.status_code == 200
    assert "max-age=300" in response.headers["cache-control"]
    body = response.json()
    names = {item["type"]: item["names"] for item in body["items"]}
    assert names["phone"] == {"ko": "전화번호", "en": "phone number"}
    assert {"kr_rrn", "email", "credit_card"} <= set(names)
    assert len(body["policy_version"]) == 12


async def test_openapi_describes_the_embed_routes(client: Client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert {"/embed.js", "/demo", "/v1/policies"} <= set(paths)


async def _preflight(client: Client, origin: str) -> dict[str, str]:
    response = await client.options(
        "/v1/articles/a/comments",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
    )
    return dict(response.headers)


async def test_any_page_may_embed_by_default(client: Client) -> None:
    headers = await _preflight(client, "https://news.example")
    assert headers["access-control-allow-origin"] == "*"
    assert "idempotency-key" in headers["access-control-allow-headers"].lower()
    scan = await client.post(
        "/v1/scan", json={"text": "hi"}, headers={"Origin": "https://news.example"}
    )
    assert "retry-after" in scan.headers["access-control-expose-headers"].lower()


async def test_cors_origins_lock_embedding_down() -> None:
    settings = Settings(cors_origins="https://news.example, https://m.news.example")
    async with AsyncTestClient(app=create_app(settings)) as client:
        allowed = await _preflight(client, "https://m.news.example")
        refused = await _preflight(client, "https://elsewhere.example")
    assert allowed["access-control-allow-origin"] == "https://m.news.example"
    assert "access-control-allow-origin" not in refused


@pytest.mark.parametrize(
    "value", ["news.example", "https://news.example/", "https://a.example,,https://b.example"]
)
def test_cors_origins_must_be_origins(value: str) -> None:
    with pytest.raises(SettingsError, match="MODERATO_CORS_ORIGINS"):
        Settings.from_env({"MODERATO_CORS_ORIGINS": value})
