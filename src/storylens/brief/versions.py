"""The versions of a page in a story: one outlet, one URL, read more than once.

Ingest keeps a page revised in place (a toll updated, a correction) as an original of its own
in its first version's story. The brief reads the latest version only, and the conflicts
compare every version, as one outlet speaking at successive moments.
"""

from __future__ import annotations

from collections.abc import Sequence

from storylens.model import StoredArticle


def page_histories(articles: Sequence[StoredArticle]) -> list[list[int]]:
    """For each page with more than one version, the positions of its versions, oldest first.

    Oldest by publication time, then reading order: crawlers often report a page updated in
    place under the publication time it first had, and the version read later is then the
    later one.
    """
    pages: dict[tuple[str, str], list[int]] = {}
    for index, stored in enumerate(articles):
        if stored.copy_of is None and stored.article.url:
            pages.setdefault((stored.article.outlet, stored.article.url), []).append(index)
    return [
        sorted(versions, key=lambda i: (_published_key(articles[i]), i))
        for versions in pages.values()
        if len(versions) > 1
    ]


def _published_key(stored: StoredArticle) -> tuple[bool, str]:
    published = stored.article.published
    return published is not None, published.isoformat() if published else ""
