"""The ceiling for the comments benchmark: Litestar on the same server, doing nothing.

POST decodes the same body as a real submission and stores nothing; GET returns a small
fixed list. ``uvicorn --factory bench.bare_app:create_app``.
"""

from __future__ import annotations

from litestar import Litestar, get, post
from litestar.params import FromPath, JSONBody

from service.api.reader_types import NewComment

_FIXED = [{"id": str(n), "body": "고정된 댓글"} for n in range(3)]


@post("/v1/articles/{article_id:str}/comments", status_code=201)
async def submit(article_id: FromPath[str], data: JSONBody[NewComment]) -> dict[str, str]:
    return {"id": "0", "status": "published", "article_id": article_id}


@get("/v1/articles/{article_id:str}/comments")
async def thread(article_id: FromPath[str]) -> list[dict[str, str]]:
    return _FIXED


def create_app() -> Litestar:
    return Litestar([submit, thread], logging_config=None)
