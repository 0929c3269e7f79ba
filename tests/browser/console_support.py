"""What the console's browser tests need: the moderation API to arrange a desk (keys,
held comments) and check outcomes, and the console as a moderator sees it."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any, Self

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    expect,
)

from tests.browser.support import Api

# Chromium logs every 4xx answer to fetch, and every failed connection, as a console
# error; a test that provokes one on purpose says so, and any other fails the test.
HTTP_ERROR = "Failed to load resource: the server responded with a status of {status}"
# Collected from the page itself: Chromium also logs them, but the event names the
# directive.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) =>
  window.reportViolation(`${event.violatedDirective} ${event.blockedURI}`));
"""
WORDS = {
    "ko": {"key": "API 키", "sign_in": "로그인", "article": "기사 ID", "apply": "적용"},
    "en": {"key": "API key", "sign_in": "Sign in", "article": "Article ID", "apply": "Apply"},
}
HELD = "제 번호 010-2345-6789 로 연락주세요"
PHONE = "010-2345-6789"


class Desk(Api):
    """The service's API, as an admin arranging what moderators will see."""

    def key(self, role: str = "moderator") -> tuple[str, str]:
        """A new key: its name and the key itself."""
        name = f"{role}-{uuid.uuid4().hex[:8]}"
        response = self._http.post(
            "/v1/moderation/keys", json={"name": name, "role": role}, headers=self._admin
        )
        assert response.status_code == 201, response.text
        return name, str(response.json()["key"])

    def whose(self, key: str) -> dict[str, Any] | None:
        """Whose ``key`` is, as the service tells it; None when it refuses the key."""
        response = self._http.get("/v1/moderation/me", headers={"Authorization": f"Bearer {key}"})
        if response.status_code == 401:
            return None
        assert response.status_code == 200, response.text
        who: dict[str, Any] = response.json()
        return who

    def revoke(self, name: str) -> None:
        response = self._http.delete(f"/v1/moderation/keys/{name}", headers=self._admin)
        assert response.status_code == 204, response.text

    def report(self, comment: dict[str, Any], reason: str) -> None:
        response = self._http.post(
            f"/v1/comments/{comment['id']}/reports",
            json={"reason": reason},
            headers={"X-Forwarded-For": "203.0.113.77"},
        )
        assert response.status_code == 202, response.text

    def decide(self, comment: dict[str, Any], action: str, **fields: Any) -> dict[str, Any]:
        current = self.item(comment["id"])
        response = self._http.post(
            f"/v1/moderation/comments/{comment['id']}/decision",
            json={"action": action, "version": current["version"], **fields},
            headers=self._admin,
        )
        assert response.status_code == 200, response.text
        decided: dict[str, Any] = response.json()
        return decided

    def item(self, comment_id: str) -> dict[str, Any]:
        response = self._http.get(f"/v1/moderation/comments/{comment_id}", headers=self._admin)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def decisions(self, comment_id: str) -> list[str]:
        """The actors and actions in the audit log for a comment, oldest first."""
        response = self._http.get(
            "/v1/moderation/audit", params={"comment_id": comment_id}, headers=self._admin
        )
        assert response.status_code == 200, response.text
        return [f"{e['actor']}:{e['action']}" for e in reversed(response.json()["items"])]

    def author_view(self, comment: dict[str, Any]) -> dict[str, Any]:
        """What the author reads about their comment with the token from the 201."""
        response = self._http.get(
            f"/v1/comments/{comment['id']}", headers={"X-Comment-Token": comment["token"]}
        )
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def thread_bodies(self, article_id: str) -> list[str]:
        return [item["body"] for item in self.thread(article_id)["items"]]

    def article(self, article_id: str) -> dict[str, Any]:
        response = self._http.get(f"/v1/moderation/articles/{article_id}", headers=self._admin)
        assert response.status_code == 200, response.text
        settings: dict[str, Any] = response.json()
        return settings


class Console:
    """The console in one browser context, found the way a moderator finds things."""

    def __init__(self, page: Page, url: str, lang: str) -> None:
        self.page = page
        self.url = url
        self.words = WORDS[lang]
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.expected: list[str] = []
        self.requests: list[Request] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: self.requests.append(request))

    @classmethod
    async def open(cls, browser: Browser, url: str, lang: str) -> Console:
        context = await browser.new_context(
            locale="ko-KR" if lang == "ko" else "en-US", viewport={"width": 1100, "height": 1000}
        )
        context.set_default_timeout(10_000)
        violations: list[str] = []
        await context.expose_function("reportViolation", lambda text: violations.append(text))
        await context.add_init_script(CSP_LISTENER)
        console = cls(await context.new_page(), url, lang)
        console.violations = violations
        await console.page.goto(f"{url}/console?lang={lang}")
        return console

    @property
    def context(self) -> BrowserContext:
        return self.page.context

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if not any(message.text.startswith(expected) for expected in self.expected):
            self.errors.append(message.text)

    def expect_status(self, *statuses: int) -> None:
        """Answers with these statuses are part of the test, not errors."""
        self.expected += [HTTP_ERROR.format(status=status) for status in statuses]

    def expect_dropped_connections(self) -> None:
        """Requests failing while the network is down are part of the test."""
        self.expected.append("Failed to load resource: net::ERR_")

    async def close(self) -> None:
        await self.context.close()
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.violations == [], f"CSP violations: {self.violations}"

    # -- what a moderator sees and does ------------------------------------------------

    def button(self, name: str, within: Locator | Page | None = None) -> Locator:
        return (within or self.page).get_by_role("button", name=name, exact=True)

    async def sign_in(self, key: str) -> None:
        await self.page.get_by_label(self.words["key"], exact=True).fill(key)
        await self.button(self.words["sign_in"]).click()

    async def show_article(self, article_id: str) -> None:
        """Filter the queue down to one article (other tests' comments wait there too)."""
        await self.page.get_by_label(self.words["article"], exact=True).fill(article_id)
        await self.button(self.words["apply"]).click()

    def item(self, comment_id: str) -> Locator:
        return self.page.locator(f'li[data-comment-id="{comment_id}"]')

    def tab(self, name: str) -> Locator:
        return self.page.get_by_role("tab", name=re.compile(f"^{name} "))

    async def live(self) -> None:
        await expect(self.page.locator('.live-state[data-state="live"]')).to_be_visible()

    async def storage(self) -> dict[str, Any]:
        stored: dict[str, Any] = await self.page.evaluate(
            "() => ({session: {...sessionStorage}, local: {...localStorage}})"
        )
        return stored


class Relay:
    """A TCP relay in front of the service whose connections a test can cut, as a
    flaky network would: open streams break and new connections are refused until
    it is restored."""

    def __init__(self, port: int) -> None:
        self._port = port
        self._writers: set[asyncio.StreamWriter] = set()
        self._refusing = False
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    def cut(self) -> None:
        self._refusing = True
        for writer in list(self._writers):
            writer.close()

    def restore(self) -> None:
        self._refusing = False

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._refusing:
            writer.close()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self._port)
        self._writers |= {writer, upstream_writer}
        try:
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        finally:
            self._writers -= {writer, upstream_writer}
            writer.close()
            upstream_writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
