"""The readers' side of a comment's life: submission, the published thread, withdrawal,
reports. Every submission is screened by the policies before anything is stored."""

from __future__ import annotations

import hmac
import secrets
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, assert_never

import msgspec

from service import metrics, validation
from service.clients import client_key
from service.digests import sha256_hex
from service.events import Events, EventType, QueueEvent
from service.idempotency import IdempotencyKey
from service.ids import new_id
from service.pii import ACTIONS, Action, Finding, Scanner
from service.ratelimit import ClientLimit, SlidingWindowLimiter, rate_limited
from service.redaction import mask_spans
from service.refusals import (
    ArticleClosed,
    ArticleSettingsChanging,
    CommentNotFound,
    PolicyBlocked,
    Refused,
    TokenRefused,
    invalid,
)
from service.screening import Screening
from service.store.records import (
    Article,
    ArticleChanged,
    BadParent,
    CommentFinding,
    Created,
    Draft,
    Field,
    HoldReason,
    IdempotencyRecord,
    NotFound,
    OwnComment,
    Replayed,
    Status,
    Withdrawn,
    WrongToken,
)
from service.store.records import ArticleClosed as ClosedForDraft
from service.threads import REPLIES_PER_COMMENT, Order, Page, Renderer, ThreadCache, assemble
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.settings import Settings
    from service.store import Store

ReportReason = Literal["personal_info", "spam", "abuse", "other"]
# The per-client limits in the order `_limits` holds them, as metrics name them.
_LIMIT_NAMES = ("article", "daily")


class NewComment(msgspec.Struct, frozen=True):
    """What a reader submits. Its JSON is what an Idempotency-Key's request is hashed as."""

    author: str
    body: str
    parent_id: str | None = None


class Submitted(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to a submission; ``token`` is shown once and proves authorship.

    Kept (encoded) with an Idempotency-Key, so that a retry gets it again with the
    comment's current ``status``; once withdrawn, without its text and token."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    status: Status
    findings: tuple[CommentFinding, ...]
    token: str
    created_at: str


_encode = msgspec.json.Encoder().encode
_decode_submitted = msgspec.json.Decoder(Submitted).decode


class Comments:
    """Submission, thread reads, withdrawal and reports, on top of a store."""

    def __init__(
        self,
        store: Store,
        scanner: Callable[[], Scanner],
        settings: Settings,
        events: Events,
        render: Renderer,
    ) -> None:
        self._store = store
        self._scanner = scanner
        self.screening = Screening(scanner, self.client_hash, settings)
        self._settings = settings
        self._events = events
        self._render = render
        self._threads = ThreadCache(settings.thread_cache_bytes)
        self._open_articles: OrderedDict[str, Article] = OrderedDict()
        limited = settings.rate_limits == "on"
        self._limits = (
            (
                SlidingWindowLimiter(settings.article_limit, settings.article_limit_seconds),
                SlidingWindowLimiter(settings.daily_limit, 24 * 60 * 60),
            )
            if limited
            else ()
        )
        self._report_limit = ClientLimit(
            "report",
            "reports",
            SlidingWindowLimiter(settings.report_limit, settings.report_limit_seconds)
            if limited
            else None,
        )

    def client_hash(self, address: str) -> str:
        """Client addresses are only ever kept as a keyed hash."""
        key = client_key(address).encode()
        return hmac.digest(self._store.client_salt, key, "sha256").hex()[:32]

    # -- submission -----------------------------------------------------------------------

    async def submit(
        self, article_id: str, new: NewComment, client_address: str, idempotency_key: str | None
    ) -> Submitted:
        validation.article_id(article_id)
        author, body = validation.comment_texts(new.author, new.body, self._settings)
        if new.parent_id is not None and not validation.is_comment_id(new.parent_id):
            raise invalid("parent_id", "parent_id is not a comment id")
        client = self.client_hash(client_address)
        key = IdempotencyKey.of(client, article_id, idempotency_key, _encode(new))
        if key is not None and (replay := await self._store.replay(key.key_hash)):
            return await self._replayed(replay, key)
        findings = await self._screen(author, body)
        action: Action = max((f.action for f in findings), key=ACTIONS.index, default="allow")
        if action == "block":
            raise Refused(PolicyBlocked(findings))
        # Replies nest one level: a reply to a reply joins its parent's thread.
        parent_id = new.parent_id and (
            await self._store.thread_root(new.parent_id) or new.parent_id
        )
        if action == "mask":
            author = mask_spans(author, _spans(findings, "author"))
            body = mask_spans(body, _spans(findings, "body"))
        token = secrets.token_urlsafe(24)
        draft = Draft(
            id=new_id(),
            article_id=article_id,
            parent_id=parent_id,
            author=author,
            body=body,
            status="pending" if action == "hold" else "published",
            hold_reason="policy" if action == "hold" else None,
            findings=findings,
            policy_version=self._scanner().version,
            created_at=rfc3339(utc_now()),
            token_hash=token_hash(token),
            client_hash=client,
            expected_mode="post",
        )
        rate_keys = self._reserve(client, article_id)
        try:
            return await self._store_draft(draft, token, key)
        except BaseException:
            for limiter, rate_key in zip(self._limits, rate_keys, strict=True):
                limiter.release(rate_key)
            raise

    async def _screen(self, author: str, body: str) -> tuple[CommentFinding, ...]:
        """Findings in the nickname and the body, each marked with its field."""
        found: list[CommentFinding] = []
        fields: tuple[tuple[Field, str], ...] = (("author", author), ("body", body))
        for field, text in fields:
            result = await self.screening.scan(text, "submission")
            found += (_located(field, finding) for finding in result.findings)
        return tuple(found)

    def _reserve(self, client: str, article_id: str) -> tuple[str, ...]:
        keys = (f"{client}:{article_id}", client)
        for index, (limiter, key) in enumerate(zip(self._limits, keys, strict=False)):
            if (wait := limiter.reserve(key)) is not None:
                for earlier, earlier_key in zip(self._limits[:index], keys, strict=False):
                    earlier.release(earlier_key)
                raise rate_limited(_LIMIT_NAMES[index], wait, "comments")
        return keys[: len(self._limits)]

    async def _store_draft(
        self, screened: Draft, token: str, key: IdempotencyKey | None
    ) -> Submitted:
        # Settings change rarely; a stale read only costs a retry, since the store
        # refuses a draft decided under settings that no longer hold.
        for _ in range(3):
            article = await self._article(screened.article_id)
            draft, submitted = _under(screened, article, token, key)
            match outcome := await self._store.create_comment(draft):
                case Created():
                    self._created(submitted)
                    self._remember(article)
                    return submitted
                case Replayed(record):
                    assert key is not None
                    return await self._replayed(record, key)
                case ArticleChanged(current):
                    self._remember(current)
                case ClosedForDraft():
                    self._open_articles.pop(screened.article_id, None)
                    raise Refused(ArticleClosed())
                case BadParent(reason):
                    raise invalid("parent_id", reason)
                case _:
                    assert_never(outcome)
        raise Refused(ArticleSettingsChanging())

    async def _replayed(self, record: IdempotencyRecord, key: IdempotencyKey) -> Submitted:
        """The first answer again, with the comment's status as it is now: a retry
        after a moderator or the author acted must not claim it is still published."""
        key.check(record)
        first = _decode_submitted(record.response)
        found = await self._store.own_comment(first.id)
        status = found[1].status if found is not None else first.status
        if status == "withdrawn":  # its text is never served again, and its token is spent
            return msgspec.structs.replace(first, status=status, author="", body="", token="")
        return msgspec.structs.replace(first, status=status)

    def _created(self, submitted: Submitted) -> None:
        metrics.count_submission("published" if submitted.status == "published" else "pending")
        if submitted.status == "published":
            self._threads.invalidate(submitted.article_id)
        else:
            self._publish("held", submitted.id, submitted.article_id, submitted.status)

    async def _article(self, article_id: str) -> Article:
        if (article := self._open_articles.get(article_id)) is not None:
            return article
        article = await self._store.article(article_id) or Article(article_id)
        if not article.open:
            raise Refused(ArticleClosed())
        return article

    def _remember(self, article: Article) -> None:
        """Cache open articles only: a closed one is always checked again."""
        if article.open:
            self._open_articles[article.id] = article
            self._open_articles.move_to_end(article.id)
            if len(self._open_articles) > 10_000:
                self._open_articles.popitem(last=False)

    def forget_article(self, article_id: str) -> None:
        """Called when a moderator changes an article's settings or visible comments."""
        self._open_articles.pop(article_id, None)
        self._threads.invalidate(article_id)

    # -- the published thread --------------------------------------------------------------

    async def thread(self, article_id: str, order: Order, limit: int, cursor: str | None) -> Page:
        """The rendered page, from the in-process cache when still current."""
        validation.article_id(article_id)
        validation.cursor(cursor)
        page_key = (order, limit, cursor)
        if (cached := self._threads.get(article_id, page_key)) is not None:
            return cached
        # A well-formed cursor that names no comment of the thread was not given out
        # here; answering it would make a new cache entry for every id an attacker makes.
        if cursor is not None and not await self._store.is_thread_cursor(article_id, cursor):
            raise invalid("cursor", "cursor is not one this service gave out")
        generation = self._threads.generation(article_id)
        rows = await self._store.thread(
            article_id,
            newest_first=order == "newest",
            limit=limit,
            after=cursor,
            replies=REPLIES_PER_COMMENT,
        )
        page = self._render(assemble(article_id, rows))
        self._threads.put(article_id, page_key, generation, page)
        return page

    @property
    def cached_bytes(self) -> int:
        """Memory held by cached thread pages."""
        return self._threads.bytes

    # -- withdrawal and reports ------------------------------------------------------------

    async def withdraw(self, comment_id: str, token: str | None) -> None:
        validation.comment_id(comment_id)
        if not token:
            raise Refused(TokenRefused(missing=True))
        match outcome := await self._store.withdraw(
            comment_id, token_hash(token), rfc3339(utc_now())
        ):
            case Withdrawn(article_id):
                self._threads.invalidate(article_id)
                self._publish("withdrawn", comment_id, article_id, "withdrawn")
            case WrongToken():
                raise Refused(TokenRefused(missing=False))
            case NotFound():
                raise Refused(CommentNotFound())
            case _:
                assert_never(outcome)

    async def own(self, comment_id: str, token: str | None) -> OwnComment:
        """The status of a comment, for its author (who holds the token)."""
        found = await self._store.own_comment(validation.comment_id(comment_id))
        if found is None:
            raise Refused(CommentNotFound())
        hashed, comment = found
        if not token or not hmac.compare_digest(hashed, token_hash(token)):
            raise Refused(TokenRefused(missing=False))
        return comment

    async def report(self, comment_id: str, reason: ReportReason, client_address: str) -> None:
        validation.comment_id(comment_id)
        client = self.client_hash(client_address)
        self._report_limit.reserve(client)
        outcome = await self._store.report(
            comment_id, client, reason, self._settings.report_threshold, rfc3339(utc_now())
        )
        if isinstance(outcome, NotFound):
            self._report_limit.release(client)
            raise Refused(CommentNotFound())
        if outcome.hidden:
            self._threads.invalidate(outcome.article_id)
        if outcome.counted:
            status = "pending" if outcome.hidden else "published"
            self._publish("reported", comment_id, outcome.article_id, status)

    def _publish(self, kind: EventType, comment_id: str, article_id: str, status: str) -> None:
        self._events.publish(QueueEvent(kind, comment_id, article_id, status))


def _under(
    screened: Draft, article: Article, token: str, key: IdempotencyKey | None
) -> tuple[Draft, Submitted]:
    """The row for the store and the answer for the author, under ``article``'s settings."""
    status, hold_reason = _status(screened, article)
    submitted = Submitted(
        id=screened.id,
        article_id=screened.article_id,
        parent_id=screened.parent_id,
        author=screened.author,
        body=screened.body,
        status=status,
        findings=screened.findings,
        token=token,
        created_at=screened.created_at,
    )
    draft = msgspec.structs.replace(
        screened,
        status=status,
        hold_reason=hold_reason,
        expected_mode=article.mode,
        idempotency=key.record(_encode(submitted)) if key else None,
    )
    return draft, submitted


def _status(
    screened: Draft, article: Article
) -> tuple[Literal["published", "pending"], HoldReason | None]:
    if screened.hold_reason is not None:
        return "pending", screened.hold_reason
    if article.mode == "pre":
        return "pending", "premoderation"
    return "published", None


def _located(field: Field, finding: Finding) -> CommentFinding:
    """The engine's finding in one field of the comment, as the comment keeps it."""
    return CommentFinding(
        field=field,
        type=finding.type,
        start=finding.start,
        end=finding.end,
        policy=finding.policy,
        action=finding.action,
        confidence=finding.confidence,
        explanation=finding.explanation,
    )


def _spans(findings: tuple[CommentFinding, ...], field: Field) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.field == field]


def token_hash(token: str) -> str:
    return sha256_hex(token)
