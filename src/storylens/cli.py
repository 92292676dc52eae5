"""The ``storylens`` command: a thin layer over the Python API (engine, store, brief, export).

Every command here does what a documented function does, so scripts and tests can use either.
The ingest engine and the evaluations are imported by the commands that run them: they load
spaCy, onnxruntime and their kin (seconds), which ``--help``, ``stories`` or ``brief`` never
need.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storylens.brief.render import FORMATS, render
from storylens.config import EmbedSettings, IngestSettings, Settings
from storylens.embed import CPU, encoder_for
from storylens.errors import StorylensError
from storylens.export import export_briefs, prepare_output, story_json, topic_json
from storylens.model import Article, IngestProblem, IngestReport, shown_time
from storylens.store import DEFAULT_DB, Store
from storylens.values import clean

T = TypeVar("T")

app = typer.Typer(
    help="Read news from many outlets; see each story across its sources.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="STORYLENS_DB", help="SQLite file path or database URL."),
]
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")
]


def _shown(text: object) -> str:
    """Data as the terminal gets it: never markup (a title "[/bold]" is text, not a style
    Rich would fail on, and "[link=...]" no link), never control characters (an escape
    sequence in a title would clear the screen or retitle the window)."""
    return escape(clean(str(text)))


def _fail(message: str, code: int = 1) -> typer.Exit:
    # Not wrapped at the terminal's width: a message names files, and a path cut in two can
    # be neither searched for in a log nor pasted.
    err.print(f"[bold red]error:[/] {_shown(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", min=1, help="Processes for fact extraction.")
]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--outlet",
        help="The outlet of files that name none (plain text without a url line); "
        "otherwise each is a source of its own, of unknown outlet.",
    ),
]
#: The measuring commands print a table, or with this JSON alone (for scripts and CI).
JsonOnlyOption = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
DeviceOption = Annotated[
    str,
    typer.Option(
        "--device",
        envvar="STORYLENS_DEVICE",
        # Escaped: the help is Rich markup, where [gpu] would be read as a style and vanish.
        help="Where to embed: cpu (default), or a PyTorch device such as cuda "
        "(needs storylens\\[gpu]).",
    ),
]


def _run_ingest(
    paths: list[str],
    db: str,
    quiet: bool,
    workers: int = 1,
    device: str = CPU,
    outlet: str | None = None,
) -> IngestReport:
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} items"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("Reading", total=None)

        def step(item: Article | IngestProblem) -> None:
            progress.advance(task)
            if isinstance(item, IngestProblem):
                # A warning's article was stored; a skipped item's was not.
                what = "[yellow]warning[/]" if item.warning else "[yellow]skipped[/]"
                progress.console.print(
                    f"{what} {_shown(item.origin)}: {_shown(item.reason)}",
                    highlight=False,
                    soft_wrap=True,
                )

        settings = Settings(
            ingest=IngestSettings(workers=workers, outlet=outlet),
            embed=EmbedSettings(device=device),
        )
        from storylens.engine import ingest as ingest_paths

        try:
            return ingest_paths(paths, db, settings=settings, progress=step)
        except KeyboardInterrupt:
            # Batches are written whole, so what was stored is sound; the stories they touched
            # are refined and briefed by the next ingest, which skips what is already stored.
            raise _fail(
                "interrupted; the articles stored so far are kept, and running the same "
                "command again finishes their stories and briefs",
                code=130,
            ) from None


def _read(db: str, query: Callable[[Store], T]) -> T:
    """Run one read against the store; a store error becomes a clear message and exit 1."""
    try:
        with Store(db, create=False) as store:
            return query(store)
    except StorylensError as exc:
        raise _fail(str(exc)) from exc


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _print_report(report: IngestReport) -> None:
    console.print(
        f"added {_count(report.added, 'article', 'articles')}, "
        f"{_count(report.copies, 'copy', 'copies')}, {report.unchanged} already stored; "
        f"{_count(len(report.stories_touched), 'story', 'stories')} touched "
        f"({len(report.new_stories)} new); {_count(len(report.errors), 'error', 'errors')}"
        + (f", {_count(len(report.warnings), 'warning', 'warnings')}" if report.warnings else ""),
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: WorkersOption = 1,
    device: DeviceOption = CPU,
    outlet: OutletOption = None,
) -> None:
    """Read articles into the store: facts, copies, stories and briefs are computed once, here."""
    try:
        report = _run_ingest(paths, db, quiet, workers, device, outlet)
    except StorylensError as exc:
        raise _fail(str(exc)) from exc
    _print_report(report)
    if report.added + report.copies + report.unchanged == 0:
        raise _fail(f"nothing could be ingested from {', '.join(paths)}")


@app.command()
def stories(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List stories: id, title, number of articles, outlets, first and last publication."""
    rows = _read(db, lambda s: s.stories())
    if as_json:
        typer.echo(json.dumps([story_json(s) for s in rows], ensure_ascii=False, indent=2))
        return
    table = Table("id", "title", "articles", "outlets", "first", "last")
    for s in rows:
        table.add_row(
            str(s.id),
            _shown(s.title),
            str(s.articles),
            _shown(", ".join(s.outlets)),
            shown_time(s.first_published) if s.first_published else "-",
            shown_time(s.last_published) if s.last_published else "-",
        )
    console.print(table)


@app.command()
def topics(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List topics, the longer-running subjects that group stories."""
    rows = _read(db, lambda s: s.topics())
    if as_json:
        typer.echo(json.dumps([topic_json(t) for t in rows], ensure_ascii=False, indent=2))
        return
    table = Table("id", "topic", "stories", "articles", "outlets")
    for t in rows:
        table.add_row(
            str(t.id),
            _shown(t.title),
            ", ".join(str(s) for s in t.stories),
            str(t.articles),
            str(len(t.outlets)),
        )
    console.print(table)


@app.command()
def brief(
    story_id: Annotated[int, typer.Argument(help="A story id from `storylens stories`.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Show a story's cross-source brief."""
    if fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", code=2)
    data = _read(db, lambda s: s.brief(story_id))
    text = render(data, fmt)
    if output is None:
        typer.echo(clean(text), nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror or exc}") from exc
        err.print(f"wrote {_shown(output)}", highlight=False)


@app.command()
def errors(db: DbOption = DEFAULT_DB) -> None:
    """List every file or item that could not be read, with the reason."""
    problems = _read(db, lambda s: s.errors())
    for problem in problems:
        typer.echo(clean(f"{problem.origin}: {problem.reason}"))


@app.command()
def recluster(db: DbOption = DEFAULT_DB) -> None:
    """Revisit every story: move misplaced articles, split drifted ones, merge duplicates."""
    try:
        from storylens.engine import Ingestor

        with Store(db, create=False) as store:
            ingestor = Ingestor(store)
            result = ingestor.recluster()
            ingestor.place_topics(result.changed)
            ingestor.refresh_briefs(result.changed | set(store.stale_briefs()))
    except StorylensError as exc:
        raise _fail(str(exc)) from exc
    console.print(
        f"moved {_count(result.moved, 'article', 'articles')}; "
        f"{_count(len(result.changed), 'story', 'stories')} changed, "
        f"{len(result.removed)} merged away",
        highlight=False,
        soft_wrap=True,
    )
    for old_id, new_id in sorted(result.redirects.items()):
        console.print(f"story {old_id} is now story {new_id}", highlight=False)


eval_app = typer.Typer(help="Measure storylens on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("cluster")
def eval_cluster(
    path: Annotated[Path, typer.Argument(help="Labelled articles: JSON Lines or NeuS .source.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl or neus (default: from the suffix).")
    ] = None,
    order: Annotated[
        str, typer.Option(help="file: as written; shuffled: a fixed random order.")
    ] = "file",
    level: Annotated[
        str, typer.Option(help="story, or topic (needs a gold 'topic' on every JSONL line).")
    ] = "story",
    as_json: JsonOnlyOption = False,
    device: DeviceOption = CPU,
) -> None:
    """Cluster labelled articles as ingest would (labels unseen) and score against gold stories."""
    from storylens.evaluate.clustering import evaluate_clustering

    if order not in ("file", "shuffled"):
        raise _fail(f"unknown order {order!r}; choose file or shuffled", code=2)
    if level not in ("story", "topic"):
        raise _fail(f"unknown level {level!r}; choose story or topic", code=2)
    try:
        result = evaluate_clustering(
            path,
            fmt,
            "shuffled" if order == "shuffled" else "file",
            settings=Settings(embed=EmbedSettings(device=device)),
            level="topic" if level == "topic" else "story",
        )
    except (StorylensError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_metrics(result.to_json(), as_json)


@eval_app.command("summary")
def eval_summary(
    source: Annotated[Path, typer.Argument(help="Stories, NeuS .source format.")],
    target: Annotated[Path, typer.Argument(help="Reference summaries, NeuS .target format.")],
    as_json: JsonOnlyOption = False,
    device: DeviceOption = CPU,
) -> None:
    """Summarise each story as the brief does and score it with ROUGE against its reference."""
    from storylens.evaluate.summary import evaluate_summary

    try:
        data = evaluate_summary(source, target, encoder=encoder_for(device))
    except (StorylensError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_metrics(data, as_json)


@eval_app.command("claimdiff")
def eval_claimdiff(
    path: Annotated[Path, typer.Argument(help="A ClaimDiff JSON file of claim pairs.")],
    kind: Annotated[
        str,
        typer.Option(help="strength: differences a reader must notice; weak: subtle ones."),
    ] = "strength",
    as_json: JsonOnlyOption = False,
) -> None:
    """Decide for each claim pair whether the claims differ; score against the labels, beside a
    lexical baseline."""
    from storylens.evaluate.claimdiff import evaluate_claimdiff
    from storylens.evaluate.claimdiff_model import KINDS

    if kind not in KINDS:
        raise _fail(f"unknown kind {kind!r}; choose {' or '.join(KINDS)}", code=2)
    try:
        data = evaluate_claimdiff(path, "weak" if kind == "weak" else "strength")
    except (StorylensError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_metrics(data, as_json)


@eval_app.command("brief")
def eval_brief(
    basil: Annotated[
        Path, typer.Argument(help="The BASIL folder (holding basil.jsonl and annotations/).")
    ],
    as_json: JsonOnlyOption = False,
    workers: WorkersOption = 1,
    device: DeviceOption = CPU,
) -> None:
    """Ingest BASIL's real coverage and score its briefs against hand labels: conflicts found
    and false, speakers right and given, relative dates right."""
    from storylens.evaluate.brief import evaluate_brief

    settings = Settings(ingest=IngestSettings(workers=workers), embed=EmbedSettings(device=device))
    try:
        data = evaluate_brief(basil, settings)
    except (StorylensError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_metrics(data, as_json)


@eval_app.command("topics")
def eval_topics(
    val: Annotated[Path, typer.Argument(help="NeuS val.source: dated as a stream.")],
    basil: Annotated[Path, typer.Argument(help="BASIL's basil.jsonl, with its real dates.")],
    as_json: JsonOnlyOption = False,
    device: DeviceOption = CPU,
) -> None:
    """Score topics on dated streams: NeuS val with developments that run for weeks (full
    reports and headlines), and BASIL with the developments grouped by hand."""
    from storylens.evaluate.topic_streams import development_streams, topic_scores

    settings = Settings(embed=EmbedSettings(device=device))
    try:
        streams = development_streams(val, basil, settings)
    except (StorylensError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_metrics({s.name: topic_scores(s, settings.cluster) for s in streams}, as_json)


def _print_metrics(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    table = Table("metric", "value")
    for key, value in data.items():
        for name, number in _flat(key, value):
            table.add_row(_shown(name), _shown(number))
    console.print(table)


def _flat(key: str, value: object) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        return [row for part, inner in value.items() for row in _flat(f"{key} {part}", inner)]
    if isinstance(value, list):  # the items behind a figure, one row each
        return [(key, item) for item in value]
    return [(key, value)]


@app.command()
def run(
    paths: PathsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the briefs.")] = Path("out"),
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: WorkersOption = 1,
    device: DeviceOption = CPU,
    outlet: OutletOption = None,
) -> None:
    """Ingest, then write every brief as HTML and JSON with an index page: the main job."""
    try:
        # Checked before the ingest, which may take long, rather than failing after it.
        prepare_output(out)
        report = _run_ingest(paths, db, quiet, workers, device, outlet)
        _print_report(report)
        if report.added + report.copies + report.unchanged == 0:
            raise _fail(f"nothing could be ingested from {', '.join(paths)}")
        with Store(db) as store:
            written = export_briefs(store, out)
    except StorylensError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"wrote {len(written)} files; open {_shown(out / 'index.html')}", highlight=False)
