"""The command line: `explainer build | site | validate | check | audit | schema | new | diff |
watch`.

Exit codes: 0 success, 2 invalid input (every problem is printed with file:line:col),
1 any other failure (no browser, disk full, interrupted). No traceback unless --debug.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import click

from explainer import __version__
from explainer.errors import ContentError, ExplainerError, count

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

CONTENT = click.argument(
    "content",
    type=click.Path(path_type=Path, dir_okay=False),
    default="content.yaml",
    required=False,
)
OUT = click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="output",
    show_default=True,
    help="Folder to write the explainer to.",
)


STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Refuse the content on any warning (a number typed by hand) as on a problem: "
    "exit 2, nothing written.",
)


BRAND = click.option(
    "--brand",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A brand file (YAML): the newsroom's name, logo, colours, fonts and credits.",
)


def _warned(content: Path, strict: bool) -> Any:
    """The story of CONTENT, its warnings printed on stderr (refused with --strict)."""
    from explainer.content.validate import load_story_warned

    story, warnings = load_story_warned(content, strict=strict)
    _print_warnings(warnings)
    return story


def _print_warnings(warnings: Sequence[Any]) -> None:
    from explainer.errors import warnings_summary

    for warning in warnings:
        _err(warning.format())
    if warnings:
        _err(warnings_summary(warnings))



def _err(text: str) -> None:
    click.echo(text, err=True)


def _handled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map domain errors to messages and exit codes; never a traceback unless --debug."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return fn(*args, **kwargs)
        except ContentError as e:
            if debug:
                traceback.print_exc()
            _err(e.report())
            sys.exit(EXIT_INVALID)
        except ExplainerError as e:
            if debug:
                traceback.print_exc()
            _err(f"error: {e}")
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            _err("interrupted; output/ was left as it was.")
            sys.exit(130)
        except OSError as e:
            if debug:
                traceback.print_exc()
            where = f" ({e.filename})" if getattr(e, "filename", None) else ""
            _err(f"error: {e.strerror or e}{where}; output/ was left as it was.")
            sys.exit(EXIT_FAILURE)

    return wrapper


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 success, 2 invalid input, 1 any other failure.",
)
@click.version_option(__version__, prog_name="explainer")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for bug reports).")
def cli(debug: bool) -> None:
    """Turn the facts of a news story (content.yaml) into a static visual explainer."""


@cli.command()
@CONTENT
@OUT
@click.option("-v", "--verbose", is_flag=True, help="List every artifact as fresh, stale or new.")
@click.option("--no-cache", is_flag=True, help="Re-render everything, ignoring the cache.")
@STRICT
@BRAND
@_handled
def build(
    content: Path, out: Path, verbose: bool, no_cache: bool, strict: bool, brand: Path | None
) -> None:
    """Validate CONTENT and build the explainer into OUT (atomically)."""
    from explainer.build import build as run_build

    report = run_build(
        content,
        out,
        use_cache=not no_cache,
        progress=sys.stderr.isatty(),
        strict=strict,
        brand=brand,
    )
    # the content's warnings: this build's, or the last build's when nothing changed
    _print_warnings(report.warnings)
    for line in report.lines(verbose=verbose):
        click.echo(line)


@cli.command()
@CONTENT
@STRICT
@_handled
def validate(content: Path, strict: bool) -> None:
    """Check CONTENT and print every problem and warning with its position."""
    story = _warned(content, strict)
    click.echo(
        f"{content}: valid ({count(len(story.facts), 'fact')}, "
        f"{count(len(story.charts), 'chart')}, {count(len(story.locales), 'language')})"
    )


@cli.command()
@CONTENT
@_handled
def check(content: Path) -> None:
    """Check that every quote stands, word for word, in its stored source, and that
    every fact's value is one of its quote's numbers."""
    from explainer.content.quotes import check_quotes, check_values
    from explainer.content.validate import load_story

    story = load_story(content)
    results = check_quotes(story)
    bad = [r for r in results if not r.found]
    for r in bad:
        _err(f"{r.owner}: {r.problem}\n    quote:   “{r.quote}”")
        if r.closest:
            _err(f"    closest: “{r.closest}” ({r.ratio:.0%} alike)")
    wrong = check_values(story)
    for v in wrong:
        numbers = ", ".join(v.numbers)
        _err(
            f"facts.{v.fact}: the value {v.value:g} is not a number of its quote "
            f"(read in '{v.locale}': {numbers})\n    quote:   “{v.quote}”\n"
            "    hint: correct the value, or quote the words that give it"
        )
    if bad:
        _err(f"{len(bad)} of {len(results)} quotes not found in their sources.")
    if wrong:
        their = "its quote" if len(wrong) == 1 else "their quotes"
        _err(f"{count(len(wrong), 'value')} not in {their}.")
    if bad or wrong:
        sys.exit(EXIT_INVALID)
    click.echo(f"all {len(results)} quotes found in their sources; every value is in its quote.")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path), default="output", required=False)
@_handled
def audit(out: Path) -> None:
    """Check that every number in the built explainer OUT traces to its source.

    Reads the folder only (no browser, no content file): every number in its pages,
    embeds, SVG text, alt texts, CSVs and facts.json must stand where a string of the
    build's ledger (manifest.json) puts it. Exit 0 when all trace, 1 when any does not,
    2 when OUT is not an explainer build."""
    from explainer.build.audit import audit as run_audit

    report = run_audit(out)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(EXIT_FAILURE)


@cli.command()
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the schema to a file instead of printing it.",
)
@click.option(
    "--brand",
    "of_brand",
    is_flag=True,
    help="The schema of brand files instead (e.g. -o brand.schema.json).",
)
def schema(out: Path | None, of_brand: bool) -> None:
    """Print the JSON Schema of content files (or, with --brand, of brand files), for
    editors' autocompletion."""
    if of_brand:
        from explainer.brand.model import BrandSpec

        doc = BrandSpec.model_json_schema()
    else:
        from explainer.content.model import Content

        doc = Content.model_json_schema()
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("locale")
@_handled
def strings(locale: str) -> None:
    """Print a strings: section of every interface word for LOCALE, to translate.

    For a language explainer ships (ar de en es fr it nl pl pt) it is filled in from the
    catalog, to override a word; for any other it is left empty, to translate."""
    from babel import Locale, UnknownLocaleError

    from explainer.content.scaffold import strings_section
    from explainer.errors import ExplainerError

    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        raise ExplainerError(
            f"unknown locale '{locale}' (write a code such as sw or pt_BR)"
        ) from None
    click.echo(strings_section(locale), nl=False)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@_handled
def new(directory: Path) -> None:
    """Scaffold a small example story in DIRECTORY."""
    from explainer.content.scaffold import scaffold

    written = scaffold(directory)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: explainer build {directory / 'content.yaml'} -o {directory / 'output'}")


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@_handled
def diff(old: Path, new: Path) -> None:
    """Print the fact-level differences between two content files."""
    from explainer.build.corrections import fact_changes
    from explainer.content.validate import load_story

    changes = fact_changes(load_story(old), load_story(new))
    if not changes:
        click.echo("no fact changed.")
    for c in changes:
        click.echo(c.describe())


@cli.command(
    epilog="""\b
On one machine:
  explainer site stories/*/ -o site -j 2
Fanned out over CI jobs (docs/ci/site-matrix.yml):
  explainer site stories/*/ --list                        # the ids, one a line
  explainer site stories/*/ --only ID -o part             # in each job
  explainer site stories/*/ -o site --assemble parts      # in the last one"""
)
@click.argument("stories", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="site",
    show_default=True,
    help="Folder to write the site to (with --only, the part).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Plan and build this many stories at once, each in its own process (their "
    "images are drawn in one browser session either way).",
)
@click.option(
    "--only",
    "only",
    metavar="ID",
    multiple=True,
    help="Validate every STORY but build only the story with this id (repeat for more) "
    "into OUT/<id>/: a part of the site, without its front page or indexes, for "
    "--assemble. An unknown id is refused, listing the known ones.",
)
@click.option(
    "--assemble",
    "assemble",
    metavar="PARTS",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Build nothing: take each story's folder from the parts in PARTS (a part made "
    "by --only, or a folder of such parts; repeat for more), check it was built from "
    "exactly this STORY's content and sources by this explainer, and write the site "
    "with its front page and indexes. A missing or stale part is refused.",
)
@click.option(
    "--list",
    "list_ids",
    is_flag=True,
    help="Validate every STORY and print their ids, one a line; build nothing.",
)
@click.option("-v", "--verbose", is_flag=True, help="List every artifact as fresh, stale or new.")
@BRAND
@_handled
def site(
    stories: tuple[Path, ...],
    out: Path,
    jobs: int,
    only: tuple[str, ...],
    assemble: tuple[Path, ...],
    list_ids: bool,
    verbose: bool,
    brand: Path | None,
) -> None:
    """Build every STORY (a folder with content.yaml, or a content file) into one site in
    OUT: each story in OUT/<story id>/, a front page and one index per language. Images
    missing from the cache (.explainer-cache beside OUT) are drawn in one browser session.
    """
    from explainer.build.site import build_site, content_file, validate_stories

    if only and assemble:
        raise click.UsageError("--only builds a part and --assemble assembles parts: not both")
    if list_ids:
        for story in validate_stories([content_file(s) for s in stories]):
            click.echo(story.id)
        return
    report = build_site(stories, out, jobs=jobs, only=only, assemble=assemble, brand=brand)
    # the brand's warnings once, then each story's own
    warnings = [*report.warnings, *(w for r in report.stories.values() for w in r.warnings)]
    _print_warnings(list(dict.fromkeys(warnings)))
    for line in report.lines(verbose=verbose):
        click.echo(line)


@cli.command()
@CONTENT
@OUT
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@_handled
def watch(content: Path, out: Path, port: int, host: str) -> None:
    """Serve OUT, rebuild when CONTENT or its files change, reload open pages."""
    from explainer.build.watch import watch as run_watch

    run_watch(content, out, host=host, port=port)


def main() -> None:
    cli(prog_name="explainer")
