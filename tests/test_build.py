"""Building and rebuilding: what a build writes, incrementally, atomically, with corrections."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.build import build
from explainer.build.identity import sha256
from explainer.build.lock import output_lock
from explainer.build.manifest import read_manifest
from explainer.errors import ContentError, ExplainerError
from explainer.site import layout
from tests.conftest import copy_story, png_size, snapshot

pytestmark = pytest.mark.browser

CHART_FILES = (
    "svg",
    "svg_narrow",
    "png",
    "png2x",
    "png_narrow",
    "png2x_narrow",
    "card",
    "csv",
    "alt",
    "embed",
)


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def test_a_build_writes_every_page_chart_image_and_card(built_site: Path, story) -> None:
    files = snapshot(built_site)
    expected = {
        layout.INDEX,
        layout.MANIFEST,
        "facts.json",
        layout.CSS,
        layout.EMBED_JS,
        layout.FONT,
        layout.FONT_LICENSE,
    }
    for loc in story.locales:
        expected |= {layout.page(loc), layout.social_card(loc)}
        for chart in story.charts:
            paths = layout.chart_files(loc, chart)
            expected |= {getattr(paths, name) for name in CHART_FILES}
    assert expected <= set(files), sorted(expected - set(files))


def test_the_phone_drawing_is_also_a_png_at_1x_and_2x(built_site: Path, story) -> None:
    from explainer import charts

    for loc in story.locales:
        for chart in story.charts.values():
            paths = layout.chart_files(loc, chart.id)
            narrow = charts.figure(chart, story, loc, width=charts.NARROW)
            w, h = int(narrow.layout.width), int(narrow.layout.height)
            assert png_size(built_site / paths.png_narrow) == (w, h), paths.png_narrow
            assert png_size(built_site / paths.png2x_narrow) == (2 * w, 2 * h), paths.png2x_narrow
            assert w < png_size(built_site / paths.png)[0]


def test_each_chart_has_a_social_card_of_1200_by_630(built_site: Path, story) -> None:
    for loc in story.locales:
        for chart in story.charts:
            card = built_site / layout.chart_files(loc, chart).card
            assert png_size(card) == (1200, 630), (loc, chart)


def test_the_manifest_records_every_artifact_and_fact(built_site: Path, story) -> None:
    manifest = read_manifest(built_site)
    assert manifest is not None
    for rel, meta in manifest["artifacts"].items():
        assert sha256((built_site / rel).read_bytes()) == meta["sha256"], rel
    assert manifest["facts"]["servers"]["value"] == 18000
    assert manifest["facts"]["servers"]["shown"] == {"it": "quasi 18.000", "en": "almost 18,000"}
    assert set(manifest["facts"]) == set(story.facts)


def test_two_builds_of_the_same_input_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    content = copy_story(tmp_path / "story")
    build(content, tmp_path / "out", cache_dir=tmp_path / "fresh-cache")  # nothing shared
    assert snapshot(tmp_path / "out") == snapshot(built_site)


def test_a_rebuild_with_nothing_changed_renders_nothing(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    before = snapshot(out)
    # A browser would be needed for any export: make every export attempt fail.
    result = run_cli(
        "build", str(content), "-o", str(out), env={"EXPLAINER_FAULT": "before-export"}
    )
    assert result.returncode == 0, result.stderr
    assert "nothing changed" in result.stdout and "0 re-rendered" in result.stdout
    assert snapshot(out) == before


def test_an_edit_that_changes_no_figure_starts_no_browser(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    content.write_text(content.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    report = build(content, out, cache_dir=warm_cache)
    assert not report.fast and not report.browser_started and report.rendered == 0


def _no_browser_env() -> dict[str, str]:
    """The environment of a machine with no Chromium: no BROWSER_PATH, none on PATH."""
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["PATH"] = os.path.dirname(sys.executable)
    return env


def _cli_without_browser(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        capture_output=True,
        text=True,
        env=_no_browser_env(),
        timeout=300,
    )


def test_a_rebuild_with_nothing_changed_needs_no_browser(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    shutil.copytree(warm_cache, out.parent / ".explainer-cache")  # the CLI's cache
    before = snapshot(out)
    result = _cli_without_browser("build", str(content), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "nothing changed" in result.stdout
    assert snapshot(out) == before


#: What the fast path must not load: the charts, the browser, validation, templates,
#: translations, and the stdlib parts that cost most (importlib.metadata pulls in email).
HEAVY_MODULES = (
    "plotly",
    "kaleido",
    "choreographer",
    "pydantic",
    "yaml",
    "jinja2",
    "babel",
    "pint",
    "markdown_it",
    "fontTools",
    "coloraide",
    "importlib.metadata",
    "email",
    "shutil",
    "ctypes",
)


def test_a_rebuild_with_nothing_changed_stays_light(tmp_path: Path, warm_cache: Path) -> None:
    """The no-change rebuild's speed is its imports: it loads none of the heavy modules
    (measured in benchmarks/rebuild.py; this checks the cause, not a time)."""
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    shutil.copytree(warm_cache, out.parent / ".explainer-cache")  # the CLI's cache
    probe = (
        "import sys\n"
        f"sys.argv = ['explainer', 'build', {str(content)!r}, '-o', {str(out)!r}]\n"
        "from explainer.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert "nothing changed" in result.stdout
    loaded = set(result.stderr.split())
    assert "explainer.build.pipeline" in loaded  # the probe saw the build's modules
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY_MODULES or m in HEAVY_MODULES)
    assert not heavy, heavy


def test_the_tool_versions_are_those_installed() -> None:
    from importlib.metadata import version

    from explainer.build.identity import tool_identity

    tool = tool_identity()
    assert (tool["plotly"], tool["kaleido"]) == (version("plotly"), version("kaleido"))


def test_every_file_of_the_package_is_in_the_tool_hash(tmp_path: Path) -> None:
    """A translation, a template or the page font changes the output: each is part of the
    code hash that keys every artifact; compiled bytecode is not."""
    from explainer.build.identity import PACKAGE, _code_hash

    package = tmp_path / "explainer"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    first = _code_hash(package)
    (package / "build" / "__pycache__").mkdir()
    (package / "build" / "__pycache__" / "pipeline.cpython-311.pyc").write_bytes(b"x")
    assert _code_hash(package) == first
    for rel in ("facts/locales/it/LC_MESSAGES/explainer.po", "site/assets/inter-latin.woff2"):
        before = _code_hash(package)
        with (package / rel).open("ab") as f:
            f.write(b"\n")
        assert _code_hash(package) != before, rel


def test_a_text_edit_no_image_shows_needs_no_browser(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    shutil.copytree(warm_cache, out.parent / ".explainer-cache")
    result = _cli_without_browser("build", str(content), "-o", str(out))
    assert result.returncode == 0, result.stderr  # every image is in the cache
    text = content.read_text(encoding="utf-8")
    heading = re.search(r"heading:\n\s+it: (.+)\n", text)
    assert heading, "the reference story has narrative headings"
    edited = heading.group(0).replace(heading.group(1), heading.group(1)[:-1] + ' (aggiornato)"')
    content.write_text(text.replace(heading.group(0), edited, 1), encoding="utf-8")
    result = _cli_without_browser("build", str(content), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "(aggiornato)" in (out / layout.page("it")).read_text(encoding="utf-8")
    assert "0 re-rendered" not in result.stdout  # the page did change


def test_a_new_image_without_a_browser_fails_clearly(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    shutil.copytree(warm_cache, out.parent / ".explainer-cache")
    before = snapshot(out)
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("value: 18000", "value: 19000"), encoding="utf-8")
    result = _cli_without_browser("build", str(content), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "apt-get install chromium" in result.stderr and "BROWSER_PATH" in result.stderr
    assert snapshot(out) == before


def test_editing_one_fact_rerenders_only_what_depends_on_it(
    tmp_path: Path, warm_cache: Path, story
) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    before = snapshot(out)
    text = content.read_text(encoding="utf-8")
    assert text.count("value: 18000") == 1
    content.write_text(text.replace("value: 18000", "value: 20000"), encoding="utf-8")
    report = build(content, out, cache_dir=warm_cache)
    after = snapshot(out)

    uses_servers = {
        c.id
        for c in story.charts.values()
        if {"servers", "servers_per_client", "viewers_per_server"} & set(c.facts)
    }
    assert uses_servers, "the story should chart the servers"
    for loc in story.locales:
        for chart in story.charts:
            png = layout.chart_files(loc, chart).png
            if chart in uses_servers:
                assert report.artifacts[png] == "stale" and after[png] != before[png], png
            else:
                assert report.artifacts[png] == "fresh" and after[png] == before[png], png
    images_per_chart = 7  # SVG, PNG, PNG @2x, each wide and for a phone; the chart's card
    assert report.rendered == len(uses_servers) * len(story.locales) * images_per_chart

    it_page = after["it/index.html"].decode()
    en_page = after["en/index.html"].decode()
    assert "quasi 20.000" in it_page and "almost 20,000" in en_page
    assert re.search(r"quasi 18\.000.*?quasi 20\.000", it_page, re.S), "the Italian correction box"
    assert re.search(r"almost 18,000.*?almost 20,000", en_page, re.S), "the English correction box"
    assert "Aggiornamento" in it_page and "Update" in en_page
    record = json.loads((content.parent / "content.corrections.json").read_text(encoding="utf-8"))
    assert [c["fact"] for c in record["corrections"]] == [
        "servers"
    ]  # derived facts follow silently

    # corrections accumulate, and a no-change rebuild keeps them
    content.write_text(text.replace("value: 18000", "value: 21000"), encoding="utf-8")
    build(content, out, cache_dir=warm_cache)
    record = json.loads((content.parent / "content.corrections.json").read_text(encoding="utf-8"))
    assert len(record["corrections"]) == 2
    assert [c["new"]["en"] for c in record["corrections"]] == ["almost 20,000", "almost 21,000"]


def test_invalid_content_leaves_output_as_it_was(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    before = snapshot(out)
    content.write_text(
        content.read_text(encoding="utf-8").replace("value: 18000", "value: lots"), encoding="utf-8"
    )
    with pytest.raises(ContentError):
        build(content, out, cache_dir=warm_cache)
    assert snapshot(out) == before
    result = run_cli("build", str(content), "-o", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "fault", ["before-export", "after-export", "before-swap", "interrupt@before-swap"]
)
def test_a_failure_midway_leaves_output_as_it_was(
    tmp_path: Path, warm_cache: Path, fault: str, monkeypatch
) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    build(content, out, cache_dir=warm_cache)
    before = snapshot(out)
    content.write_text(
        content.read_text(encoding="utf-8").replace("value: 18000", "value: 19000"),
        encoding="utf-8",
    )
    monkeypatch.setenv("EXPLAINER_FAULT", fault)
    with pytest.raises(KeyboardInterrupt if fault.startswith("interrupt") else ExplainerError):
        build(content, out, cache_dir=warm_cache)
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    monkeypatch.delenv("EXPLAINER_FAULT")
    report = build(content, out, cache_dir=warm_cache)  # the next build succeeds
    assert "quasi 19.000" in (out / "it/index.html").read_text(encoding="utf-8")
    assert report.count("stale") > 0


def test_a_second_build_waits_for_the_first_then_refuses(tmp_path: Path, warm_cache: Path) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "out"
    with output_lock(out):
        result = run_cli(
            "build", str(content), "-o", str(out), env={"EXPLAINER_LOCK_TIMEOUT": "0.5"}
        )
    assert result.returncode == 1
    assert "another build is still writing" in result.stderr
    assert not out.exists()


def test_diff_prints_fact_level_differences(tmp_path: Path, warm_cache: Path) -> None:
    old = copy_story(tmp_path / "old")
    new = copy_story(tmp_path / "new")
    new.write_text(
        new.read_text(encoding="utf-8").replace("value: 5000000", "value: 4000000"),
        encoding="utf-8",
    )
    result = run_cli("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert "~ viewers: 5 million → 4 million" in result.stdout
    assert "revenue" not in result.stdout  # revenue does not depend on viewers
    assert "viewers_per_server" in result.stdout  # but this derived fact does
