"""The widget on someone else's page: markup stays text, a strict CSP is enough, CSS stays
on its own side, several widgets and both languages."""

from __future__ import annotations

import pytest
from playwright.async_api import ConsoleMessage, Page, expect

from tests.browser.support import Api, HostPages, Widget, mount_point, new_article_id

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]

IMG = '<img src=x onerror="window.pwned = (window.pwned || 0) + 1">'
SCRIPT = "<script>window.pwned = (window.pwned || 0) + 1</script>"


async def test_markup_in_comments_is_text_and_never_runs(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    api.post(article_id, f"사진 {IMG} 끝", author="<b>굵은 닉네임</b>")
    # No CSP on this page, so nothing but the widget itself stops the markup.
    await page.goto(host.article(mount_point(article_id)))
    widget = Widget(page)
    await widget.post(f"스크립트 {SCRIPT} 끝")

    await expect(widget.comment("사진").locator(".body")).to_have_text(f"사진 {IMG} 끝")
    await expect(widget.comment("사진").locator(".author")).to_have_text("<b>굵은 닉네임</b>")
    await expect(widget.comment("스크립트").locator(".body")).to_have_text(f"스크립트 {SCRIPT} 끝")
    await page.wait_for_timeout(300)  # an onerror would have fired by now
    assert await page.evaluate("window.pwned") is None
    assert await widget.root.locator("img, script, b").count() == 0


async def test_the_widget_works_on_a_page_with_a_strict_csp(
    page: Page, host: HostPages, api: Api
) -> None:
    article_id = new_article_id()
    api.post(article_id, "엄격한 페이지에서도 보여요")
    service = host.service_url
    policy = (
        f"default-src 'none'; script-src {service}; connect-src {service}; "
        "style-src 'self'; img-src 'self'; base-uri 'none'"
    )
    problems: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", note)
    await page.goto(
        host.article(mount_point(article_id), headers={"Content-Security-Policy": policy})
    )
    widget = Widget(page)

    await expect(widget.heading).to_have_text("댓글 1")
    await expect(widget.comment("엄격한 페이지에서도 보여요")).to_be_visible()
    # The styles arrived although style-src admits only the page's own origin.
    submit = widget.composer.get_by_role("button", name="등록", exact=True)
    assert await submit.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 87, 208)"
    await widget.write("연락처 010-2345-6789")
    await expect(widget.marks).to_have_text("010-2345-6789")
    await widget.composer.locator("textarea").fill("CSP 아래에서도 등록돼요")
    await submit.click()
    await expect(widget.comment("CSP 아래에서도 등록돼요")).to_be_visible()
    assert problems == [], "the CSP refused something (or something else failed)"


async def test_page_css_and_widget_css_stay_apart(page: Page, host: HostPages, api: Api) -> None:
    article_id = new_article_id()
    api.post(article_id, "스타일이 섞이지 않아요")
    hostile = (
        "<style>* { color: rgb(255, 0, 0) !important; text-transform: uppercase !important; }"
        " button { display: none !important; } p { margin: 20px; }</style>"
    )
    body = f'<p id="host-text">기사 본문</p>{mount_point(article_id)}'
    await page.goto(host.article(body, head=hostile))
    widget = Widget(page)
    comment_body = widget.comment("스타일이 섞이지 않아요").locator(".body")
    await expect(comment_body).to_be_visible()

    def style(name: str) -> str:
        return f"element => getComputedStyle(element).{name}"

    assert await comment_body.evaluate(style("color")) != "rgb(255, 0, 0)"
    assert await comment_body.evaluate(style("textTransform")) == "none"
    await expect(widget.composer.get_by_role("button", name="등록", exact=True)).to_be_visible()
    # The widget's `p { margin: 0 }` does not reach the page's own paragraphs.
    assert await page.locator("#host-text").evaluate(style("marginTop")) == "20px"


async def test_several_widgets_each_speak_their_language(
    page: Page, host: HostPages, api: Api
) -> None:
    korean, english = new_article_id(), new_article_id()
    api.post(english, "Quiet zones, finally.", author="Reader")
    body = (
        f'<div id="moderato-comments" data-article-id="{korean}" data-lang="ko"></div>'
        f'<div class="moderato-comments" data-article-id="{english}"></div>'
    )
    # The page is English; the first widget says Korean itself, the second follows the page.
    await page.goto(host.article(body, lang="en"))
    ko, en = Widget(page), Widget(page, ".moderato-comments")

    await expect(ko.heading).to_have_text("댓글 0")
    await expect(en.heading).to_have_text("1 comment")
    await expect(en.comments.locator("time")).to_have_text("just now")
    await expect(en.root.get_by_role("button", name="Newest")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(en.composer.get_by_label("Nickname")).to_be_visible()
    await en.composer.get_by_label("Comment", exact=True).press_sequentially(
        "Text me at 010-2345-6789"
    )
    await expect(en.findings).to_contain_text("This looks like a phone number")
    await expect(en.findings).to_contain_text("a moderator will check it")

    await en.composer.get_by_label("Nickname").fill("Reader")
    await en.composer.get_by_role("button", name="Post").click()
    await expect(en.notice).to_contain_text("once a moderator has checked it")
    await expect(ko.notice).to_have_text("")
    await ko.post("한국어 위젯에 남긴 댓글")
    await expect(ko.comment("한국어 위젯에 남긴 댓글")).to_be_visible()
    await expect(en.comments).to_have_count(1)


async def test_relative_times_read_naturally(page: Page, host: HostPages) -> None:
    await page.goto(host.article(mount_point(new_article_id())))
    await expect(Widget(page).heading).to_be_visible()
    # The widget's own module, as the page loaded it.
    ages = await page.evaluate(
        """async () => {
            const main = document.querySelector("script[type=module]").src;
            const { relativeTime } = await import(new URL("strings.js", main));
            const ago = (seconds) => new Date(Date.now() - seconds * 1000);
            return [30, 180, 3 * 3600, 30 * 3600, 3 * 86400, 400 * 86400, -60].flatMap(
                (seconds) => ["ko", "en"].map((lang) => relativeTime(ago(seconds), lang)));
        }"""
    )
    assert ages == [
        "방금 전", "just now",
        "3분 전", "3 minutes ago",
        "3시간 전", "3 hours ago",
        "어제", "yesterday",
        "3일 전", "3 days ago",
        "작년", "last year",
        "방금 전", "just now",  # a clock running ahead is not "in a minute"
    ]  # fmt: skip
