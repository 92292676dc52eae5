"""Articles with gold story labels, read from the labelled sets the evaluation runs on.

These readers are deliberately stricter than ``storylens.ingest``: ingest reads what users
point it at and keeps going past bad items, but a gold set with a silently dropped or
misread line scores a different task, so every defect here raises ``IngestError`` with the
``file:line`` to fix. Articles are built directly, without the ingest normalisation rules
(minimum length, language detection, title derivation), so that the gold documents are
exactly the documents in the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storylens.errors import IngestError
from storylens.ingest.jsonl import DOMAIN_FIELDS, TIME_FIELDS, URL_FIELDS
from storylens.model import Article

NEUS_SEPARATOR = " [SEP] "
TITLE_MARKER = "TITLE=>"
ARTICLE_MARKER = "ARTICLE=>"
#: Used when a labelled JSON Lines item names no outlet.
UNKNOWN_OUTLET = "unknown"
FORMATS = ("jsonl", "neus")


@dataclass(frozen=True)
class LabelledArticle:
    """An article and the gold story it belongs to; stories are compared by this label only."""

    article: Article
    story: str
    #: Gold topic (a longer-running subject), when the data set has one: JSONL's "topic".
    topic: str | None = None


def load_labelled(path: Path, fmt: str | None = None) -> list[LabelledArticle]:
    """Read a labelled set as ``fmt`` ("jsonl" or "neus"); None guesses from the suffix.

    Only NeuS has a suffix of its own (``.source``); anything else is taken for JSON Lines,
    whose own checks then say clearly if it is not.
    """
    if fmt is None:
        fmt = "neus" if path.suffix == ".source" else "jsonl"
    if fmt == "neus":
        return load_neus(path)
    if fmt == "jsonl":
        return load_labelled_jsonl(path)
    raise ValueError(f"unknown labelled format {fmt!r}; expected one of {', '.join(FORMATS)}")


def load_neus(path: Path) -> list[LabelledArticle]:
    """Every report of a NeuS ``.source`` file as one document, labelled with its line number.

    NeuS groups the reports of one story on one line, so the line (1-based, as a string) is
    the gold story. See ``load_neus_stories`` for how reports become articles.
    """
    return [
        LabelledArticle(article, str(line))
        for line, articles in _neus_lines(path)
        for article in articles
    ]


def load_neus_stories(source: Path) -> list[list[Article]]:
    """The reports of a NeuS ``.source`` file grouped by story, in line order.

    Item k lines up with line k+1 of the matching ``.target`` (see ``load_neus_targets``);
    to keep it so, a blank line is an error here rather than skipped.

    NeuS has no outlet names, only the AllSides order of the reports on a line (left,
    centre, right), so the outlet is ``source-1`` to ``source-3`` by position: reports at the
    same position share a political leaning, which is all an outlet name would tell the
    evaluation. Ids are ``neus-{file stem}-{line}-{position}``, stable across runs and
    distinct between the train and val files; the text alone cannot be the id, because some
    reports have an empty body. Those reports are kept with their title (NeuS has 2 in val,
    20 in train): the title is still a report of the story, and dropping them would give
    those stories fewer documents than the gold says. There is no publication time.
    """
    return [articles for _, articles in _neus_lines(source)]


def load_neus_targets(target: Path) -> list[str]:
    """The neutral reference summaries of a NeuS ``.target`` file, one per story, in line order.

    Targets are written like reports ("TITLE=> headline ARTICLE=> body"); the markers are
    removed, as they are no words of the summary and would count in ROUGE, and the headline
    is put on a line of its own so that sentence-level ROUGE-Lsum sees it as a sentence.
    """
    summaries = []
    for line, text in _lines(target):
        origin = f"{target}:{line}"
        if not text.strip():
            raise IngestError(origin, "blank line: a story without a summary")
        summary = "\n".join(part for part in _neus_report(text, origin, "summary") if part)
        if not summary:
            raise IngestError(origin, "summary has neither title nor text")
        summaries.append(summary)
    return summaries


def load_labelled_jsonl(path: Path) -> list[LabelledArticle]:
    """A JSON Lines file with one labelled article per line.

    Each line is an object with ``id``, ``story``, ``title`` and ``text`` (``story`` may be a
    string or an integer; it is compared as a string), and optionally ``published`` (ISO 8601
    date or date-time; a naive time is taken as UTC), ``outlet`` (default "unknown") and
    ``url``, each also under the other names ingest reads (``date_publish``, ``source_domain``,
    ``link``...), so that a file scores as it would ingest.
    Blank lines are skipped. A time that does not parse is an error rather than None as in
    ingest: in a gold set it is a data error, and dropping it would change which articles
    a time-windowed clusterer can join. Duplicate ids are an error too, as scores are
    reported per document and one document must not be counted twice.
    """
    labelled: list[LabelledArticle] = []
    first_line: dict[str, int] = {}
    for line, text in _lines(path):
        if not text.strip():
            continue
        origin = f"{path}:{line}"
        item = _json_object(text, origin)
        article_id = _required_text(item, "id", origin)
        if article_id in first_line:
            raise IngestError(
                origin, f"duplicate id {article_id!r} (first on line {first_line[article_id]})"
            )
        first_line[article_id] = line
        title = _required_text(item, "title", origin, allow_empty=True)
        body = _required_text(item, "text", origin, allow_empty=True)
        if not title and not body:
            raise IngestError(origin, "item has neither title nor text")
        article = Article(
            id=article_id,
            title=title,
            text=body,
            outlet=_first_text(item, ("outlet", *DOMAIN_FIELDS), origin) or UNKNOWN_OUTLET,
            origin=origin,
            url=_first_text(item, URL_FIELDS, origin),
            published=_published(item, origin),
        )
        labelled.append(
            LabelledArticle(article, _story(item, origin), _optional_text(item, "topic", origin))
        )
    return labelled


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a UTF-8 file, split on "\\n" only.

    ``str.splitlines`` would also split on U+2028 and other separators that news text and
    JSON strings contain raw, and line numbers would then disagree with the file (and with
    the other file of a NeuS pair). A final newline does not start another line.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise IngestError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), f"not UTF-8 text (byte {exc.start})") from exc
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    yield from enumerate(lines, start=1)


def _neus_lines(path: Path) -> Iterator[tuple[int, list[Article]]]:
    for line, text in _lines(path):
        origin = f"{path}:{line}"
        if not text.strip():
            raise IngestError(origin, "blank line: a story without reports")
        reports = text.split(NEUS_SEPARATOR)
        articles = []
        for position, report in enumerate(reports, start=1):
            name = f"report {position} of {len(reports)}"
            title, body = _neus_report(report, origin, name)
            if not title and not body:
                raise IngestError(origin, f"{name} has neither title nor text")
            articles.append(
                Article(
                    id=f"neus-{path.stem}-{line}-{position}",
                    title=title,
                    text=body,
                    outlet=f"source-{position}",
                    origin=origin,
                )
            )
        yield line, articles


def _neus_report(report: str, origin: str, name: str) -> tuple[str, str]:
    """Title and body of "TITLE=> ... ARTICLE=> ...", both stripped.

    Exactly one marker of each kind is required: a second one means a separator was lost
    and two reports ran together, which would silently merge two documents.
    """
    report = report.strip()
    titles = report.count(TITLE_MARKER)
    articles = report.count(ARTICLE_MARKER)
    if titles != 1 or articles != 1 or not report.startswith(TITLE_MARKER):
        raise IngestError(
            origin,
            f"{name} is not 'TITLE=> ... ARTICLE=> ...' "
            f"(found {titles} TITLE=> and {articles} ARTICLE=> markers)",
        )
    title, _, body = report.removeprefix(TITLE_MARKER).partition(ARTICLE_MARKER)
    return title.strip(), body.strip()


def _json_object(text: str, origin: str) -> dict[str, object]:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(origin, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise IngestError(origin, "invalid JSON: nested too deeply") from exc
    if not isinstance(item, dict):
        raise IngestError(origin, f"expected a JSON object, got {type(item).__name__}")
    return item


def _required_text(
    item: dict[str, object], name: str, origin: str, *, allow_empty: bool = False
) -> str:
    if name not in item:
        raise IngestError(origin, f"missing required field {name!r}")
    value = item[name]
    if not isinstance(value, str):
        raise IngestError(origin, f"field {name!r} must be a string, got {type(value).__name__}")
    value = value.strip()
    if not value and not allow_empty:
        raise IngestError(origin, f"field {name!r} is empty")
    return value


def _optional_text(item: dict[str, object], name: str, origin: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(origin, f"field {name!r} must be a string, got {type(value).__name__}")
    return value.strip() or None


def _story(item: dict[str, object], origin: str) -> str:
    """The gold label as a string; integers are allowed because many sets number stories.

    ``bool`` is an ``int`` to Python but never a story number, so it is refused.
    """
    value = item.get("story")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _required_text(item, "story", origin)


def _first_text(item: dict[str, object], names: tuple[str, ...], origin: str) -> str | None:
    """The first of the fields, under the names crawlers give it (as ingest reads them)."""
    for name in names:
        if found := _optional_text(item, name, origin):
            return found
    return None


def _published(item: dict[str, object], origin: str) -> datetime | None:
    text = _first_text(item, TIME_FIELDS, origin)
    if text is None:
        return None
    try:
        published = datetime.fromisoformat(text)
    except ValueError as exc:
        raise IngestError(origin, f"publication time is not ISO 8601: {text!r}") from exc
    if published.tzinfo is None:
        return published.replace(tzinfo=UTC)
    return published.astimezone(UTC)
