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
from functools import cache

import tldextract

#: A bare host name ("reuters.com", "www.bbc.co.uk"), as pick_outlet keeps it.
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
    return registrable(key) if _HOST.match(key) else key


def unknown(stem: str) -> str:
    """The outlet of an input that names none, told apart by its file name."""
    return UNKNOWN.format(stem)


def is_unknown(outlet: str) -> bool:
    return _UNKNOWN.match(outlet) is not None


def label(outlet: str) -> str:
    """The letters that name an outlet ("9to5mac" for 9to5mac.com, "bbc" for bbc.co.uk,
    "thegivewellblog" for "The GiveWell Blog"), to recognise its name in a title."""
    if _HOST.match(outlet):
        outlet = registrable(outlet).split(".")[0]
    return _letters(outlet)


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())
