"""Resource bombs: each is refused in bounded memory, with a message that names the
limit and how to change it; exit 2, no traceback, nothing written.

Every bomb goes through the real command line (`explainer build`) in a child process
that reports its own peak memory (VmHWM). Memory, unlike time, does not depend on how
busy the machine is, so it is the bound the tests assert: a bomb that works blows it by
orders of magnitude. (The child's time is printed, never asserted; a 300 s timeout
guards against a hang.)
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_story

#: A generous bound: the real figures are about 50 MB.
MAX_PEAK_MB = 200

#: Runs the CLI and reports its peak memory. VmHWM is this program's own high-water mark;
#: ru_maxrss would include the parent's size at fork (kept across exec), here pytest's.
_WRAPPER = """\
import re, resource, sys, time
start = time.perf_counter()
sys.argv = ["explainer", *sys.argv[1:]]
from explainer.cli import main
try:
    main()
finally:
    try:
        with open("/proc/self/status") as f:
            peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", f.read()).group(1))
    except (OSError, AttributeError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"\\n@@ peak_kb={peak} seconds={time.perf_counter() - start:.3f}\\n")
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


def explainer(*args: str, env: dict[str, str] | None = None) -> Run:
    """`explainer ARGS` in a child process that reports its peak memory and time."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    m = re.search(r"@@ peak_kb=(\d+) seconds=([\d.]+)\s*$", result.stderr)
    assert m, result.stderr[-2000:]
    return Run(
        result.returncode,
        result.stdout,
        result.stderr[: m.start()],
        int(m.group(1)) / 1024,
        float(m.group(2)),
    )


def refused(
    content: Path,
    *fragments: str,
    env: dict[str, str] | None = None,
    command: str = "build",
) -> Run:
    """Build (or validate) `content`; assert exit 2, no traceback, nothing written, bounded,
    and the message holds every fragment."""
    out = content.parent / "output"
    run = explainer(
        command, str(content), *(["-o", str(out)] if command == "build" else []), env=env
    )
    assert run.code == 2, (run.code, run.stderr[-3000:])
    assert "Traceback" not in run.stderr
    assert "nothing was written" in run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, (fragment, run.stderr[-3000:])
    assert not out.exists()
    assert run.peak_mb < MAX_PEAK_MB, run.peak_mb
    return run


def story_with(tmp_path: Path, old: str, new: str) -> Path:
    """The reference story with one piece of text replaced."""
    content = copy_story(tmp_path / "story")
    text = content.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    content.write_text(text.replace(old, new), encoding="utf-8")
    return content


# ----------------------------------------------------------------------------- YAML


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghi":  # 9 ** 9 = 387,420,489 strings if expanded
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    content = tmp_path / "content.yaml"
    content.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(
        content,
        "aliases (*a) are not supported",
        "anchors (&a) are not supported",
        "anchors and aliases are refused",
    )


def test_billion_laughs_inside_a_story_is_refused(tmp_path: Path) -> None:
    bomb = "".join(
        f"\n      x{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    content = story_with(
        tmp_path,
        "  byline:\n",
        "  lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n  bomb:" + bomb + "\n  byline:\n",
    )
    refused(content, "aliases (*a) are not supported")


def test_a_10_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    content = copy_story(tmp_path / "story")
    with content.open("a", encoding="utf-8") as f:
        for _ in range(10 * 1024 * 1024 // 100):
            f.write("# " + "x" * 97 + "\n")
    assert content.stat().st_size > 10 * 1024 * 1024
    refused(content, "over the limit of 2,000,000", "EXPLAINER_MAX_CONTENT_BYTES")
    # the variable does raise the limit: the same file is then a valid story
    run = explainer("validate", str(content), env={"EXPLAINER_MAX_CONTENT_BYTES": "20000000"})
    assert run.code == 0, run.stderr[-2000:]
    assert run.peak_mb < MAX_PEAK_MB


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    for name, text in {
        "lists": "story: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "unclosed": "story: " + "[" * 10_000 + "\n",
        "mappings": "story: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
    }.items():
        content = tmp_path / name / "content.yaml"
        content.parent.mkdir()
        content.write_text(text, encoding="utf-8")
        refused(content, "nesting deeper than 40 levels", "flatten this value")


def test_a_very_long_single_line_is_read_quickly(tmp_path: Path) -> None:
    """1.9 MB on one line (under the size limit): read in bounded time and memory."""
    content = copy_story(tmp_path / "story")
    with content.open("a", encoding="utf-8") as f:
        f.write("junk: " + json.dumps(["x" * 50] * 35_000, separators=(",", ":")) + "\n")
    assert content.stat().st_size > 1_800_000
    refused(content, "unknown section 'junk'")


def test_more_values_than_max_nodes_are_refused(tmp_path: Path) -> None:
    content = copy_story(tmp_path / "story")
    with content.open("a", encoding="utf-8") as f:
        f.write("extra: [" + ",".join(["0"] * 200_001) + "]\n")
    refused(content, "more than 200,000 values in one file", "MAX_NODES")


def test_100_000_facts_are_refused(tmp_path: Path) -> None:
    fact = (
        "  - {{id: f{i}, label: {{it: a, en: a}}, value: 1, unit: server, kind: reported, "
        "source: article, quote: q}}\n"
    )
    content = story_with(
        tmp_path, "\nfacts:\n", "\nfacts:\n" + "".join(fact.format(i=i) for i in range(100_000))
    )
    refused(content, "over the limit of 2,000,000", "EXPLAINER_MAX_CONTENT_BYTES")


# ----------------------------------------------------------------------------- content


def test_a_waffle_of_a_billion_marks_is_refused(tmp_path: Path) -> None:
    content = story_with(tmp_path, "per_mark: 50000", "per_mark: 0.005")
    refused(content, "1,000,000,000 squares is over the limit of 10,000", "EXPLAINER_MAX_MARKS")


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("viewers ** 1000", "the exponent 1000 is too large (limit ±64)"),
        ("10 ** 10 ** 10", "an exponent must be a plain number"),
        ("viewers ** 10 ** 10", "an exponent must be a plain number"),
        ("(viewers ** 64) ** 64", "the result is too large to compute"),
        ("9e999 * viewers", "not a finite number"),
        ("(" * 300 + "viewers" + ")" * 300, "the formula is 607 characters long (limit 500)"),
        ("(" * 240 + "viewers" + ")" * 240, "formula syntax error"),
        ("viewers * 1e300 * 1e300", "not a finite number"),
    ],
)
def test_formula_bombs_are_refused(tmp_path: Path, formula: str, message: str) -> None:
    content = story_with(tmp_path, 'formula: "viewers / clients"', f'formula: "{formula}"')
    refused(content, "facts.viewers_per_client.formula", message)


def test_a_chart_title_of_a_million_characters_is_refused(tmp_path: Path) -> None:
    """Once accepted: the chart would have been over a million pixels tall."""
    words = " ".join(["parola"] * 200_000)
    content = story_with(tmp_path, 'it: "Il caso Xtream Codes in cifre"', f'it: "{words}"')
    refused(
        content,
        "charts.headline.title.it: the title is 1,399,999 characters long (limit 200)",
        "hint: a title is read at a glance",
    )


def _unknown_names(tmp_path: Path, n: int) -> Path:
    """The reference story with `n` derived facts, each using a name no fact has."""
    fact = (
        "  - {{id: f{i}, label: {{it: a, en: a}}, formula: 'g{i} + 1', unit: server, "
        "kind: derived}}\n"
    )
    return story_with(
        tmp_path / str(n), "\nfacts:\n", "\nfacts:\n" + "".join(fact.format(i=i) for i in range(n))
    )


def test_thousands_of_unknown_names_are_reported_with_bounded_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Did-you-mean once compared every unknown name with every fact id: 3,000 unknown
    names over 3,000 facts were 9 million comparisons (17 s or more). Counted, not timed:
    the comparisons made (each a difflib.SequenceMatcher given a new choice) must not
    grow faster than the number of names, and every name is still reported."""
    from explainer.content import hints
    from explainer.content.validate import load_story
    from explainer.errors import ContentError

    compared = 0

    class Counting(difflib.SequenceMatcher):
        def set_seq1(self, a: Any) -> None:
            nonlocal compared
            compared += 1
            super().set_seq1(a)

    monkeypatch.setattr(hints.difflib, "SequenceMatcher", Counting)
    counts = {}
    for n in (300, 3000):
        compared = 0
        with pytest.raises(ContentError) as e:
            load_story(_unknown_names(tmp_path, n))
        unknown = [p for p in e.value.problems if "unknown name 'g" in p.message]
        assert len(unknown) == n, len(unknown)
        # the first names still get their suggestion
        assert "did you mean 'f10'?" in next(p.hint for p in unknown if "'g10'" in p.message)
        counts[n] = compared
    # 10 times the names: at most 10 times the work (it was 100 times), and bounded
    assert counts[3000] <= 10 * counts[300], counts
    assert counts[3000] <= 2 * hints.BUDGET, counts


def test_thousands_of_unknown_names_are_reported_by_the_cli(tmp_path: Path) -> None:
    refused(
        _unknown_names(tmp_path, 3000),
        "facts.f2999.formula: unknown name 'g2999' in the formula",
        "3000 problems found",
        command="validate",
    )
