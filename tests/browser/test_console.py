"""The moderator console in Chromium, against the real service: signing in, live queues,
decisions from the keyboard, two moderators on one comment, the admin screens.

Every console opened here fails its test on a console error it did not expect or on any
Content-Security-Policy violation (see ``Console.close``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Route, expect

from tests.browser.console_support import HELD, PHONE, Console, Desk, Relay
from tests.browser.support import new_article_id
from tests.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
OpenConsole = Callable[[str], Awaitable[Console]]


@pytest.fixture(scope="session")
def desk(server: LiveServer, admin_key: str) -> Iterator[Desk]:
    with Desk(server.url, admin_key) as arranged:
        yield arranged


@pytest_asyncio.fixture(loop_scope="session")
async def consoles(browser: Browser, server: LiveServer) -> AsyncIterator[OpenConsole]:
    """Opens consoles, each in its own browser context, and checks each at the end."""
    opened: list[Console] = []

    async def open_console(lang: str) -> Console:
        console = await Console.open(browser, server.url, lang)
        opened.append(console)
        return console

    yield open_console
    for console in opened:
        await console.close()


async def signed_in(
    consoles: OpenConsole,
    desk: Desk,
    lang: str,
    article_id: str | None = None,
    *,
    role: str = "moderator",
    stall_events: bool = False,
) -> tuple[Console, str]:
    """A console signed in with a new key, showing only ``article_id`` if given."""
    name, key = desk.key(role)
    console = await consoles(lang)
    if stall_events:
        # A link that never delivers live updates: this moderator sees what was there.
        await console.context.route("**/v1/moderation/events", _never_answer)
    await console.sign_in(key)
    await expect(console.page.get_by_role("tablist")).to_be_visible()
    if article_id is not None:
        await console.show_article(article_id)
    return console, name


async def _never_answer(route: Route) -> None:
    pass


# -- signing in ----------------------------------------------------------------------------


async def test_the_key_stays_in_this_tab_and_goes_only_into_the_header(
    consoles: OpenConsole, desk: Desk
) -> None:
    name, key = desk.key()
    console = await consoles("en")
    page = console.page
    await expect(page.get_by_label("API key", exact=True)).to_have_attribute("type", "password")
    await console.sign_in(key)
    await expect(console.tab("Pending")).to_be_visible()
    await expect(page.get_by_text(f"{name} (moderator)")).to_be_visible()
    assert await console.storage() == {"session": {"moderato.console.key": key}, "local": {}}
    assert not [request.url for request in console.requests if key in request.url]
    calls = [r for r in console.requests if "/v1/moderation/" in r.url]
    assert calls
    for request in calls:
        assert (await request.all_headers())["authorization"] == f"Bearer {key}"

    await page.reload()  # the same tab: still signed in
    await expect(console.tab("Pending")).to_be_visible()
    await console.button("Sign out").click()
    await expect(page.get_by_label("API key", exact=True)).to_be_focused()
    assert await console.storage() == {"session": {}, "local": {}}


async def test_a_wrong_key_is_refused(consoles: OpenConsole) -> None:
    console = await consoles("ko")
    console.expect_status(401)
    await console.sign_in("mdr_" + "x" * 43)
    await expect(console.page.get_by_role("alert")).to_have_text(
        "이 API 키로는 로그인할 수 없습니다. 키가 틀렸거나 폐기되었습니다."
    )
    await expect(console.page.get_by_label("API 키", exact=True)).to_be_focused()
    assert (await console.storage())["session"] == {}


async def test_a_key_revoked_mid_session_returns_to_sign_in(
    consoles: OpenConsole, desk: Desk
) -> None:
    console, name = await signed_in(consoles, desk, "en")
    console.expect_status(401)
    desk.revoke(name)
    await console.tab("Reported").click()  # the next thing the moderator does
    await expect(console.page.get_by_role("alert")).to_contain_text(
        "Your API key is no longer valid"
    )
    await expect(console.page.get_by_label("API key", exact=True)).to_be_visible()
    assert (await console.storage())["session"] == {}


async def test_the_language_follows_the_browser_unless_the_url_names_one(
    consoles: OpenConsole, server: LiveServer
) -> None:
    console = await consoles("en")  # an English browser, asked for ?lang=en
    page = console.page
    await page.goto(f"{server.url}/console")
    await expect(page.get_by_label("API key", exact=True)).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await page.get_by_role("link", name="한국어").click()
    await expect(page.get_by_label("API 키", exact=True)).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert page.url.endswith("/console?lang=ko")
    await page.goto(f"{server.url}/console/")  # sent to /console, where its paths hold
    await expect(page.get_by_label("API key", exact=True)).to_be_visible()
    assert page.url == f"{server.url}/console"


# -- the queue, live ---------------------------------------------------------------------------


async def test_a_held_comment_appears_live_with_its_span_marked(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    console, _ = await signed_in(consoles, desk, "ko", article)
    page = console.page
    await console.live()
    await expect(page.locator("#queue-panel .state")).to_have_text("이 대기열에 댓글이 없습니다.")
    await page.evaluate("window.stillTheSamePage = true")

    comment = desk.post(article, HELD)

    item = console.item(comment["id"])
    await expect(item).to_be_visible()
    mark = item.locator(".body mark")
    await expect(mark).to_have_text(PHONE)
    await expect(mark).to_have_attribute("data-type", "phone")
    await expect(item.locator(".body .tag")).to_have_text("전화번호")
    await expect(item.locator(".findings")).to_contain_text("전화번호로 보이며")
    await expect(item.locator(".badge")).to_have_text("대기")
    await expect(console.tab("대기")).to_have_text("대기 1")
    await expect(page.locator(".oldest")).to_contain_text("가장 오래 기다린 댓글")
    await expect(page.locator('[aria-live="polite"]')).to_have_text(
        "새 댓글이 대기열에 들어왔습니다: 독자"
    )
    assert await page.evaluate("window.stillTheSamePage") is True


async def test_the_stream_resumes_with_last_event_id_after_a_drop(
    browser: Browser, server: LiveServer, desk: Desk
) -> None:
    article = new_article_id()
    _, key = desk.key()
    async with Relay(int(server.url.rsplit(":", 1)[1])) as relay:
        console = await Console.open(browser, relay.url, "en")
        console.expect_dropped_connections()
        await console.sign_in(key)
        await console.show_article(article)
        await console.live()
        relay.cut()
        await expect(console.page.locator('.live-state[data-state="connecting"]')).to_be_visible()
        comment = desk.post(article, HELD)  # while the console is cut off
        relay.restore()

        # It retries within a few seconds; a busy machine may take longer.
        await expect(console.item(comment["id"]).locator(".body mark")).to_have_text(
            PHONE, timeout=20_000
        )
        streams = [r for r in console.requests if r.url.endswith("/v1/moderation/events")]
        assert "last-event-id" not in await streams[0].all_headers()
        resumed = await streams[-1].all_headers()
        assert resumed["last-event-id"].isdigit()  # the change feed's id
        await console.close()


async def test_events_are_read_whatever_the_chunks(consoles: OpenConsole) -> None:
    console = await consoles("en")
    received = await console.page.evaluate(
        """async () => {
            const main = document.querySelector('script[type="module"]').src;
            const { EventParser } = await import(new URL("stream.js", main));
            const seen = [];
            const parser = new EventParser((type, data) => seen.push([type, data]));
            const stream = ": connected\\r\\nid: ab-0\\r\\n\\r\\nid: ab-1\\r\\nevent: queue\\r\\n"
                + "data: {\\"a\\":\\r\\ndata: 1}\\r\\n\\r\\nevent: reset\\ndata: {}\\n\\n";
            // One character at a time: every CR lands apart from its LF.
            for (const char of stream) parser.feed(char);
            return { seen, lastEventId: parser.lastEventId };
        }"""
    )
    assert received == {
        "seen": [["queue", '{"a":\n1}'], ["reset", "{}"]],
        "lastEventId": "ab-1",
    }


async def test_the_engines_explanation_is_shown_when_a_finding_has_one(
    consoles: OpenConsole, desk: Desk
) -> None:
    """The engine is gaining an explanation per finding: a string, a list of them, or
    one per language. Here the queue's answer carries each kind, as it will."""
    article = new_article_id()
    for _ in range(3):
        desk.post(article, HELD)
    explanations: list[Any] = [
        "Mobile number pattern next to 연락",
        ["Valid 010 prefix", "context word: 번호"],
        {"ko": "휴대전화 번호 형식", "en": "Mobile number format"},
    ]

    async def with_explanations(route: Route) -> None:
        response = await route.fetch()
        page = await response.json()
        for item, explanation in zip(page["items"], explanations, strict=True):
            item["findings"][0]["explanation"] = explanation
        await route.fulfill(response=response, json=page)

    console, _ = await signed_in(consoles, desk, "en")
    await console.page.route("**/v1/moderation/queues/pending?*", with_explanations)
    await console.show_article(article)
    why = console.page.locator(".finding-why")
    await expect(why).to_have_text(
        [
            "Mobile number pattern next to 연락",
            "Valid 010 prefix context word: 번호",
            "Mobile number format",
        ]
    )
    await expect(console.page.locator(".body mark").first).to_have_attribute(
        "title", "phone number: Mobile number pattern next to 연락"
    )


async def test_the_engines_structured_explanation_reads_as_sentences(
    consoles: OpenConsole, desk: Desk
) -> None:
    """As the service gives it: after the finding's own summary, the checks that vouched
    for the value and the word near it that raised the confidence, in the console's
    language."""
    article = new_article_id()
    comment = desk.post(article, HELD)
    [finding] = desk.item(comment["id"])["findings"]
    explanation = finding["explanation"]
    assert explanation["verdicts"] and explanation["context"]  # what this text gives
    [(check, verdict)] = explanation["verdicts"].items()
    word = explanation["context"]
    verdicts = {"confirmed": "확인됨", "plausible": "형식 맞음", "doubtful": "의심스러움"}
    for lang, summary, reasons in (
        (
            "en",
            "Looks like a phone number",
            f"Checks: {check} {verdict}. The word “{word}” is nearby.",
        ),
        (
            "ko",
            "전화번호로 보이며",
            f"검증: {check} {verdicts[verdict]}. 가까이에 '{word}'라는 말이 있습니다.",
        ),
    ):
        console, _ = await signed_in(consoles, desk, lang, article)
        why = console.page.locator(".finding-why")
        await expect(why).to_have_text(re.compile(f"^{re.escape(summary)}.* {re.escape(reasons)}$"))
        await console.close()


async def test_the_contract_names_are_in_both_languages(consoles: OpenConsole, desk: Desk) -> None:
    """The sign-in field and the decision buttons, by the names the contract gives them
    (replacing a test that read them out of text.js)."""
    article = new_article_id()
    comment = desk.post(article, HELD)
    names = {
        "en": ("API key", ("Approve", "Reject", "Redact", "Blind", "Undo")),
        "ko": ("API 키", ("승인", "거부", "가림 후 게시", "임시조치", "되돌리기")),
    }
    for lang, (key_label, actions) in names.items():
        signing_in = await consoles(lang)
        await expect(signing_in.page.get_by_label(key_label, exact=True)).to_be_visible()
        await signing_in.close()
        console, _ = await signed_in(consoles, desk, lang, article)
        item = console.item(comment["id"])
        await expect(item).to_be_visible()
        await console.page.keyboard.press("j")  # opening the comment shows its decisions
        await expect(item.locator("article")).to_be_focused()
        for action in actions:
            await expect(console.button(action, item)).to_be_visible()
        await console.close()


# -- decisions ---------------------------------------------------------------------------------


async def test_approve_from_the_keyboard_publishes_it_and_undo_takes_it_back(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comment = desk.post(article, HELD)
    console, name = await signed_in(consoles, desk, "en", article)
    page, item = console.page, console.item(comment["id"])
    await expect(item).to_be_visible()

    await page.keyboard.press("j")
    await expect(item.locator("article")).to_be_focused()
    await expect(item.locator(".claim")).to_have_text("You are working on this")
    for action in ("Approve", "Reject", "Redact", "Blind", "Undo"):
        await expect(console.button(action, item)).to_be_visible()
    await page.keyboard.press("a")

    await expect(item.get_by_role("status")).to_have_text("Approved: it is published.")
    await expect(item.locator(".badge")).to_have_text("published")
    assert desk.thread_bodies(article) == [HELD]
    await page.keyboard.press("u")
    await expect(item.get_by_role("status")).to_have_text("Undone.")
    assert desk.thread_bodies(article) == []
    assert desk.decisions(comment["id"]) == [f"{name}:approve", f"{name}:undo"]


async def test_redact_publishes_it_masked(consoles: OpenConsole, desk: Desk) -> None:
    article = new_article_id()
    comment = desk.post(article, HELD)
    console, _ = await signed_in(consoles, desk, "ko", article)
    await expect(console.item(comment["id"])).to_be_visible()
    await console.page.keyboard.press("j")
    await console.page.keyboard.press("e")
    await expect(console.item(comment["id"]).get_by_role("status")).to_have_text(
        "가리고 게시했습니다."
    )
    assert desk.thread_bodies(article) == ["제 번호 ***-****-**** 로 연락주세요"]


async def test_redact_masks_the_selected_text_instead(consoles: OpenConsole, desk: Desk) -> None:
    article = new_article_id()
    # An emoji before it: the service counts code points, JavaScript UTF-16 units.
    comment = desk.post(article, "🙂 연락 010-2345-6789 주세요. 집은 행복동 12")
    console, _ = await signed_in(consoles, desk, "en", article)
    item = console.item(comment["id"])
    await expect(item.locator(".body mark")).to_have_text(PHONE)
    await console.page.keyboard.press("j")
    await item.locator(".body").evaluate(
        """body => {
            const text = [...body.childNodes].find((node) => node.data?.includes("행복동"));
            const range = document.createRange();
            range.setStart(text, text.data.indexOf("행복동"));
            range.setEnd(text, text.data.indexOf("행복동") + 3);
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    await console.page.keyboard.press("e")
    await expect(item.get_by_role("status")).to_have_text("Redacted and published.")
    assert desk.thread_bodies(article) == ["🙂 연락 010-2345-6789 주세요. 집은 *** 12"]


async def test_reject_with_a_note_reaches_the_author(consoles: OpenConsole, desk: Desk) -> None:
    article = new_article_id()
    comment = desk.post(article, HELD)
    console, _ = await signed_in(consoles, desk, "ko", article)
    item = console.item(comment["id"])
    await expect(item).to_be_visible()
    await console.page.keyboard.press("j")
    await console.page.keyboard.press("r")

    form = item.get_by_role("form", name="거부")
    await expect(form.get_by_label("개인정보")).to_be_focused()  # the suggested reason
    await form.get_by_label("광고·스팸").check()
    note = "연락처는 댓글 말고 제보 창구로 보내 주세요."
    await form.get_by_label("작성자에게 남길 말 (선택)").fill(note)
    await console.button("거부", form).click()

    await expect(item.get_by_role("status")).to_have_text("거부했습니다.")
    seen_by_author = desk.author_view(comment)
    assert (seen_by_author["status"], seen_by_author["reject_reason"]) == ("rejected", "spam")
    assert seen_by_author["reject_note"] == note


async def test_a_reported_comment_is_blinded_until_a_chosen_day(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comment = desk.post(article, "이 가게 사장님 정말 불친절하네요.")
    desk.report(comment, "abuse")
    console, _ = await signed_in(consoles, desk, "en", article)
    await console.tab("Reported").click()
    item = console.item(comment["id"])
    await expect(item.locator(".facts")).to_contain_text("1 report (abuse 1)")
    await console.page.keyboard.press("j")
    await console.page.keyboard.press("b")

    form = item.get_by_role("form", name="Blind")
    day = form.get_by_label("Back on (at most 30 days ahead)")
    await expect(day).to_be_focused()
    today = dt.date.today()
    assert await day.get_attribute("max") == str(today + dt.timedelta(days=30))
    await day.fill(str(today + dt.timedelta(days=3)))
    await console.button("Blind", form).click()

    await expect(item.get_by_role("status")).to_have_text("Blinded.")
    blinded = desk.item(comment["id"])
    assert blinded["status"] == "blinded"
    assert blinded["blinded_until"][:10] == str(
        (dt.datetime.now().astimezone() + dt.timedelta(days=3)).astimezone(dt.UTC).date()
    )
    assert desk.thread_bodies(article) == []


async def test_two_moderators_on_one_comment_one_wins_the_other_sees_the_new_state(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comment = desk.post(article, HELD)
    alice, alice_name = await signed_in(consoles, desk, "en", article)
    bob, _ = await signed_in(consoles, desk, "en", article, stall_events=True)
    bob.expect_status(409)
    first, second = alice.item(comment["id"]), bob.item(comment["id"])
    await expect(first).to_be_visible()
    await expect(second).to_be_visible()

    await alice.page.keyboard.press("j")
    await expect(first.locator(".claim")).to_have_text("You are working on this")
    await bob.page.keyboard.press("j")
    await expect(second.locator(".claim")).to_have_text(f"{alice_name} is working on this")
    await alice.page.keyboard.press("a")
    await expect(first.get_by_role("status")).to_have_text("Approved: it is published.")
    await bob.page.keyboard.press("a")

    result = second.get_by_role("status")
    await expect(result).to_contain_text("“Approve” was not applied")
    await expect(result).to_contain_text(f"{alice_name} chose “approve”")
    await expect(result).to_contain_text("Status: pending → published")
    await expect(result).to_contain_text("Now: published (version 2)")
    await expect(second.locator(".badge")).to_have_text("published")
    await expect(bob.page.locator('[aria-live="assertive"]')).to_contain_text("was not applied")
    assert desk.decisions(comment["id"]) == [f"{alice_name}:approve"]
    assert desk.thread_bodies(article) == [HELD]


async def test_bulk_decisions_give_a_result_for_every_comment(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comments = [desk.post(article, f"{n}번째: 제 번호 010-2345-678{n}") for n in range(3)]
    console, name = await signed_in(consoles, desk, "en", article, stall_events=True)
    console.expect_status(409)
    for comment in comments:
        await expect(console.item(comment["id"])).to_be_visible()
    desk.decide(comments[1], "reject", reason="spam")  # elsewhere, unseen here

    await console.page.get_by_label("Select all in this list").check()
    await expect(console.page.get_by_text("3 selected")).to_be_visible()
    await console.button("Approve selected").click()

    results = console.page.get_by_role("list", name="Results")
    await expect(results.get_by_role("listitem")).to_have_count(3)
    await expect(results).to_contain_text("not applied")
    await expect(console.page.locator('[aria-live="polite"]')).to_have_text("2 of 3 done.")
    conflicted = console.item(comments[1]["id"])
    await expect(conflicted.get_by_role("status")).to_contain_text("Now: rejected (version 2)")
    for comment in (comments[0], comments[2]):
        assert desk.decisions(comment["id"]) == [f"{name}:approve"]
    assert desk.decisions(comments[1]["id"]) == ["editor:reject"]


# -- roles and the admin screens ---------------------------------------------------------------


async def test_a_moderator_key_does_not_see_the_admin_screens(
    consoles: OpenConsole, desk: Desk
) -> None:
    moderator, _ = await signed_in(consoles, desk, "en")
    admin, _ = await signed_in(consoles, desk, "en", role="admin")
    sections = moderator.page.get_by_role("navigation").get_by_role("button")
    await expect(sections).to_have_text(["Queues"])
    await expect(moderator.page.get_by_text("Audit log")).to_have_count(0)
    await expect(moderator.page.get_by_text("API keys")).to_have_count(0)
    await expect(admin.page.get_by_role("navigation").get_by_role("button")).to_have_text(
        ["Queues", "Audit log", "Articles", "API keys"]
    )


async def test_admins_read_the_audit_log_set_articles_and_manage_keys(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comment = desk.post(article, HELD)
    desk.decide(comment, "approve")
    console, _ = await signed_in(consoles, desk, "en", role="admin")
    page = console.page

    await console.button("Audit log").click()
    await expect(page.get_by_role("heading", name="Audit log")).to_be_focused()
    await page.get_by_label("Comment ID").fill(comment["id"])
    await console.button("Search").click()
    rows = page.locator("tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("editor")
    await expect(rows).to_contain_text("pending → published")

    await console.button("Articles").click()
    await page.get_by_label("Article ID").fill(article)
    await console.button("Load").click()
    await expect(page.get_by_label("Open for comments")).to_be_checked()
    await page.get_by_label("Review every comment before it appears").check()
    await console.button("Save").click()
    await expect(
        page.get_by_role("region", name="Article settings").get_by_role("status")
    ).to_have_text("Saved. It applies from the next comment.")
    assert desk.article(article) == {"open": True, "mode": "pre"}

    await console.button("API keys").click()
    await page.get_by_label("Name").fill("night-desk")
    await console.button("Create key").click()
    new_key = (await page.locator(".new-key").text_content()) or ""
    assert new_key.startswith("mdr_")
    assert desk.whose(new_key) == {"name": "night-desk", "role": "moderator"}
    await console.button("Revoke: night-desk").click()
    await console.button(
        "Revoke", page.get_by_role("group", name=re.compile("Revoke night"))
    ).click()
    await expect(page.locator('tr[data-key="night-desk"]')).to_contain_text("revoked")
    assert desk.whose(new_key) is None
    await console.button("Sign out").click()  # from an admin screen
    await expect(page.get_by_label("API key", exact=True)).to_be_focused()


# -- keyboard and accessibility ---------------------------------------------------------------


async def test_everything_works_from_the_keyboard_and_axe_finds_nothing(
    consoles: OpenConsole, desk: Desk
) -> None:
    article = new_article_id()
    comments = [desk.post(article, HELD) for _ in range(2)]
    console, _ = await signed_in(consoles, desk, "ko", article)
    page = console.page
    first, second = (console.item(comment["id"]) for comment in comments)
    await expect(second).to_be_visible()

    await console.tab("대기").focus()
    await page.keyboard.press("ArrowRight")
    await expect(console.tab("신고")).to_be_focused()
    await expect(console.tab("신고")).to_have_attribute("aria-selected", "true")
    await page.keyboard.press("ArrowLeft")
    await expect(console.item(comments[0]["id"])).to_be_visible()

    await page.keyboard.press("j")
    await page.keyboard.press("j")
    await expect(second.locator("article")).to_be_focused()
    await page.keyboard.press("k")
    await expect(first.locator("article")).to_be_focused()
    await page.keyboard.press("x")
    await expect(page.get_by_text("1개 선택됨")).to_be_visible()
    await page.keyboard.press("Tab")
    await expect(first.get_by_label("선택: 독자")).to_be_focused()
    await expect(first.get_by_label("선택: 독자")).to_be_checked()
    await page.keyboard.press("Tab")
    await expect(console.button("승인", first)).to_be_focused()
    await page.keyboard.press("r")
    await expect(first.get_by_role("form", name="거부")).to_be_visible()
    # Shortcuts do not fire while the form has the keys.
    await page.keyboard.press("a")
    await expect(first.locator(".badge")).to_have_text("대기")
    results = await Axe().run(page)
    assert results.violations_count == 0, results.generate_snapshot()
    await page.keyboard.press("Escape")
    await expect(first.get_by_role("form", name="거부")).to_have_count(0)
    await expect(console.button("거부", first)).to_be_focused()

    # On the Korean layout the key for a types ㅁ: it approves all the same.
    await console.button("거부", first).dispatch_event("keydown", {"key": "ㅁ", "code": "KeyA"})
    await expect(first.locator(".badge")).to_have_text("게시됨")

    await console.button("로그아웃").click()
    results = await Axe().run(page)
    assert results.violations_count == 0, results.generate_snapshot()


# -- the picture ---------------------------------------------------------------------------------


async def test_the_queue_is_photographed(consoles: OpenConsole, desk: Desk) -> None:
    article = f"news/2026/05/12/{new_article_id().split('/')[1]}"
    comments = [
        desk.post(article, HELD, author="한강러"),
        desk.post(
            article, "메일은 kim92@naver.com 으로 보내 주세요. 사진 더 있어요.", author="가온"
        ),
        desk.post(article, "계좌 110-123-456789 신한은행으로 후원받습니다", author="소담"),
    ]
    console, _ = await signed_in(consoles, desk, "ko", article)
    for comment in comments:
        await expect(console.item(comment["id"]).locator("mark")).to_have_count(1)
    await console.page.keyboard.press("j")
    await expect(console.item(comments[0]["id"]).locator(".claim")).to_have_text("내가 검토 중")
    ARTIFACTS.mkdir(exist_ok=True)
    await console.page.screenshot(path=ARTIFACTS / "console.png", full_page=True)
    assert (ARTIFACTS / "console.png").stat().st_size > 10_000
