"""What the browser tests need besides the browser: a news site on another origin, the
service's API for arranging a thread, and the widget as a reader sees it."""

from __future__ import annotations

import itertools
import threading
import uuid
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import httpx
from playwright.async_api import Locator, Page

# Comments one reader may post on one article a minute, in the service under test.
ARTICLE_LIMIT = 5


def new_article_id() -> str:
    """Every test gets its own article, so that threads and rate limits are its own."""
    return f"test/{uuid.uuid4().hex[:12]}"


class _PageHandler(BaseHTTPRequestHandler):
    def __init__(self, pages: dict[str, tuple[bytes, dict[str, str]]], *args: Any) -> None:
        self.pages = pages
        super().__init__(*args)

    def do_GET(self) -> None:
        page = self.pages.get(self.path)
        if page is None:
            self.send_error(404)
            return
        body, headers = page
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test output is no place for an access log


class HostPages:
    """A news site on another origin (``localhost``, not ``127.0.0.1``) that embeds the
    widget the way the contract tells site owners to."""

    def __init__(self, service_url: str) -> None:
        self.service_url = service_url
        self._pages: dict[str, tuple[bytes, dict[str, str]]] = {}
        self._numbers = itertools.count()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_PageHandler, self._pages))
        self.origin = f"http://localhost:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def article(
        self,
        body: str,
        *,
        lang: str = "ko",
        head: str = "",
        headers: dict[str, str] | None = None,
    ) -> str:
        """The URL of a new page with ``body``, followed by the embed script tag."""
        html = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>기사</title>{head}</head><body>{body}"
            f'<script src="{self.service_url}/embed.js" async></script></body></html>'
        )
        path = f"/article-{next(self._numbers)}.html"
        self._pages[path] = (html.encode(), headers or {})
        return self.origin + path


def mount_point(article_id: str, **data: str) -> str:
    """The element the contract tells site owners to put where the thread goes."""
    attributes = "".join(f' data-{name.replace("_", "-")}="{v}"' for name, v in data.items())
    return f'<div id="moderato-comments" data-article-id="{article_id}"{attributes}></div>'


class Api:
    """The service's public API, to arrange a thread before a reader opens it."""

    def __init__(self, url: str, admin_key: str) -> None:
        self._http = httpx.Client(base_url=url, timeout=10)
        self._admin = {"Authorization": f"Bearer {admin_key}"}
        self._clients = itertools.count(1)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def post(
        self,
        article_id: str,
        body: str,
        *,
        author: str = "독자",
        parent_id: str | None = None,
        client: str | None = None,
    ) -> dict[str, Any]:
        """Post as a reader at ``client``, by default a new one each time (so the
        per-reader limits apply to the test's reader only), through the trusted proxy."""
        address = client or f"198.51.100.{next(self._clients) % 250 + 1}"
        response = self._http.post(
            f"/v1/articles/{article_id}/comments",
            json={"author": author, "body": body, "parent_id": parent_id},
            headers={"X-Forwarded-For": address},
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def close(self, article_id: str) -> None:
        """Close the article to comments, as an editor would."""
        response = self._http.put(
            f"/v1/moderation/articles/{article_id}",
            json={"open": False, "mode": "post"},
            headers=self._admin,
        )
        assert response.status_code == 200, response.text

    def thread(self, article_id: str) -> dict[str, Any]:
        response = self._http.get(f"/v1/articles/{article_id}/comments", params={"limit": 100})
        assert response.status_code == 200, response.text
        thread: dict[str, Any] = response.json()
        return thread


class Widget:
    """The widget on a page, found the way a reader finds things: by what they say.

    Locators pierce the widget's (open) shadow root."""

    def __init__(self, page: Page, host: str = "#moderato-comments") -> None:
        self.page = page
        self.root = page.locator(host)
        self.heading = self.root.locator("h2")
        self.composer = self.root.locator("form.composer").first
        self.comments = self.root.locator("ol.thread > li")
        self.notice = self.composer.locator(".notice")
        self.marks = self.composer.locator(".mirror mark")
        self.findings = self.composer.locator(".findings")
        self.announcements = self.root.locator("[aria-live]")

    def comment(self, text: str) -> Locator:
        own_body = self.page.locator(":scope > article > .body", has_text=text)
        return self.root.locator("li.comment", has=own_body)

    async def write(self, text: str, nickname: str = "한강러") -> None:
        await self.composer.get_by_label("닉네임").fill(nickname)
        # Typed, not filled: the check runs on input events, as it does for a reader.
        await self.composer.locator("textarea").press_sequentially(text)

    async def post(self, text: str, nickname: str = "한강러") -> None:
        await self.write(text, nickname)
        await self.composer.get_by_role("button", name="등록", exact=True).click()
