"""`explainer audit`: every number a reader sees in a built explainer traces to the ledger
the build wrote in manifest.json, and one changed by hand anywhere does not.

The audit reads the folder only (no browser, no content file). Fresh builds of the
reference story (Italian, English) and of the Arabic/English and French/Spanish test
stories audit clean; a digit changed in a page's prose, a chart's SVG text, a CSV cell,
an alt text or facts.json, and a number added to a page, are each reported with their
file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.build.audit import Needles, audit, untraced_numbers
from explainer.cli import cli
from tests.conftest import ROOT, cli_runner

STORIES = ROOT / "tests" / "stories"



def _untraced(text: str, *ledger: str) -> list[str]:
    return [text[s:e] for s, e in untraced_numbers(text, Needles(ledger))]


# -- the comparison, without a build ------------------------------------------------------
def test_a_number_traces_where_a_ledger_string_holding_it_stands() -> None:
    assert _untraced("there are almost 18,000 servers", "almost 18,000") == []
    assert _untraced("there are almost 19,000 servers", "almost 18,000") == ["19,000"]
    # a quote traces every number in it, and only where it stands whole
    quote = "5.000 clienti che affittavano il servizio"
    assert _untraced(f"«{quote}»: 5.000", quote) == ["5.000"]


def test_a_ledger_string_that_would_cut_a_number_covers_nothing() -> None:
    assert _untraced("15.000 clienti", "5.000") == ["15.000"]
    assert _untraced("5.0001", "5.000") == ["5.0001"]
    assert _untraced("×3,65", "×3,6") == ["3,65"]
    assert _untraced("1,5E42", "1,5E42") == []


def test_wrapped_lines_bidi_marks_and_case_do_not_count_but_digits_do() -> None:
    assert _untraced("about\n12,500 estimate", "about 12,500") == []
    assert _untraced("\u206790\u200e%\u200e\u2069", "90%") == []
    assert _untraced("Vendanges 2031", "vendanges 2031") == []
    # two numbers on two lines stay two numbers
    assert _untraced("2031\n12", "203112") == ["2031", "12"]


def test_any_unicode_digit_is_a_number() -> None:
    assert _untraced("١٢٬٥٠٠ شخص", "١٢٬٥٠٠") == []
    assert _untraced("١٢٬٥٠١ شخص", "١٢٬٥٠٠") == ["١٢٬٥٠١"]
    assert _untraced("۱۸ ماه", "١٨") == ["۱۸"]


# -- not an explainer build --------------------------------------------------------------
def test_a_folder_that_is_not_a_build_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>12 apostles</p>", encoding="utf-8")
    result = cli_runner().invoke(cli, ["audit", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "not an explainer build" in result.stderr
    result = cli_runner().invoke(cli, ["audit", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_a_build_without_a_ledger_asks_for_a_rebuild(tmp_path: Path) -> None:
    manifest = {"version": 1, "story": "x", "facts": {}, "artifacts": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "audit", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "without a numbers ledger" in proc.stderr
    assert "rebuild" in proc.stderr


def test_a_version_1_manifest_serves_corrections_but_is_never_fresh(tmp_path: Path) -> None:
    """The first build after the upgrade still compares facts (no correction is lost) and
    rebuilds everything, which writes the ledger."""
    from explainer.build.identity import tool_identity
    from explainer.build.manifest import MANIFEST_VERSION, is_fresh, read_manifest

    tool = tool_identity()
    old = {"version": 1, "tool": tool, "inputs": {}, "facts": {"a": {}}, "artifacts": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(old), encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert manifest is not None and manifest["facts"] == {"a": {}}
    assert not is_fresh(tmp_path / "content.yaml", tmp_path, manifest, tool)
    assert MANIFEST_VERSION == 2


# -- real builds ---------------------------------------------------------------------------
@pytest.mark.browser
def test_the_reference_build_audits_clean(built_site: Path) -> None:
    result = cli_runner().invoke(cli, ["audit", str(built_site)])
    assert result.exit_code == 0, result.output
    assert "trace to the ledger" in result.stdout


@pytest.mark.browser
def test_the_ledger_says_where_each_number_comes_from(built_site: Path) -> None:
    numbers = json.loads((built_site / "manifest.json").read_text(encoding="utf-8"))["numbers"]
    assert set(numbers) == {"it", "en"}
    it = numbers["it"]
    assert "fact:servers:compact" in it["quasi 18.000"]
    assert "fact:viewers:full" in it["5.000.000"]
    assert "fact:viewers:raw" in it["5000000"]
    assert "ratio:chain:viewers/servers" in it["×280"]
    assert "tick:scale" in it["1.000"]
    assert "per_mark:crowd" in it["50.000"]
    assert "marks:crowd" in it["100"]
    assert "date:published" in it["20 settembre 2019"]
    assert (
        "quote:fact:servers"
        in it["quasi 18.000 server virtuali che andranno spenti o comunque arginati in Europa"]
    )
    assert "structure:social-card:width" in it["1200"]
    for entries in numbers.values():
        assert list(entries) == sorted(entries)
        assert all(origins == sorted(origins) for origins in entries.values())


@pytest.mark.browser
@pytest.mark.parametrize("case", ["dessalement", "vendanges"])  # Arabic/English, French/Spanish
def test_a_build_in_other_languages_audits_clean(
    case: str, tmp_path: Path, image_cache: Path
) -> None:
    from explainer.build import build

    out = tmp_path / "output"
    build(STORIES / f"{case}.yaml", out, cache_dir=image_cache)
    report = audit(out)
    assert report.ok, "\n".join(report.lines())
    assert report.files > 40 and report.numbers > 500


@pytest.mark.browser
def test_a_build_with_a_correction_audits_clean(tmp_path: Path, warm_cache: Path) -> None:
    """The corrections box: its date, the old and the new value trace too."""
    from explainer.build import build
    from tests.conftest import copy_story

    content = copy_story(tmp_path / "story")
    out = tmp_path / "output"
    build(content, out, cache_dir=warm_cache)
    text = content.read_text(encoding="utf-8")
    touched = "    value: 1\n    unit: client\n"
    assert text.count(touched) == 1
    content.write_text(text.replace(touched, "    value: 2\n    unit: client\n"), "utf-8")
    build(content, out, cache_dir=warm_cache)
    assert 'class="corrections"' in (out / "en" / "index.html").read_text(encoding="utf-8")
    report = audit(out)
    assert report.ok, "\n".join(report.lines())
    numbers = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["numbers"]
    assert "correction:clients_touched:old" in numbers["en"]["1"]
    assert "correction:clients_touched:new" in numbers["en"]["2"]


#: (file, text in it, what it becomes, the number then reported)
EDITS = {
    "prose": (
        "en/index.html",
        'href="#fact-servers">almost 18,000</a>',
        'href="#fact-servers">almost 19,000</a>',
        "19,000",
    ),
    "svg-text": ("en/charts/chain.svg", "×280", "×290", "290"),
    # what a chart mark's tooltip shows (assets/charts.js reads it from the attributes)
    "tooltip": (
        "en/index.html",
        'data-tip-value="almost 18,000 servers"',
        'data-tip-value="almost 17,000 servers"',
        "17,000",
    ),
    "csv-cell": ("en/charts/money.csv", ",295000,", ",296000,", "296000"),
    "alt-text": ("en/charts/crowd.txt", "100 squares", "120 squares", "120"),
    "facts-json": ("facts.json", '"value": 5000.0', '"value": 5001.0', "5001.0"),
    "inserted": (
        "it/index.html",
        '<main id="main">',
        '<main id="main"><p>Oltre 123.456 spettatori.</p>',
        "123.456",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_number_changed_by_hand_is_reported_with_its_file(
    edit: str, built_site: Path, tmp_path: Path
) -> None:
    rel, old, new, number = EDITS[edit]
    out = tmp_path / "output"
    shutil.copytree(built_site, out)
    path = out / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    result = cli_runner().invoke(cli, ["audit", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout  # the number, and the summary
    assert lines[0].startswith(rel)
    assert f": {number} is untraced" in lines[0]
    assert lines[-1].startswith("1 of ")
