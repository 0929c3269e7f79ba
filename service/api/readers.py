"""Readers' endpoints: the published thread, submissions, withdrawal, reports."""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal
from weakref import WeakKeyDictionary

import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.response.base import ASGIResponse

from service import comments as domain
from service import threads as domain_threads
from service.api.conditional import etag_matches
from service.api.convert import to_api
from service.api.failed_submissions import SUBMISSION_OPT
from service.api.problems import Problem, documented
from service.api.reader_types import CommentCreated, NewComment, NewReport, OwnComment, Thread
from service.api.requests import client_address
from service.comments import Comments
from service.threads import Page

Order = Annotated[Literal["newest", "oldest"], QueryParameter(name="order")]
Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=100)]
Cursor = Annotated[str | None, QueryParameter(name="cursor")]
IdempotencyKey = Annotated[str | None, HeaderParameter(name="Idempotency-Key")]
CommentToken = Annotated[str | None, HeaderParameter(name="X-Comment-Token")]

# Pages may be cached by browsers and CDNs but must be revalidated (ETag), so a
# withdrawn or held comment is never shown from a cache.
THREAD_CACHE_CONTROL = "public, max-age=0, must-revalidate"
_COMMENTS_SUFFIX = "/comments"


@get(
    "/v1/articles/{article_id:str}/comments",
    tags=["comments"],
    summary="The published thread of an article",
    responses={
        200: ResponseSpec(Thread, description="A page of top-level comments"),
        **documented(400, 404, 503),
    },
)
async def read_thread(
    article_id: FromPath[str],
    request: Request,  # type: ignore[type-arg]
    comments: NamedDependency[Comments],
    order: Order = "newest",
    limit: Limit = 20,
    cursor: Cursor = None,
) -> ASGIResponse:
    return await _thread(comments, article_id, order, limit, cursor, request)


@post(
    "/v1/articles/{article_id:str}/comments",
    tags=["comments"],
    summary="Submit a comment; it is screened before anything is stored",
    status_code=201,
    opt={SUBMISSION_OPT: True},
    responses=documented(400, 403, 404, 413, 415, 422, 429, 503),
)
async def submit_comment(
    article_id: FromPath[str],
    data: JSONBody[NewComment],
    request: Request,  # type: ignore[type-arg]
    comments: NamedDependency[Comments],
    idempotency_key: IdempotencyKey = None,
) -> CommentCreated:
    return await _submit(comments, article_id, data, request, idempotency_key)


# Article ids may contain '/', which routing would split; these catch such ids.
@get("/v1/articles/{head:str}/{tail:path}", include_in_schema=False)
async def read_thread_nested(
    head: FromPath[str],
    tail: FromPath[str],
    request: Request,  # type: ignore[type-arg]
    comments: NamedDependency[Comments],
    order: Order = "newest",
    limit: Limit = 20,
    cursor: Cursor = None,
) -> ASGIResponse:
    article_id = _nested_article_id(head, tail)
    return await _thread(comments, article_id, order, limit, cursor, request)


@post(
    "/v1/articles/{head:str}/{tail:path}",
    include_in_schema=False,
    status_code=201,
    opt={SUBMISSION_OPT: True},
)
async def submit_comment_nested(
    head: FromPath[str],
    tail: FromPath[str],
    data: JSONBody[NewComment],
    request: Request,  # type: ignore[type-arg]
    comments: NamedDependency[Comments],
    idempotency_key: IdempotencyKey = None,
) -> CommentCreated:
    article_id = _nested_article_id(head, tail)
    return await _submit(comments, article_id, data, request, idempotency_key)


@delete(
    "/v1/comments/{comment_id:str}",
    tags=["comments"],
    summary="Withdraw your own comment (X-Comment-Token from the 201)",
    status_code=204,
    responses=documented(400, 403, 404, 503),
)
async def withdraw_comment(
    comment_id: FromPath[str], comments: NamedDependency[Comments], token: CommentToken = None
) -> None:
    await comments.withdraw(comment_id, token)


@get(
    "/v1/comments/{comment_id:str}",
    tags=["comments"],
    summary="Your own comment's status (X-Comment-Token), with a moderator's note if rejected",
    responses=documented(400, 403, 404, 503),
)
async def own_comment(
    comment_id: FromPath[str], comments: NamedDependency[Comments], token: CommentToken = None
) -> OwnComment:
    return to_api(await comments.own(comment_id, token), OwnComment)


@post(
    "/v1/comments/{comment_id:str}/reports",
    tags=["comments"],
    summary="Report a published comment; one report per reader counts",
    status_code=202,
    responses=documented(400, 403, 404, 413, 415, 429, 503),
)
async def report_comment(
    comment_id: FromPath[str],
    data: JSONBody[NewReport],
    request: Request,  # type: ignore[type-arg]
    comments: NamedDependency[Comments],
) -> None:
    await comments.report(comment_id, data.reason, client_address(request))


ROUTES = [
    read_thread,
    submit_comment,
    read_thread_nested,
    submit_comment_nested,
    withdraw_comment,
    own_comment,
    report_comment,
]


async def _submit(
    comments: Comments,
    article_id: str,
    data: NewComment,
    request: Request,  # type: ignore[type-arg]
    idempotency_key: str | None,
) -> CommentCreated:
    new = domain.NewComment(data.author, data.body, data.parent_id)
    submitted = await comments.submit(article_id, new, client_address(request), idempotency_key)
    return to_api(submitted, CommentCreated)


async def _thread(
    comments: Comments,
    article_id: str,
    order: Literal["newest", "oldest"],
    limit: int,
    cursor: str | None,
    request: Request,  # type: ignore[type-arg]
) -> ASGIResponse:
    page = await comments.thread(article_id, order, limit, cursor)
    ok, not_modified = _responses(page)
    return not_modified if etag_matches(request.headers.get("if-none-match"), page.etag) else ok


# Thread reads are the hot path of every article view and most are served from the
# page cache; building a Response (headers, encoding) cost more than the rest of such
# a read. A finished ASGIResponse holds no per-request state, so the 200 and the 304
# are built once per page and live exactly as long as the page cache keeps the page:
# a withdrawn comment's text goes with the page that held it.
_rendered: WeakKeyDictionary[Page, tuple[ASGIResponse, ASGIResponse]] = WeakKeyDictionary()


def _responses(page: Page) -> tuple[ASGIResponse, ASGIResponse]:
    if (responses := _rendered.get(page)) is None:
        headers = {"ETag": page.etag, "Cache-Control": THREAD_CACHE_CONTROL}
        responses = _rendered[page] = (
            ASGIResponse(body=page.body, media_type="application/json", headers=headers),
            ASGIResponse(body=b"", status_code=304, headers=headers),
        )
    return responses


_encode = msgspec.json.Encoder().encode


def render_thread(thread: domain_threads.Thread) -> Page:
    """A thread page as readers' clients get it, tagged by a hash of its bytes."""
    body = _encode(to_api(thread, Thread))
    return Page(f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"', body)


def _nested_article_id(head: str, tail: str) -> str:
    if not tail.endswith(_COMMENTS_SUFFIX):
        raise Problem(404, "not_found", "Not Found")
    return head + tail[: -len(_COMMENTS_SUFFIX)]
