"""Browser tests: the real service in a child process, pages on another origin that embed
the widget, and Debian's Chromium driven by Playwright (one browser for the session)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Error, Page, async_playwright

from tests.browser.support import ARTICLE_LIMIT, Api, HostPages
from tests.live_server import LiveServer, live_server

# Playwright's own browser download cannot work here: we drive the system's Chromium.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine's network is closed: these keep Chromium from calling home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which(CHROMIUM)
    if path is None:
        reason = (
            f"no Chromium at {CHROMIUM} (install it with `sudo apt-get install chromium`, "
            "or point CHROMIUM_PATH at one)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run: {reason}")
        pytest.skip(reason)
    return path


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Rate limits stay on, as in production: seeded comments come from made-up
    # addresses (X-Forwarded-For from a trusted proxy), the browser's from 127.0.0.1.
    directory = tmp_path_factory.mktemp("server")
    with live_server(directory, article_limit=str(ARTICLE_LIMIT)) as running:
        yield running


@pytest.fixture(scope="session")
def admin_key(server: LiveServer) -> str:
    """An admin key made with the CLI, as an operator makes the first one."""
    database = server.log.parent / "moderato.db"
    created = subprocess.run(
        [sys.executable, "-m", "service", "keys", "create", "editor", "--role", "admin"],
        env={**os.environ, "MODERATO_DATABASE": str(database)},
        capture_output=True,
        text=True,
        check=True,
    )
    return created.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def api(server: LiveServer, admin_key: str) -> Iterator[Api]:
    with Api(server.url, admin_key) as client:
        yield client


@pytest.fixture(scope="session")
def host(server: LiveServer) -> Iterator[HostPages]:
    with HostPages(server.url) as pages:
        yield pages


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh page (own storage); the test fails on any uncaught script error."""
    context = await browser.new_context(locale="ko-KR", viewport={"width": 900, "height": 1200})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    errors: list[Error] = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    await context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
