"""Published threads: a page assembled from the store's rows, and the in-process cache
of rendered pages that most thread reads are served from."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import msgspec

from service.store.records import ThreadComment, ThreadRows

Order = Literal["newest", "oldest"]
PageKey = tuple[Order, int, str | None]  # order, limit, cursor
REPLIES_PER_COMMENT = 100


class Thread(msgspec.Struct, frozen=True):
    """One page of an article's published thread: top-level comments with their replies."""

    article_id: str
    total: int
    items: list[ThreadComment]
    next_cursor: str | None


def assemble(article_id: str, rows: ThreadRows) -> Thread:
    """The page of ``rows``, each reply under its top-level comment."""
    by_id = {top.id: top for top in rows.top_level}
    for reply in rows.replies:
        assert reply.parent_id is not None
        by_id[reply.parent_id].replies.append(reply)
    next_cursor = rows.top_level[-1].id if rows.has_more and rows.top_level else None
    return Thread(article_id, rows.total, rows.top_level, next_cursor)


@dataclass(frozen=True, eq=False)
class Page:
    """A rendered thread page and its entity tag.

    Compared and hashed by identity, and weakly referenceable: whoever serves a page
    can keep what it built from it exactly as long as the cache keeps the page.
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

# Renders a thread page for the wire; the HTTP layer owns the format.
Renderer = Callable[[Thread], Page]


class ThreadCache:
    """Rendered thread pages by article, dropped whenever the article's thread changes.

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
