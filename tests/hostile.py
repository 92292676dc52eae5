"""A folder of hostile input beside good articles, written by the tests (never real articles).

Each hostile file is one way input broke a whole run once (issue 19); ``HOSTILE`` says what a
user must see for it: the article stored (``stored``, with its title as stored), a warning
(``warned``) or the item named and skipped (``skipped``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from storylens.store import Store

#: Three fictional reports of different things, long enough to be articles, unlike each other.
GOOD = {
    "harbour.txt": (
        "Calder harbour reopens\n\nThe harbour at Calder reopened on Monday after a week of"
        " repairs to its sea wall, the port authority said. Ships queued at the entrance while"
        " crews cleared the last of the debris from the channel."
    ),
    "orchard.txt": (
        "Lowmere orchards expect a record apple crop\n\nGrowers in the Lowmere valley expect"
        " their largest apple harvest in a decade after a mild spring, the growers' union said,"
        " and pickers are being hired from neighbouring towns."
    ),
    "library.txt": (
        "Ossel library extends its opening hours\n\nThe public library in Ossel will open until"
        " nine in the evening from next month, the town council decided, after students asked"
        " for a quiet place to work late."
    ),
}


#: Fictional bodies about unrelated things, so that each hostile item is a story of its own.
BODIES = {
    "ferry fares": "Ferry fares between Calder and the islands stay frozen for another year, the"
    " shipping line said, citing lower fuel prices and a rise in winter passengers.",
    "bridge tolls": "Drivers crossing the Wend bridge will pay a toll from March to fund repairs"
    " to its cables, engineers told the regional assembly in a report.",
    "the market hall roof": "A storm tore part of the roof off the old market hall in Dunmere,"
    " and traders moved their stalls into the square while roofers worked.",
    "the tram depot": "The city tram company opened a new depot on the eastern ring road, with"
    " room for forty trams and a workshop for its electric buses.",
    "cycle lanes": "Painted cycle lanes on Quarry Street will be replaced by kerbed ones after"
    " three collisions this year, the highways office announced.",
    "street lights": "Half of Pellam's street lights switch to low-energy lamps this winter,"
    " which the town hopes will halve its electricity bill by spring.",
    "school meals": "Primary pupils in the Ardle district will get free hot lunches from"
    " September, paid for by a levy on second homes approved in a vote.",
    "park benches": "Volunteers restored sixty park benches in Greywater gardens, each with a"
    " plaque naming a local nurse who worked through the epidemic.",
    "harbour dredging": "Dredgers began deepening the approach to Saltby harbour so that larger"
    " cargo ships can dock there at low tide from next summer.",
    "parking": "Parking meters in central Rowan now accept cards only, and the council says"
    " coin machines will be melted down and recycled.",
    "snow": "Heavy snow closed the mountain pass above Kestwick for two days, stranding lorries"
    " until ploughs from three valleys cleared the road.",
    "water meters": "Every household in Morrow will have a water meter fitted by the end of the"
    " decade under a plan the utility published after the drought.",
    "the town clock": "The clock on Fennick's town hall, silent since a lightning strike, was"
    " repaired by a retired watchmaker who refused any payment for the work.",
}


def _body(subject: str) -> str:
    return BODIES[subject]


@dataclass(frozen=True)
class Case:
    """One hostile file and what its ingest must show."""

    name: str
    content: bytes
    #: Titles of the articles the file must leave stored (as stored, after cleaning).
    stored: tuple[str, ...] = ()
    #: Whether the file (or its items) must be named as a warning or an error.
    named: bool = False


def _jsonl(*items: dict[str, object]) -> bytes:
    return ("\n".join(json.dumps(item) for item in items) + "\n").encode()


def _feed(*entries: tuple[str, str, str]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><description>{text}</description>"
        f"<pubDate>{date}</pubDate></item>"
        for title, text, date in entries
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Brannock Herald</title>'
        f"<link>https://brannockherald.example/</link>{items}</channel></rss>"
    ).encode()


HOSTILE = (
    Case(
        "huge-integer.jsonl",
        b'{"title": "Ferry fares frozen", "text": "' + _body("ferry fares").encode() + b'",'
        b' "views": ' + b"9" * 5000 + b"}\n",
        stored=("Ferry fares frozen",),
    ),
    Case(
        "lone-surrogate.jsonl",
        b'{"title": "Bridge \\ud800 tolls", "text": "' + _body("bridge tolls").encode() + b'"}\n',
        stored=("Bridge \ufffd tolls",),
    ),
    Case(
        "impossible-dates.xml",
        _feed(
            ("Market hall roof", _body("the market hall roof"), "0000-00-00"),
            ("Tram depot", _body("the tram depot"), "9999-12-31T23:59:59-05:00"),
            ("Cycle lanes", _body("cycle lanes"), "0001-01-01T00:00+05:00"),
            ("Street lights", _body("street lights"), "2024-13-45"),
        ),
        stored=("Market hall roof", "Tram depot", "Cycle lanes", "Street lights"),
        named=True,
    ),
    Case(
        "markup-in-data.jsonl",
        _jsonl(
            {"title": "School meals", "text": _body("school meals"), "date_publish": "[/oops]"},
            {"title": "Park benches", "text": _body("park benches"), "[/x]": 1},
        ),
        stored=("School meals", "Park benches"),
        named=True,
    ),
    Case(
        "markup-titles.jsonl",
        _jsonl(
            {"title": "Harbour [/bold] dredging", "text": _body("harbour dredging")},
            {"title": "[link=https://evil.example/]Click me[/link]", "text": _body("parking")},
            {"title": "Clear \u001b[2J the \u001b]0;pwned\u0007 screen", "text": _body("snow")},
        ),
        stored=(
            "Harbour [/bold] dredging",
            "[link=https://evil.example/]Click me[/link]",
            "Clear [2J the ]0;pwned screen",
        ),
    ),
    Case(
        "nul-in-json.jsonl",
        _jsonl(
            {"title": "Water meters", "text": _body("water meters").replace("meter", "me\u0000ter")}
        ),
        stored=("Water meters",),
    ),
    Case(
        "nul-after-8k.txt",
        b"Town clock repaired\n\n"
        + (_body("the town clock") + "\n\n").encode() * 80
        + b"\x00 and the bells ring again.",
        stored=("Town clock repaired",),
    ),
)


def write_good(folder: Path) -> Path:
    """Write the good articles into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stored_articles(store: Store) -> list[tuple[str, str, str]]:
    """Every article of the store as (id, title, text), in id order: what two stores that
    read the same input must hold alike."""
    return sorted(
        (a.article.id, a.article.title, a.article.text)
        for s in store.stories()
        for a in store.story_articles(s.id)[0]
    )


def write_hostile(folder: Path) -> Path:
    """Write the good articles, every hostile case and a named pipe into ``folder``."""
    write_good(folder)
    for case in HOSTILE:
        (folder / case.name).write_bytes(case.content)
    os.mkfifo(folder / "named-pipe.txt")
    return folder
