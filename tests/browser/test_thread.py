"""Reading a thread: count, order, pages, replies, reports, and withdrawing one's own."""

from __future__ import annotations

import json

import pytest
from playwright.async_api import Page, expect

from tests.browser.support import Api, HostPages, Widget, mount_point, new_article_id

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]


async def test_the_thread_shows_its_count_pages_and_order(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    first = api.post(article_id, "첫 번째 의견", author="가온")
    for number in range(2, 6):
        api.post(article_id, f"{number}번째 의견")
    api.post(article_id, "첫 의견에 대한 답글", author="소담", parent_id=first["id"])

    await page.goto(host.article(mount_point(article_id, page_size="2")))
    widget = Widget(page)

    await expect(widget.heading).to_have_text("댓글 6")
    await expect(widget.comments).to_have_count(2)
    await expect(widget.comments.first.locator(".body").first).to_have_text("5번째 의견")
    more = widget.root.get_by_role("button", name="댓글 더 보기")
    await more.click()
    await expect(widget.comments).to_have_count(4)
    await more.click()
    await expect(widget.comments).to_have_count(5)
    await expect(more).to_be_hidden()
    await expect(widget.announcements).to_contain_text("댓글 1개를 더 불러왔습니다.")

    # The reply sits under its parent, not among the top-level comments.
    parent = widget.comment("첫 번째 의견").first
    await expect(parent.locator(".replies .body")).to_have_text("첫 의견에 대한 답글")
    await expect(parent.locator(":scope > article .author")).to_have_text("가온")
    await expect(parent.locator("time").first).to_have_text("방금 전")

    await widget.root.get_by_role("button", name="오래된순").click()
    await expect(widget.root.get_by_role("button", name="오래된순")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(widget.comments).to_have_count(2)
    await expect(widget.comments.first.locator(":scope > article .body")).to_have_text(
        "첫 번째 의견"
    )


async def test_a_reply_is_posted_under_its_parent(page: Page, host: HostPages, api: Api) -> None:
    article_id = new_article_id()
    parent = api.post(article_id, "독서 구역 좋네요", author="가온")
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    comment = widget.comment("독서 구역 좋네요")

    await comment.get_by_role("button", name="답글").click()
    reply_form = comment.locator("form.reply-composer")
    await expect(reply_form.get_by_role("group")).to_have_accessible_name("가온님에게 답글")
    await reply_form.get_by_label("닉네임").fill("소담")
    await reply_form.get_by_label("댓글").fill("저도 가 보고 싶어요")
    await reply_form.get_by_role("button", name="답글 등록").click()

    await expect(comment.locator(".replies .body")).to_have_text("저도 가 보고 싶어요")
    await expect(reply_form).to_have_count(0)
    await expect(widget.heading).to_have_text("댓글 2")
    [stored] = api.thread(article_id)["items"][0]["replies"]
    assert stored["parent_id"] == parent["id"]
    assert stored["body"] == "저도 가 보고 싶어요"


async def test_a_report_sends_the_chosen_reason(page: Page, host: HostPages, api: Api) -> None:
    article_id = new_article_id()
    api.post(article_id, "광고 글입니다")
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    comment = widget.comment("광고 글입니다")

    await comment.get_by_role("button", name="신고").click()
    await comment.get_by_label("광고·스팸").check()
    async with page.expect_response(lambda r: r.url.endswith("/reports")) as answer:
        await comment.get_by_role("button", name="신고하기").click()

    response = await answer.value
    assert response.status == 202
    assert json.loads(response.request.post_data or "{}") == {"reason": "spam"}
    await expect(comment.get_by_role("button", name="신고됨")).to_be_disabled()
    await expect(widget.announcements).to_contain_text("신고했습니다.")


async def test_only_the_author_can_withdraw_and_it_is_gone(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    api.post(article_id, "남이 쓴 댓글")
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    await widget.post("곧 지울 댓글")
    mine, theirs = widget.comment("곧 지울 댓글"), widget.comment("남이 쓴 댓글")
    await expect(mine.locator(".badge")).to_have_text("내 댓글")
    await expect(theirs.get_by_role("button", name="삭제")).to_have_count(0)

    # The token outlives the page: after a reload the comment is still the author's.
    await page.reload()
    await mine.get_by_role("button", name="삭제").click()
    await mine.get_by_role("button", name="삭제하기").click()

    await expect(mine).to_have_count(0)
    await expect(widget.heading).to_have_text("댓글 1")
    await expect(widget.announcements).to_contain_text("댓글을 삭제했습니다.")
    assert [c["body"] for c in api.thread(article_id)["items"]] == ["남이 쓴 댓글"]


async def test_the_keyboard_reaches_everything_and_focus_shows(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    api.post(article_id, "키보드로 답글 달기")
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    reply = widget.comment("키보드로 답글 달기").get_by_role("button", name="답글")
    await expect(reply).to_be_visible()

    for _ in range(20):  # from the top of the page, by Tab alone
        await page.keyboard.press("Tab")
        if await reply.evaluate("button => button.matches(':focus')"):
            break
    else:
        pytest.fail("Tab never reached the reply button")
    outline = await reply.evaluate("button => getComputedStyle(button).outlineStyle")
    assert outline == "solid", "keyboard focus must be visible"

    await page.keyboard.press("Enter")
    nickname = widget.root.locator("form.reply-composer").get_by_label("닉네임")
    await expect(nickname).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(widget.root.locator("form.reply-composer")).to_have_count(0)
    await expect(reply).to_be_focused()


async def test_a_withdrawn_comment_with_replies_leaves_a_placeholder(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    await widget.post("답글이 달릴 댓글")
    await expect(widget.comment("답글이 달릴 댓글")).to_be_visible()
    [mine] = api.thread(article_id)["items"]
    api.post(article_id, "그 아래 답글", parent_id=mine["id"])
    await page.reload()
    comment = widget.comment("답글이 달릴 댓글")

    await comment.get_by_role("button", name="삭제").click()
    await comment.get_by_role("button", name="삭제하기").click()

    placeholder = widget.comments.filter(has_text="작성자가 삭제한 댓글입니다.")
    await expect(placeholder.locator(".replies .body")).to_have_text("그 아래 답글")
    await expect(widget.root.get_by_text("답글이 달릴 댓글")).to_have_count(0)
    await expect(widget.heading).to_have_text("댓글 1")
    await page.reload()
    await expect(placeholder.locator(".replies .body")).to_have_text("그 아래 답글")
    await expect(widget.heading).to_have_text("댓글 1")
    assert api.thread(article_id)["items"][0]["withdrawn"] is True
