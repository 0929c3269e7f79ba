"""Writing a comment: the check while typing, and what the author is told on posting."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, Request, Response, Route, expect

from tests.browser.support import (
    ARTICLE_LIMIT,
    Api,
    HostPages,
    Widget,
    mount_point,
    new_article_id,
)

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]

PHONE = "010-2345-6789"
RRN = "900101-1234568"


def is_a_post(message: Request | Response) -> bool:
    """Whether a request (or its response) posts a comment; /v1/scan is no post."""
    request = message if isinstance(message, Request) else message.request
    return request.method == "POST" and request.url.endswith("/comments")


async def open_widget(page: Page, host: HostPages, article_id: str, count: int = 0) -> Widget:
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    await expect(widget.heading).to_have_text(f"댓글 {count}")
    return widget


async def test_a_clean_comment_appears_at_once(page: Page, host: HostPages, api: Api) -> None:
    article_id = new_article_id()
    widget = await open_widget(page, host, article_id)

    await widget.post("반포 쪽은 그늘이 부족했는데 반갑네요.")

    await expect(widget.notice).to_have_text("댓글을 등록했습니다.")
    await expect(widget.comments).to_have_count(1)
    await expect(widget.comments.first.locator(".author")).to_have_text("한강러")
    await expect(widget.comments.first.locator(".body")).to_have_text(
        "반포 쪽은 그늘이 부족했는데 반갑네요."
    )
    await expect(widget.heading).to_have_text("댓글 1")
    await expect(widget.composer.locator("textarea")).to_have_value("")
    [stored] = api.thread(article_id)["items"]
    assert stored["body"] == "반포 쪽은 그늘이 부족했는데 반갑네요."


async def test_a_phone_number_is_marked_while_typing(page: Page, host: HostPages) -> None:
    widget = await open_widget(page, host, new_article_id())
    posts: list[Request] = []
    page.on("request", lambda r: posts.append(r) if is_a_post(r) else None)

    # The emoji before the number is two UTF-16 units but one code point: the span
    # must still land exactly on the number.
    await widget.write(f"좋은 소식 😀 궁금하면 {PHONE}로 연락 주세요")

    await expect(widget.marks).to_have_count(1)
    await expect(widget.marks).to_have_text(PHONE)
    await expect(widget.findings).to_contain_text("전화번호로 보이는 부분이 있습니다")
    await expect(widget.findings).to_contain_text("담당자가 확인한 뒤에 게시됩니다")
    await expect(widget.findings.locator("q")).to_have_text(PHONE)
    await expect(widget.announcements).to_contain_text("전화번호로 보이는 부분이 있습니다")

    # The listed part selects exactly that span, for keyboard and screen-reader users.
    await widget.findings.get_by_role("button").click()
    selected = await widget.composer.locator("textarea").evaluate(
        "area => area.value.slice(area.selectionStart, area.selectionEnd)"
    )
    assert selected == PHONE
    assert posts == [], "checking must not post"

    # Editing elsewhere keeps the mark in place; breaking the number removes it.
    await widget.composer.locator("textarea").press("End")
    await widget.composer.locator("textarea").press_sequentially("!")
    await expect(widget.marks).to_have_text(PHONE)
    await widget.composer.locator("textarea").fill("좋은 소식이네요")
    await expect(widget.marks).to_have_count(0)
    await expect(widget.findings).to_be_hidden()


async def test_a_held_comment_is_explained_and_not_shown(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    widget = await open_widget(page, host, article_id)

    await widget.post(f"자세한 건 {PHONE}로 문자 주세요")

    await expect(widget.notice).to_contain_text("전화번호로 보이는 부분이 있어")
    await expect(widget.notice).to_contain_text("담당자가 확인한 뒤에 게시됩니다")
    await expect(widget.comments).to_have_count(0)
    await expect(widget.heading).to_have_text("댓글 0")
    assert api.thread(article_id)["items"] == []


async def test_a_blocked_comment_shows_its_spans_and_keeps_the_text(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    widget = await open_widget(page, host, article_id)
    text = f"제 주민번호는 {RRN} 이에요"

    async with page.expect_response(is_a_post) as blocked:
        await widget.post(text)

    assert (await blocked.value).status == 422
    await expect(widget.notice).to_contain_text("등록하지 않았습니다")
    await expect(widget.marks).to_have_text(RRN)
    await expect(widget.findings).to_contain_text("주민등록번호로 보이는 부분이 있습니다")
    await expect(widget.composer.locator("textarea")).to_have_value(text)
    assert api.thread(article_id)["total"] == 0


async def test_a_blocked_nickname_is_named(page: Page, host: HostPages) -> None:
    widget = await open_widget(page, host, new_article_id())

    await widget.post("좋은 기사네요", nickname=f"주민번호 {RRN}")

    await expect(widget.notice).to_contain_text("등록하지 않았습니다")
    await expect(widget.findings).to_contain_text("닉네임: 주민등록번호로 보이는 부분이 있습니다")
    await expect(widget.findings.locator("q")).to_have_text(RRN)
    await expect(widget.composer.get_by_label("닉네임")).to_have_attribute("aria-invalid", "")


async def test_a_closed_article_says_so_and_stops_the_form(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    api.post(article_id, "문을 닫기 전의 댓글")
    widget = await open_widget(page, host, article_id, count=1)
    api.close(article_id)

    await widget.post("닫힌 뒤에 쓴 댓글")

    await expect(widget.notice).to_have_text("이 기사에는 더 이상 댓글을 달 수 없습니다.")
    await expect(widget.composer.locator("textarea")).to_be_disabled()
    assert api.thread(article_id)["total"] == 1


async def test_a_rate_limited_reader_is_told_how_long_to_wait(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    for number in range(ARTICLE_LIMIT):  # from the address the browser posts from
        api.post(article_id, f"{number}번째 의견입니다", client="127.0.0.1")
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)

    await widget.post("하나 더 쓰고 싶어요")

    await expect(widget.notice).to_contain_text("댓글을 너무 자주 등록했습니다.")
    await expect(widget.notice).to_contain_text(re.compile(r"\d+초 뒤에 다시 등록할 수 있습니다"))
    await expect(widget.composer.get_by_role("button", name="등록", exact=True)).to_be_disabled()
    assert api.thread(article_id)["total"] == ARTICLE_LIMIT


async def lose_the_first_answer(page: Page) -> list[str | None]:
    """Let the first post reach the service, then cut the connection before the answer:
    what a reader on a bad network sees. Returns every post's Idempotency-Key."""
    keys: list[str | None] = []

    async def handle(route: Route) -> None:
        if not is_a_post(route.request):
            await route.continue_()
            return
        keys.append(await route.request.header_value("idempotency-key"))
        if len(keys) > 1:
            await route.continue_()
            return
        await route.fetch()  # the service stores the comment...
        await route.abort("connectionreset")  # ...and its answer never arrives

    await page.route("**/comments", handle)
    return keys


async def test_a_lost_answer_is_retried_without_posting_twice(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    widget = await open_widget(page, host, article_id)
    keys = await lose_the_first_answer(page)

    await widget.post("두 번 올라가면 안 되는 댓글")

    await expect(widget.notice).to_contain_text("다시 시도해도 한 번만 등록됩니다")
    assert api.thread(article_id)["total"] == 1
    await widget.composer.get_by_role("button", name="다시 시도").click()
    await expect(widget.notice).to_have_text("댓글을 등록했습니다.")
    await expect(widget.comments).to_have_count(1)
    assert len(keys) == 2
    assert keys[0] and keys[0] == keys[1]
    assert api.thread(article_id)["total"] == 1


async def test_an_edit_after_a_lost_answer_does_not_post_twice(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    widget = await open_widget(page, host, article_id)
    await lose_the_first_answer(page)
    await widget.post("처음 쓴 내용")
    await expect(widget.notice).to_contain_text("다시 시도해도 한 번만 등록됩니다")

    await widget.composer.locator("textarea").fill("고쳐 쓴 내용")
    await widget.composer.get_by_role("button", name="등록", exact=True).click()

    await expect(widget.notice).to_contain_text("고치기 전의 댓글이 이미 등록되어 있습니다")
    await expect(widget.comment("처음 쓴 내용")).to_be_visible()
    await expect(widget.composer.locator("textarea")).to_have_value("고쳐 쓴 내용")
    assert [c["body"] for c in api.thread(article_id)["items"]] == ["처음 쓴 내용"]
