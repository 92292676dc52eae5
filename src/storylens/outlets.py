"""Who published an article: one name per publication, however the input names it.

A publication is known by its registrable domain ("bbc.co.uk" for www.bbc.co.uk/news,
"cnn.com" for edition.cnn.com), found with the Public Suffix List that ``tldextract`` bundles
(never downloaded). An input that gives no URL but a publisher's name (``og:site_name``, a
feed's title, a crawler's ``sitename``) is known by that name. An input that names no
publisher at all (a bare ``.txt``) is a source of its own, of unknown outlet: its file name
tells it from the others but never joins it to a named outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

import tldextract

#: A bare host name ("reuters.com", "www.bbc.co.uk"), as a URL or crawler metadata gives it.
_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
#: How an outlet that no input names is written: "unknown (seed-1)".
UNKNOWN = "unknown ({})"
_UNKNOWN = re.compile(r"^unknown \((?P<stem>.*)\)$")


@cache
def _extractor() -> tldextract.TLDExtract:
    # The suffix list bundled with the package: no download, no cache written anywhere.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable(host: str) -> str:
    """The registrable domain of a host ("edition.cnn.com" -> "cnn.com"); a host under no
    known public suffix ("calderledger.example", "localhost") stays as it is, less "www."."""
    host = host.lower().removeprefix("www.")
    found = _extractor()(host).top_domain_under_public_suffix
    return found or host


def publisher(key: str) -> str:
    """The outlet a reader's outlet key names: a host becomes its registrable domain, a
    publisher's name stays as written."""
    return registrable(key) if is_domain(key) else key


def unknown(stem: str) -> str:
    """The outlet of an input that names none, told apart by its file name."""
    return UNKNOWN.format(stem)


def is_unknown(outlet: str) -> bool:
    return _UNKNOWN.match(outlet) is not None


@lru_cache(maxsize=4096)  # outlets recur in every batch; title parts rarely do
def label(outlet: str) -> str:
    """The letters that name an outlet ("9to5mac" for 9to5mac.com, "bbc" for bbc.co.uk,
    "thegivewellblog" for "The GiveWell Blog"), to recognise its name in a title."""
    if is_domain(outlet):
        outlet = registrable(outlet).split(".")[0]
    return _letters(outlet)


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


#: Words a publisher's name adds to what its domain says ("BBC News" for bbc.com).
_GENERIC_WORDS = frozenset(
    {"news", "online", "media", "tv", "radio", "digital", "com", "the", "daily", "web"}
)
_NAME_FILLERS = frozenset({"the", "of", "and", "for", "&"})


def is_domain(outlet: str) -> bool:
    return _HOST.match(outlet) is not None


def same_publication(name: str, domain: str) -> bool:
    """Whether a publisher's name is the publication of a domain: its letters are the
    domain's ("Reuters", "The Guardian" for theguardian.com), or its first word is and the
    rest only says it is news ("BBC News" for bbc.com), or its initials are ("British
    Broadcasting Corporation" for bbc.co.uk), or they are but for the last word ("The New
    York Times" for nytimes.com)."""
    if is_domain(name) or is_unknown(name) or not is_domain(domain):
        return False
    target = label(domain)
    if len(target) < 3:
        return False
    words = [_letters(word) for word in name.split()]
    words = [word for word in words if word]
    if not words:
        return False
    if "".join(words) == target:
        return True
    if words[0] == target and all(word in _GENERIC_WORDS for word in words[1:]):
        return True
    significant = [word for word in words if word not in _NAME_FILLERS]
    if not significant:  # "The", "Of the": no name to compare
        return False
    initials = "".join(word[0] for word in significant)
    # "The New York Times" is nytimes.com, "Los Angeles Times" latimes.com.
    shortened = "".join(word[0] for word in significant[:-1]) + significant[-1]
    return (len(initials) >= 3 and initials == target) or (
        len(significant) >= 2 and shortened == target
    )


class PublicationNames:
    """The outlets an ingest has seen, so that a publisher's name and its domain are one
    outlet whichever comes first (``renamed_by``); the same articles in the same order give
    the same outlets, whatever the batches."""

    def __init__(self, known: Iterable[str]) -> None:
        self._domains = {o for o in known if is_domain(o)}
        self._names = {o for o in known if not is_domain(o) and not is_unknown(o)}

    def renamed_by(self, outlets: Iterable[str]) -> dict[str, str]:
        """The names, stored or among ``outlets``, that a domain among them or a known one is
        the publication of, with that domain. Only new names and new domains are compared
        with the rest: a store holds thousands of outlets."""
        outlets = set(outlets)
        new_domains = {o for o in outlets if is_domain(o)} - self._domains
        new_names = {o for o in outlets if not is_domain(o) and not is_unknown(o)} - self._names
        self._domains |= new_domains
        self._names |= new_names
        renamed: dict[str, str] = {}
        for name in sorted(self._names):
            domains = self._domains if name in new_names else new_domains
            domain = next((d for d in sorted(domains) if same_publication(name, d)), None)
            if domain is not None:
                renamed[name] = domain
        self._names -= set(renamed)
        return renamed
