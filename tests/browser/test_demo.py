"""The demo page: what someone who just ran `make run` opens first."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, expect

from tests.browser.support import Api, Widget
from tests.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]

DEMO_ARTICLE = "demo-hangang-reading-zone"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


async def test_the_demo_article_works_and_is_photographed(
    page: Page, server: LiveServer, api: Api
) -> None:
    first = api.post(DEMO_ARTICLE, "반포 쪽은 그늘이 부족했는데 반갑네요.", author="가온")
    api.post(DEMO_ARTICLE, "주말마다 가 봐야겠어요.", author="소담", parent_id=first["id"])
    api.post(DEMO_ARTICLE, "스피커 소리 때문에 늘 불편했는데 잘됐네요.", author="한결")
    errors: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", note)
    response = await page.goto(f"{server.url}/demo")

    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    await expect(page.get_by_role("heading", level=1)).to_contain_text("조용한 독서 구역")
    widget = Widget(page)
    await expect(widget.heading).to_have_text("댓글 3")
    await expect(widget.comment("주말마다 가 봐야겠어요.")).to_be_visible()
    await widget.write("좋은 정책이네요. 문의는 010-2345-6789로 주세요", nickname="한강러")
    await expect(widget.marks).to_have_text("010-2345-6789")
    assert errors == []

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "demo.png", full_page=True)
    assert (ARTIFACTS / "demo.png").stat().st_size > 10_000
