"""The readers' side of a comment's life: submission, the published thread, withdrawal,
reports. Every submission is screened by the policies before anything is stored."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import msgspec

from service import metrics
from service.clients import client_key
from service.events import Events, EventType, QueueEvent
from service.ids import new_id
from service.invisible import BIDI_CONTROLS, INVISIBLE, is_blank
from service.models import (
    Comment,
    CommentCreated,
    NewComment,
    OwnComment,
    ReportReason,
    Thread,
    is_article_id,
    is_comment_id,
)
from service.pii import ACTIONS, Action, Finding, Scanner
from service.problems import Problem
from service.ratelimit import ClientLimit, SlidingWindowLimiter, rate_limited
from service.redaction import mask_spans
from service.screening import Screening
from service.store.records import (
    Article,
    ArticleChanged,
    ArticleClosed,
    BadParent,
    Created,
    Draft,
    Field,
    IdempotencyRecord,
    NotFound,
    Replayed,
    StoredFinding,
    ThreadComment,
    ThreadRows,
    Withdrawn,
    WrongToken,
)
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.settings import Settings
    from service.store.base import Store

Order = Literal["newest", "oldest"]
PageKey = tuple[Order, int, str | None]  # order, limit, cursor
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")
# C0 controls other than tab and line breaks have no place in a comment.
_BODY_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_encode = msgspec.json.Encoder().encode
_decode_created = msgspec.json.Decoder(CommentCreated).decode
REPLIES_PER_COMMENT = 100
# The per-client limits in the order `_limits` holds them, as metrics name them.
_LIMIT_NAMES = ("article", "daily")


class Comments:
    """Submission, thread reads, withdrawal and reports, on top of a store."""

    def __init__(
        self, store: Store, scanner: Callable[[], Scanner], settings: Settings, events: Events
    ) -> None:
        self._store = store
        self._scanner = scanner
        self.screening = Screening(scanner, self.client_hash, settings)
        self._settings = settings
        self._events = events
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
    ) -> CommentCreated:
        _check_article_id(article_id)
        author, body = self._validated(new)
        client = self.client_hash(client_address)
        key = _idempotency(client, article_id, idempotency_key, new)
        if key is not None and (replay := await self._store.replay(key.key_hash)):
            return await self._replayed(replay, key)
        findings = await self._screen(author, body)
        action: Action = max((f.action for f in findings), key=ACTIONS.index, default="allow")
        if action == "block":
            raise Problem(
                422,
                "policy_blocked",
                "The comment contains personal information that cannot be published.",
                findings=findings,
            )
        # Replies nest one level: a reply to a reply joins its parent's thread.
        parent_id = new.parent_id and (
            await self._store.thread_root(new.parent_id) or new.parent_id
        )
        if action == "mask":
            author = mask_spans(author, _spans(findings, "author"))
            body = mask_spans(body, _spans(findings, "body"))
        submission = _Submission(
            id=new_id(),
            article_id=article_id,
            parent_id=parent_id,
            author=author,
            body=body,
            findings=findings,
            held=action == "hold",
            client_hash=client,
            token=secrets.token_urlsafe(24),
            created_at=rfc3339(utc_now()),
            key=key,
        )
        rate_keys = self._reserve(submission.client_hash, article_id)
        try:
            return await self._store_submission(submission)
        except BaseException:
            for limiter, rate_key in zip(self._limits, rate_keys, strict=True):
                limiter.release(rate_key)
            raise

    def _validated(self, new: NewComment) -> tuple[str, str]:
        author = new.author.strip()
        if not author:
            raise _invalid("author", "author must not be empty")
        if len(author) > self._settings.max_author_chars:
            raise _invalid("author", f"author is longer than {self._settings.max_author_chars}")
        if INVISIBLE.search(author) or any(
            unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in author
        ):
            raise _invalid("author", "author must not contain control or invisible characters")
        body = new.body
        if is_blank(body):
            raise _invalid("body", "body must not be empty")
        if BIDI_CONTROLS.search(body):
            raise _invalid("body", "body must not contain bidirectional control characters")
        if len(body) > self._settings.max_comment_chars:
            raise Problem(
                413,
                "body_too_large",
                f"body is longer than {self._settings.max_comment_chars} characters",
                field="body",
            )
        if _BODY_CONTROLS.search(body):
            raise _invalid("body", "body must not contain control characters")
        if new.parent_id is not None and not is_comment_id(new.parent_id):
            raise _invalid("parent_id", "parent_id is not a comment id")
        return author, body

    async def _screen(self, author: str, body: str) -> list[StoredFinding]:
        """Findings in the nickname and the body, each marked with its field."""
        fields: tuple[tuple[Field, str], ...] = (("author", author), ("body", body))
        return [
            _stored(field, finding)
            for field, text in fields
            for finding in (await self.screening.scan(text, "submission")).findings
        ]

    def _reserve(self, client: str, article_id: str) -> tuple[str, ...]:
        keys = (f"{client}:{article_id}", client)
        for index, (limiter, key) in enumerate(zip(self._limits, keys, strict=False)):
            if (wait := limiter.reserve(key)) is not None:
                for earlier, earlier_key in zip(self._limits[:index], keys, strict=False):
                    earlier.release(earlier_key)
                raise rate_limited(_LIMIT_NAMES[index], wait, "comments")
        return keys[: len(self._limits)]

    async def _store_submission(self, submission: _Submission) -> CommentCreated:
        # Settings change rarely; a stale read only costs a retry, since the store
        # refuses a draft decided under settings that no longer hold.
        for _ in range(3):
            article = await self._article(submission.article_id)
            created, draft = submission.decide(article, self._scanner().version)
            match await self._store.create_comment(draft):
                case Created():
                    self._created(created)
                    self._remember(article)
                    return created
                case Replayed(record):
                    assert submission.key is not None
                    return await self._replayed(record, submission.key)
                case ArticleChanged(current):
                    self._remember(current)
                case ArticleClosed():
                    self._open_articles.pop(submission.article_id, None)
                    raise Problem(403, "article_closed", "Comments on this article are closed.")
                case BadParent(problem):
                    raise _invalid("parent_id", problem)
        raise Problem(503, "unavailable", "The article's settings keep changing; try again.")

    async def _replayed(self, record: IdempotencyRecord, key: _Key) -> CommentCreated:
        """The first answer again, with the comment's status as it is now: a retry
        after a moderator or the author acted must not claim it is still published."""
        if not hmac.compare_digest(record.request_hash, key.request_hash):
            raise Problem(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was used for a different comment.",
                field="Idempotency-Key",
            )
        first = _decode_created(record.response)
        found = await self._store.own_comment(first.id)
        status = found[1].status if found is not None else first.status
        if status == "withdrawn":  # its text is never served again, and its token is spent
            return msgspec.structs.replace(first, status=status, author="", body="", token="")
        return msgspec.structs.replace(first, status=status)

    def _created(self, created: CommentCreated) -> None:
        metrics.count_submission(created.status)
        if created.status == "published":
            self._threads.invalidate(created.article_id)
        else:
            self._publish("held", created.id, created.article_id, created.status)

    async def _article(self, article_id: str) -> Article:
        if (article := self._open_articles.get(article_id)) is not None:
            return article
        article = await self._store.article(article_id) or Article(article_id)
        if not article.open:
            raise Problem(403, "article_closed", "Comments on this article are closed.")
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
        """The encoded page and its ETag, from the in-process cache when still current."""
        _check_article_id(article_id)
        if cursor is not None and not is_comment_id(cursor):
            raise _invalid("cursor", "cursor is not one this service gave out")
        page_key = (order, limit, cursor)
        if (cached := self._threads.get(article_id, page_key)) is not None:
            return cached
        # A well-formed cursor that names no comment of the thread was not given out
        # here; answering it would make a new cache entry for every id an attacker makes.
        if cursor is not None and not await self._store.is_thread_cursor(article_id, cursor):
            raise _invalid("cursor", "cursor is not one this service gave out")
        generation = self._threads.generation(article_id)
        rows = await self._store.thread(
            article_id,
            newest_first=order == "newest",
            limit=limit,
            after=cursor,
            replies=REPLIES_PER_COMMENT,
        )
        body = _encode(_thread(article_id, rows))
        page = Page(f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"', body)
        self._threads.put(article_id, page_key, generation, page)
        return page

    @property
    def cached_bytes(self) -> int:
        """Memory held by cached thread pages."""
        return self._threads.bytes

    # -- withdrawal and reports ------------------------------------------------------------

    async def withdraw(self, comment_id: str, token: str | None) -> None:
        if not is_comment_id(comment_id):
            raise Problem(404, "not_found", "No such comment.")
        if not token:
            raise Problem(403, "invalid_token", "X-Comment-Token is required to withdraw.")
        match await self._store.withdraw(comment_id, _token_hash(token), rfc3339(utc_now())):
            case Withdrawn(article_id):
                self._threads.invalidate(article_id)
                self._publish("withdrawn", comment_id, article_id, "withdrawn")
            case WrongToken():
                raise Problem(403, "invalid_token", "The token does not match this comment.")
            case NotFound():
                raise Problem(404, "not_found", "No such comment.")

    async def own(self, comment_id: str, token: str | None) -> OwnComment:
        """The status of a comment, for its author (who holds the token)."""
        found = await self._store.own_comment(comment_id) if is_comment_id(comment_id) else None
        if found is None:
            raise Problem(404, "not_found", "No such comment.")
        token_hash, comment = found
        if not token or not hmac.compare_digest(token_hash, _token_hash(token)):
            raise Problem(403, "invalid_token", "The token does not match this comment.")
        return comment

    async def report(self, comment_id: str, reason: ReportReason, client_address: str) -> None:
        if not is_comment_id(comment_id):
            raise Problem(404, "not_found", "No such comment.")
        client = self.client_hash(client_address)
        self._report_limit.reserve(client)
        outcome = await self._store.report(
            comment_id, client, reason, self._settings.report_threshold, rfc3339(utc_now())
        )
        if isinstance(outcome, NotFound):
            self._report_limit.release(client)
            raise Problem(404, "not_found", "No such comment.")
        if outcome.hidden:
            self._threads.invalidate(outcome.article_id)
        if outcome.counted:
            status = "pending" if outcome.hidden else "published"
            self._publish("reported", comment_id, outcome.article_id, status)

    def _publish(self, kind: EventType, comment_id: str, article_id: str, status: str) -> None:
        self._events.publish(QueueEvent(kind, comment_id, article_id, status))


@dataclass(frozen=True, slots=True)
class _Submission:
    """A screened submission, before the article's settings decide its status."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    findings: list[StoredFinding]
    held: bool
    client_hash: str
    token: str
    created_at: str
    key: _Key | None

    def decide(self, article: Article, policy_version: str) -> tuple[CommentCreated, Draft]:
        """The answer for the author and the row for the store, under ``article``."""
        status, reason = _status(self.held, article)
        created = CommentCreated(
            id=self.id,
            article_id=self.article_id,
            parent_id=self.parent_id,
            author=self.author,
            body=self.body,
            status=status,
            findings=self.findings,
            token=self.token,
            created_at=self.created_at,
        )
        draft = Draft(
            id=self.id,
            article_id=self.article_id,
            parent_id=self.parent_id,
            author=self.author,
            body=self.body,
            status=status,
            hold_reason=reason,
            findings=tuple(self.findings),
            policy_version=policy_version,
            created_at=self.created_at,
            token_hash=_token_hash(self.token),
            client_hash=self.client_hash,
            expected_mode=article.mode,
            idempotency=self.key.record(_encode(created)) if self.key else None,
        )
        return created, draft


@dataclass(frozen=True, eq=False)
class Page:
    """An encoded thread page and its ETag.

    Compared and hashed by identity, and weakly referenceable: whoever renders a page
    for a transport can keep that rendering exactly as long as the cache keeps the page.
    """

    etag: str
    body: bytes

    @property
    def size(self) -> int:
        """What keeping the page costs: its body, and about what its key, the page
        and the two responses built from it (200 and 304) take besides."""
        return len(self.body) + PAGE_OVERHEAD


# Measured with tracemalloc for an empty thread's page and its rendered responses.
PAGE_OVERHEAD = 2048


class ThreadCache:
    """Encoded thread pages by article, dropped whenever the article's thread changes.

    Dropping rather than marking stale means a withdrawn or held comment's text leaves
    memory with the pages that showed it. A page is kept only if no write landed while
    it was read: it is put under the generation read *before* its query. The pages of
    all articles together stay under ``max_bytes``; the least recently read go first.
    """

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self.bytes = 0
        self._articles: OrderedDict[str, dict[PageKey, Page]] = OrderedDict()
        self._generations: dict[str, int] = {}

    def generation(self, article_id: str) -> int:
        return self._generations.get(article_id, 0)

    def invalidate(self, article_id: str) -> None:
        self._generations[article_id] = self.generation(article_id) + 1
        for page in self._articles.pop(article_id, {}).values():
            self.bytes -= page.size

    def get(self, article_id: str, key: PageKey) -> Page | None:
        pages = self._articles.get(article_id)
        if pages is None:
            return None
        self._articles.move_to_end(article_id)
        return pages.get(key)

    def put(self, article_id: str, key: PageKey, generation: int, page: Page) -> None:
        if generation != self.generation(article_id) or page.size > self._max_bytes:
            return  # written to while it was read, or too big to keep
        pages = self._articles.setdefault(article_id, {})
        if (replaced := pages.pop(key, None)) is not None:
            self.bytes -= replaced.size
        pages[key] = page
        self.bytes += page.size
        self._articles.move_to_end(article_id)
        while self.bytes > self._max_bytes:
            self._evict_oldest()

    def _evict_oldest(self) -> None:
        """The oldest page of the least recently read article."""
        article_id, pages = next(iter(self._articles.items()))
        self.bytes -= pages.pop(next(iter(pages))).size
        if not pages:
            del self._articles[article_id]


class _Key(msgspec.Struct, frozen=True):
    """An Idempotency-Key, scoped to the client and the article, and a hash of the
    request it came with."""

    key_hash: str
    request_hash: str

    def record(self, response: bytes) -> IdempotencyRecord:
        return IdempotencyRecord(self.key_hash, self.request_hash, response)


def _idempotency(client: str, article_id: str, header: str | None, new: NewComment) -> _Key | None:
    if header is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(header):
        raise _invalid("Idempotency-Key", "Idempotency-Key must be 1-255 visible ASCII characters")
    return _Key(
        key_hash=hashlib.sha256(f"{client}\0{article_id}\0{header}".encode()).hexdigest(),
        request_hash=hashlib.sha256(_encode(new)).hexdigest(),
    )


def _status(
    held: bool, article: Article
) -> tuple[Literal["published", "pending"], Literal["policy", "premoderation"] | None]:
    if held:
        return "pending", "policy"
    if article.mode == "pre":
        return "pending", "premoderation"
    return "published", None


def _stored(field: Field, finding: Finding) -> StoredFinding:
    return StoredFinding(
        field=field,
        type=finding.type,
        start=finding.start,
        end=finding.end,
        policy=finding.policy,
        action=finding.action,
        confidence=finding.confidence,
    )


def _spans(findings: list[StoredFinding], field: Field) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.field == field]


def _thread(article_id: str, rows: ThreadRows) -> Thread:
    replies: dict[str, list[Comment]] = {}
    for reply in rows.replies:
        assert reply.parent_id is not None
        replies.setdefault(reply.parent_id, []).append(_comment(article_id, reply, []))
    items = [_comment(article_id, top, replies.get(top.id, [])) for top in rows.top_level]
    next_cursor = rows.top_level[-1].id if rows.has_more and rows.top_level else None
    return Thread(article_id=article_id, total=rows.total, items=items, next_cursor=next_cursor)


def _comment(article_id: str, row: ThreadComment, replies: list[Comment]) -> Comment:
    return Comment(
        id=row.id,
        article_id=article_id,
        parent_id=row.parent_id,
        author=row.author,
        body=row.body,
        created_at=row.created_at,
        reply_count=row.reply_count,
        replies=replies,
        withdrawn=row.withdrawn,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_article_id(article_id: str) -> None:
    if not is_article_id(article_id):
        raise _invalid("article_id", "article_id must be 1-200 characters of A-Z a-z 0-9 . _ : / -")


def _invalid(field: str, detail: str) -> Problem:
    return Problem(400, "validation_error", detail, field=field)
