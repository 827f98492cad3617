"""`explainer audit OUT`: does every number a reader sees in a built explainer trace?

    audit(Path("output")) -> AuditReport(files=57, numbers=1234, untraced=[...])

No browser and no content file: it reads the folder as a fact-checker would download it.
In every page and embed (text, and the `alt`, `aria-label`, `title` attributes and the
`<meta>` contents a reader or a share sees, and the JSON-LD), every chart SVG (`<text>`,
`<title>`, `<desc>`), every alt-text `.txt`, every CSV cell and `facts.json`, it finds
each run of digits (any Unicode digit) and looks for a string of the build's ledger
(`manifest.json`'s `numbers`, see `ledger.py`) for that file's locale that holds it,
standing at that very place: the string's occurrences in the text cover spans, and a
number is traced when a span covers it whole (an occurrence that would cut a number in
two covers nothing). Line breaks, the spaces a wrapped chart line loses, bidi controls
and letter case do not count in that comparison; digits and their separators always do.

PNG pixels are not read (the PNGs are drawn from the same figures as the SVGs), nor
`assets/` (the tool's own stylesheet, scripts and font).
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.build.audit_read import NUMBER, Doc, read_html, read_svg
from explainer.errors import ExplainerError
from explainer.site import layout

__all__ = ["AuditError", "AuditReport", "Untraced", "audit", "untraced_numbers"]

#: Left out of the comparison: the white space lines are wrapped at, bidi and invisible
#: formatting characters (a right-to-left chart isolates each line of text).
_IGNORED = frozenset(
    " \t\n\r\f\v\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_CONTEXT = 40
_GAP = "\x00"
ALL_LOCALES = "*"


class AuditError(ExplainerError):
    """The folder is not an explainer build audit can read."""

    exit_code = 2


@dataclass(frozen=True)
class Untraced:
    file: str
    number: str
    context: str
    line: int | None = None
    #: Where in the file, when a line says too little: a CSV column, a JSON path.
    where: str | None = None

    def format(self) -> str:
        line = f":{self.line}" if self.line is not None else ""
        what = f" ({self.where})" if self.where else ""
        return f"{self.file}{line}{what}: {self.number} is untraced, in “{self.context}”"


@dataclass
class AuditReport:
    out: Path
    files: int = 0
    numbers: int = 0
    untraced: list[Untraced] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.untraced

    def lines(self) -> list[str]:
        out = [u.format() for u in self.untraced]
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if self.ok:
            out.append(f"all {self.numbers:,} numbers in {files} trace to the ledger ({self.out})")
        else:
            n = len(self.untraced)
            out.append(
                f"{n:,} of {self.numbers:,} numbers in {files} do not trace to the ledger "
                f"({self.out})"
            )
        return out


# -- the comparison ----------------------------------------------------------------------
def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` without the characters the comparison ignores, lower case, and where each
    kept character stands in `text`. Between two digits what was left out still parts
    them (`_GAP`): `2031` and `12` on two lines are not `203112`."""
    kept: list[str] = []
    where: list[int] = []
    gap = False
    for i, ch in enumerate(text):
        if ch in _IGNORED:
            gap = True
            continue
        if gap and kept and kept[-1].isdigit() and ch.isdigit():
            kept.append(_GAP)
            where.append(i - 1)
        gap = False
        low = ch.lower()
        kept.append(low if len(low) == 1 else ch)
        where.append(i)
    return "".join(kept), where


class Needles:
    """A locale's ledger strings, ready to look for."""

    def __init__(self, strings: Iterable[str]) -> None:
        squeezed = {_squeeze(s)[0] for s in strings}
        self.items = sorted(s for s in squeezed if s and NUMBER.search(s))


def untraced_numbers(text: str, needles: Needles) -> Iterator[tuple[int, int]]:
    """(start, end) of every number in `text` that no ledger string covers whole."""
    runs = [(m.start(), m.end()) for m in NUMBER.finditer(text)]
    if not runs:
        return
    starts = [s for s, _ in runs]
    ends = [e for _, e in runs]
    traced = [False] * len(runs)
    left = len(runs)
    flat, where = _squeeze(text)
    for needle in needles.items:
        pos = flat.find(needle)
        while pos != -1 and left:
            start, end = where[pos], where[pos + len(needle) - 1] + 1
            first = bisect_right(ends, start)  # the first number ending after `start`
            last = bisect_left(starts, end, lo=first)  # numbers before `end`
            inside = runs[first:last]
            if inside and inside[0][0] >= start and inside[-1][1] <= end:
                for i in range(first, last):
                    if not traced[i]:
                        traced[i] = True
                        left -= 1
            pos = flat.find(needle, pos + 1)
        if not left:
            return
    for (start, end), ok in zip(runs, traced, strict=True):
        if not ok:
            yield start, end


def _context(text: str, start: int, end: int) -> str:
    a, b = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    snippet = text[a:b]
    if a > 0 and " " in snippet[: start - a]:
        snippet = snippet[snippet.index(" ") + 1 :]
    if b < len(text) and " " in text[end:b]:
        snippet = snippet[: snippet.rindex(" ")]
    clean = " ".join("".join(ch for ch in snippet if ch.isspace() or ch not in _IGNORED).split())
    return ("…" if a > 0 else "") + clean + ("…" if b < len(text) else "")


def _check(rel: str, doc: Doc, needles: Needles, report: AuditReport) -> None:
    report.numbers += sum(1 for _ in NUMBER.finditer(doc.text))
    for start, end in untraced_numbers(doc.text, needles):
        report.untraced.append(
            Untraced(
                rel, doc.text[start:end], _context(doc.text, start, end), doc.line(start), doc.where
            )
        )


# -- the folder --------------------------------------------------------------------------
def _ledger(out: Path) -> dict[str, dict[str, Any]]:
    if not out.is_dir():
        raise AuditError(f"{out} is not a folder")
    try:
        manifest = json.loads((out / layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("artifacts"), dict):
        raise AuditError(f"{out} is not an explainer build (no readable {layout.MANIFEST})")
    numbers = manifest.get("numbers")
    if not isinstance(numbers, dict) or not all(isinstance(v, dict) for v in numbers.values()):
        raise AuditError(
            f"{out} was built without a numbers ledger (manifest version "
            f"{manifest.get('version')}); rebuild it with this version of explainer"
        )
    return numbers


def _docs(rel: str, data: bytes, locales: Iterable[str]) -> Iterator[tuple[str, Doc]]:
    """The texts a reader sees in one file, each with the locale whose ledger it answers to
    (`*`: every locale's)."""
    text = data.decode("utf-8", errors="replace")
    head = rel.split("/", 1)[0]
    locale = head if head in locales else ALL_LOCALES
    suffix = Path(rel).suffix
    if suffix == ".html":
        yield locale, read_html(text)
    elif suffix == ".svg":
        yield locale, read_svg(text)
    elif suffix == ".txt":
        yield locale, Doc(text)
    elif suffix == ".csv":
        yield from ((locale, doc) for doc in _csv_cells(text))
    elif rel == "facts.json":
        yield from _json_values(text, set(locales))


def _csv_cells(text: str) -> Iterator[Doc]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    for row in reader:
        names = header or row
        for i, cell in enumerate(row):
            column = names[i] if i < len(names) else f"column {i + 1}"
            if header and i and row[0]:
                column += f" of {row[0]}"  # "value of servers"
            yield Doc(cell, first_line=reader.line_num, where=column)
        header = header or row


def _json_values(text: str, locales: set[str]) -> Iterator[tuple[str, Doc]]:
    try:
        data = json.loads(text)
    except ValueError:
        yield ALL_LOCALES, Doc(text)
        return

    def walk(value: Any, path: list[str]) -> Iterator[tuple[str, Doc]]:
        locale = next((p for p in reversed(path) if p in locales), ALL_LOCALES)
        if isinstance(value, dict):
            for key, item in value.items():
                yield locale, Doc(str(key), first_line=None, where=".".join([*path, "(key)"]))
                yield from walk(item, [*path, str(key)])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, [*path, str(i)])
        elif isinstance(value, str):
            yield locale, Doc(value, first_line=None, where=".".join(path))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield locale, Doc(json.dumps(value), first_line=None, where=".".join(path))

    yield from walk(data, [])


def _audited(out: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel == layout.MANIFEST or rel.startswith(layout.ASSETS + "/"):
            continue
        if rel.startswith("versions/"):
            continue  # the pages as they were published before: their numbers were theirs
        if path.suffix in (".html", ".svg", ".txt", ".csv") or rel == "facts.json":
            yield rel, path


def audit(out: Path | str) -> AuditReport:
    """Every number in the built folder `out` checked against its ledger."""
    out = Path(out)
    ledger: Mapping[str, Mapping[str, Any]] = _ledger(out)
    needles = {loc: Needles(strings) for loc, strings in ledger.items()}
    needles[ALL_LOCALES] = Needles(s for strings in ledger.values() for s in strings)
    report = AuditReport(out)
    for rel, path in _audited(out):
        report.files += 1
        for locale, doc in _docs(rel, path.read_bytes(), ledger):
            _check(rel, doc, needles[locale], report)
    return report
