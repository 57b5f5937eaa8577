"""Entry point of the ``vigie`` command."""

from __future__ import annotations

import os
import sys

import click

from vigie import __version__
from vigie.errors import VigieError
from vigie.ingest import DEFAULT_MAX_BYTES
from vigie.store import default_db

db_option = click.option(
    "--db",
    default=default_db,
    show_default="$VIGIE_DB or ./vigie.db",
    help="SQLite database file, or a PostgreSQL URL (postgresql://user@host/dbname).",
)


#: Exit statuses, for scripts: every input read; some input rejected (the run finished; see
#: `vigie status`); a usage error (click's own); the command could not finish.
EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


class Failed(click.ClickException):
    exit_code = EXIT_FAILED


class VigieGroup(click.Group):
    """Turns library errors (written for the user) into a clean one-line CLI error, and any
    other error into one line and exit status 3 (``VIGIE_DEBUG=1`` shows the traceback)."""

    def invoke(self, ctx: click.Context):
        from vigie.runner import RunFailed

        try:
            return super().invoke(ctx)
        except RunFailed as exc:
            raise Failed(str(exc)) from None
        except VigieError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("VIGIE_DEBUG"):
                raise
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise Failed(f"internal error ({reason}); run again with VIGIE_DEBUG=1 for the details") from None


@click.group(cls=VigieGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vigie")
def cli() -> None:
    """Vigie: raw crawled news pages in, clean dated deduplicated articles (and, stage by
    stage, sourced conflict incidents) out, in a local SQLite database."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Largest page read.")
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option("--workers", type=int, default=None, help="Processes (or Ray actors) for the NLP stage (default: all cores).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where the per-document stages run: this machine, or a Ray cluster.")
@click.option("--ray-address", default=None, help="Ray cluster address (default: start a local Ray instance).")
def run(paths: tuple[str, ...], db: str, max_bytes: int, progress: bool, workers: int | None, executor: str,
        ray_address: str | None) -> None:
    """Ingest PATHS (files or folders of .txt, .html, .jsonl, .warc, or .gz of them) and run
    every stage into the database. Exit status: 0 every input was read; 1 some input was
    rejected, each with its reason (see `vigie status`); 2 a usage error; 3 the run could not
    finish (recorded as failed; what it stored before stays).

    \b
    Example:
      vigie run examples/articles --db vigie.db
      vigie run crawl/ --workers 2
      vigie run crawl/ --executor ray --ray-address ray://head:10001 --workers 32
    """
    from vigie.report import run_summary_lines
    from vigie.runner import run as run_pipeline

    command = "vigie run " + " ".join(paths)
    from vigie.parallel import default_workers

    summary = run_pipeline(
        list(paths), db, max_bytes=max_bytes, progress=progress, command=command,
        workers=workers or default_workers(), executor=executor, ray_address=ray_address,
        release_model=True,
    )
    for line in run_summary_lines(summary, db):
        click.echo(line)
    sys.exit(EXIT_REJECTS if summary.rejected else EXIT_OK)


@cli.group()
def export() -> None:
    """Export what the database holds."""


@export.command("documents")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export_documents(db: str, fmt: str, output: str | None) -> None:
    """Export current documents, one JSON object per line (id, url, title, text, published,
    published_precision, language, outlet, agency, group, ...).

    \b
    Example:
      vigie export documents --format jsonl -o documents.jsonl
    """
    from vigie.export import document_records

    _export_jsonl(db, output, document_records, "documents")


def filter_options(command):
    """--since, --until, --country, --actor, --type on a command that lists incidents."""
    for option in reversed([
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option("--country", help="Country, e.g. Syria."),
        click.option("--actor", help="Part of actor1 or actor2, e.g. 'Islamic State'."),
        click.option("--type", "event_type", help="Event type or sub-event type, e.g. 'Air/drone strike'."),
    ]):
        command = option(command)
    return command


def _filtered(conn, since, until, country, actor, event_type):
    from vigie.export import incident_records
    from vigie.exports import IncidentFilter, filter_records

    try:
        wanted = IncidentFilter(since=since, until=until, country=country, actor=actor, type=event_type)
        return filter_records(incident_records(conn), wanted)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@export.command("incidents")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "parquet"]), default="jsonl", show_default=True,
    help="jsonl: full records; csv: ACLED's columns; geojson: points; parquet: typed columns.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout; required for parquet).")
@filter_options
def export_incidents(db: str, fmt: str, output: str | None, since, until, country, actor, event_type) -> None:
    """Export incidents. JSONL carries the whole record (sources with doc_id, url, outlet,
    quote, start, end; every reported figure and what it was used for; the evidence of each
    field); CSV uses ACLED's column names; GeoJSON is a FeatureCollection of points; parquet
    reads back with pandas or DuckDB. The same database gives the same bytes.

    \b
    Example:
      vigie export incidents --format csv -o incidents.csv --country Syria --since 2016-01-01
      vigie export incidents --format geojson -o incidents.geojson --type "Air/drone strike"
    """
    from vigie.export import write_jsonl
    from vigie.exports import write_acled_csv, write_geojson, write_parquet
    from vigie.store import connect

    if fmt == "parquet" and not output:
        raise click.UsageError("parquet is binary: give a file with -o incidents.parquet")
    with connect(db, create=False) as conn:
        records = _filtered(conn, since, until, country, actor, event_type)
        if fmt == "parquet":
            n = write_parquet(records, output)
        else:
            writer = {"jsonl": write_jsonl, "csv": write_acled_csv, "geojson": write_geojson}[fmt]
            if output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    n = writer(records, out)
            else:
                n = writer(records, sys.stdout)
                return
    click.echo(f"{n} incidents written to {output}", err=True)


@cli.command()
@db_option
@filter_options
@click.option("--width", default=None, type=int, help="Table width (default: the terminal's).")
def incidents(db: str, since, until, country, actor, event_type, width: int | None) -> None:
    """A readable table of the incidents, filtered.

    \b
    Example:
      vigie incidents --country Syria --type "Air/drone strike" --since 2016-01-01
    """
    import shutil

    from vigie.exports import format_table
    from vigie.store import connect

    with connect(db, create=False) as conn:
        lines = format_table(_filtered(conn, since, until, country, actor, event_type), width or shutil.get_terminal_size().columns)
    for line in lines:
        click.echo(line)


def _export_jsonl(db: str, output: str | None, records, noun: str) -> None:
    """Write ``records(conn)`` as JSONL to ``output`` (or stdout), saying how many on stderr."""
    from vigie.export import write_jsonl
    from vigie.store import connect

    with connect(db, create=False) as conn:
        if output:
            with open(output, "w", encoding="utf-8") as out:
                n = write_jsonl(records(conn), out)
            click.echo(f"{n} {noun} written to {output}", err=True)
        else:
            write_jsonl(records(conn), sys.stdout)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(gold: str, db: str, as_json: bool) -> None:
    """Score the incidents in the database against a gold file (JSONL, one hand-coded
    incident per line): precision, recall, F1, per-field accuracy, misses and spurious
    incidents. The matching rules are those of the seeds' gold README.

    \b
    Example:
      vigie run examples/articles && vigie eval examples/gold/incidents.jsonl
    """
    import json

    from vigie.evaluation import load_gold, score
    from vigie.export import incident_records
    from vigie.store import connect

    gold_lines = load_gold(gold)
    with connect(db, create=False) as conn:
        report = score(list(incident_records(conn)), gold_lines)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)


@cli.command()
@click.argument("doc_id")
@db_option
def show(doc_id: str, db: str) -> None:
    """Show one document: its cleaned text with its metadata and their evidence.

    \b
    Example:
      vigie show ex01_alep_barils
    """
    from vigie.report import document_lines
    from vigie.store import connect
    from vigie.store.documents import get_document

    with connect(db, create=False) as conn:
        row = get_document(conn, doc_id)
        if row is None:
            raise click.ClickException(f"no document '{doc_id}' in {db} (see `vigie export documents`)")
        for line in document_lines(row):
            click.echo(line)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Open the review workbench in a browser: incidents with filters, map and timeline, each
    incident's evidence, corrections by logged-in reviewers (see `vigie user add`).

    \b
    Example:
      vigie serve --db vigie.db --port 8000   # then open http://127.0.0.1:8000
    """
    from vigie.web import serve as run_server

    from vigie.store.pg import is_url

    if not is_url(db) and not os.path.exists(db):
        raise click.ClickException(f"no database at {db}: run `vigie run PATH --db {db}` first")
    run_server(db, host=host, port=port)


@cli.group()
def user() -> None:
    """Reviewer accounts (needed to correct incidents in `vigie serve`)."""


@user.command("add")
@click.argument("username")
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def user_add(username: str, db: str, password_stdin: bool) -> None:
    """Create a reviewer (or reset their password); the password is stored as a scrypt hash.

    \b
    Example:
      vigie user add marie --db vigie.db
      echo "$PASSWORD" | vigie user add marie --password-stdin
    """
    from vigie.store import connect
    from vigie.web.auth import AuthError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with connect(db) as conn:
        try:
            add_user(conn, username, password)
        except AuthError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"reviewer {username} saved in {db}")


@cli.command()
@click.argument("story_id", required=False)
@db_option
def stories(story_id: str | None, db: str) -> None:
    """List the story clusters (articles about one story), or read one story's coverage in
    publication order.

    \b
    Example:
      vigie stories
      vigie stories ST0a1b2c3d4e
    """
    from vigie.report import story_lines
    from vigie.store import connect

    with connect(db, create=False) as conn:
        lines = story_lines(conn, story_id)
    if story_id and not lines:
        raise click.ClickException(f"no story '{story_id}' in {db} (see `vigie stories`)")
    for line in lines:
        click.echo(line)


@cli.command()
@db_option
def status(db: str) -> None:
    """Counts, rejects and the last runs of the database.

    \b
    Example:
      vigie status --db vigie.db
    """
    from vigie.report import status as status_report
    from vigie.report import status_lines
    from vigie.store import connect

    with connect(db, create=False) as conn:
        for line in status_lines(status_report(conn)):
            click.echo(line)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
