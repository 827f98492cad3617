"""Broken content files are refused with every problem located, explained and hinted.

Each file in `tests/bad_inputs/` is a small variation of `tests/stories/minimal.yaml`
(or of the reference `content.yaml`) and states what it must produce in its leading
comments, one line per problem:

    # expect: 48:12 facts.servers.value: expected a number

`48:12` is the exact line and column, the text a substring of "path: message"; an
indented `#   hint: did you mean 'label'?` under it is a substring its hint must hold. The test
runs `explainer validate` on it and checks: exit code 2, nothing on stdout, no traceback,
each expected problem reported at its position, no other problem (so one run reports
every problem), and a non-empty `hint:` under each one.

Most cases run in-process through click's CliRunner (fast); a few run the real CLI in a
subprocess, with a timeout, including the ones that used to hang or crash.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer.cli import cli
from tests.conftest import cli_runner

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_inputs"
MINIMAL = ROOT / "tests" / "stories" / "minimal.yaml"
CASES = sorted(CORPUS.glob("*.yaml"))

#: Run through a real `python -m explainer` too: syntax, a bomb, a formula that used to
#: hang, a file with several problems, a typo with did-you-mean.
SUBPROCESS = (
    "syntax_tab_indent",
    "billion_laughs",
    "formula_nested_powers",
    "story_several_problems",
    "unknown_key_typo",
)

_EXPECT = re.compile(r"^# expect: (\d+):(\d+) (.+?)\s*$")
_EXPECT_HINT = re.compile(r"^#   hint: (.+?)\s*$")
_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<text>.*)$")
_SUMMARY = re.compile(r"^(\d+) problems? found; nothing was written\.$")



@dataclass(frozen=True)
class Reported:
    line: int
    col: int
    text: str  # "path: message", or "message" for problems of the whole file
    hint: str


@dataclass(frozen=True)
class Expected:
    line: int
    col: int
    text: str
    hint: str = ""


def expectations(raw: bytes) -> list[Expected]:
    """The `# expect:` lines among the file's leading comments (UTF-8; any bytes after)."""
    out: list[Expected] = []
    for line in raw.split(b"\n"):
        if not line.startswith(b"#"):
            break
        text = line.decode("utf-8", errors="replace")
        m = _EXPECT.match(text)
        if m:
            out.append(Expected(int(m.group(1)), int(m.group(2)), m.group(3)))
        h = _EXPECT_HINT.match(text)
        if h:
            assert out, "a `#   hint:` line must follow an `# expect:` line"
            out[-1] = Expected(out[-1].line, out[-1].col, out[-1].text, h.group(1))
    return out


def parse_report(stderr: str) -> tuple[list[Reported], int | None]:
    """The problems printed on stderr, with their hints, and the count in the summary line."""
    lines = stderr.splitlines()
    found, summary = [], None
    for i, line in enumerate(lines):
        m = _PROBLEM.match(line)
        if m:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            hint = following[len("    hint: "):] if following.startswith("    hint: ") else ""
            found.append(Reported(int(m.group("line")), int(m.group("col")), m.group("text"), hint))
        s = _SUMMARY.match(line)
        if s:
            summary = int(s.group(1))
    return found, summary


def assert_refused(exit_code: int, stdout: str, stderr: str, expected: list[Expected]) -> None:
    shown = f"\n--- stderr ---\n{stderr}"
    assert exit_code == 2, f"exit code {exit_code}{shown}"
    assert stdout == "", f"stdout should be empty, got {stdout!r}"
    assert "Traceback" not in stderr, shown
    reported, summary = parse_report(stderr)
    assert reported, f"no located problem printed{shown}"
    assert summary == len(reported), f"summary says {summary}, {len(reported)} printed{shown}"
    for r in reported:
        assert r.hint.strip(), f"no hint for {r.line}:{r.col} {r.text}{shown}"
    remaining = list(reported)
    for e in expected:
        at = [r for r in remaining if (r.line, r.col) == (e.line, e.col)]
        match = next((r for r in at if e.text in r.text), None)
        assert match is not None, f"expected {e.line}:{e.col} {e.text!r}{shown}"
        assert e.hint in match.hint, f"expected the hint {e.hint!r} for {e.line}:{e.col}{shown}"
        remaining.remove(match)
    assert not remaining, f"unexpected problems: {remaining}{shown}"


def run_in_process(path: Path) -> tuple[int, str, str]:
    result = cli_runner().invoke(cli, ["validate", str(path)])
    # anything but click's own exit (sys.exit(2)) is a crash the user would see
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def run_subprocess(path: Path) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_is_refused_with_every_problem(path: Path) -> None:
    expected = expectations(path.read_bytes())
    assert expected, f"{path.name} states no `# expect:` line"
    assert_refused(*run_in_process(path), expected)


@pytest.mark.parametrize("name", SUBPROCESS)
def test_bad_input_through_the_real_cli(name: str) -> None:
    path = CORPUS / f"{name}.yaml"
    assert_refused(*run_subprocess(path), expectations(path.read_bytes()))


def _minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


# Files that are awkward to commit (empty, binary, another encoding): written at run time.
def _binary() -> bytes:
    return _minimal_text().replace("Newsroom", "News\x00room").encode("utf-8")


def _latin1() -> bytes:
    return _minimal_text().replace("’", "'").replace("Redazione", "Rédaction").encode("latin-1")


def _latin1_after_utf8() -> bytes:
    # a UTF-8 file (’ is 3 bytes) with one latin-1 È pasted in: the column counts characters
    return _minimal_text().replace("dell’Est\", en", "dell’\uffffst\", en").encode(
        "utf-8").replace("\uffff".encode(), b"\xc8")


GENERATED: dict[str, tuple[bytes, list[Expected]]] = {
    "empty": (b"", [Expected(1, 1, "the file is empty")]),
    # line 13 is `    en: "Newsroom"`: the NUL is the 14th character
    "binary": (_binary(), [Expected(13, 14, "this is not a text file (it holds NUL bytes)")]),
    # line 12 is `    it: "Rédaction"`: é is the 11th character
    "latin1": (_latin1(), [Expected(12, 11, "the file is not valid UTF-8 (byte 0xe9)",
                                     "save the file as UTF-8")]),
    # line 63 is `    text: {it: "nell’Europa dell’Èst", …`: È is the 34th character
    "latin1_after_utf8": (_latin1_after_utf8(),
                          [Expected(63, 34, "the file is not valid UTF-8 (byte 0xc8)")]),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_file_is_refused(name: str, tmp_path: Path) -> None:
    data, expected = GENERATED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    assert_refused(*run_in_process(path), expected)


def test_binary_file_through_the_real_cli(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(_binary())
    assert_refused(*run_subprocess(path), GENERATED["binary"][1])


def test_alias_bomb_is_refused_without_expanding() -> None:
    from explainer.content.validate import load_story
    from explainer.errors import ContentError

    tracemalloc.start()
    try:
        with pytest.raises(ContentError) as caught:
            load_story(CORPUS / "billion_laughs.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"the bomb must not be expanded ({peak:,} bytes at the peak)"
    assert any("aliases (*a) are not supported" in p.message for p in caught.value.problems)


def test_the_corpus_covers_enough_cases() -> None:
    assert len(CASES) + len(GENERATED) >= 45
    names = {p.stem for p in CASES}
    assert set(SUBPROCESS) <= names


def test_the_minimal_story_they_derive_from_is_valid() -> None:
    """Otherwise a case could fail for a reason it does not state."""
    result = cli_runner().invoke(cli, ["validate", str(MINIMAL)])
    assert result.exit_code == 0, result.stderr
    assert "valid (6 facts, 2 charts, 2 languages)" in result.stdout
    result = cli_runner().invoke(cli, ["check", str(MINIMAL)])
    assert result.exit_code == 0, result.stderr
