"""Read `content.yaml` safely, with a map from every value to its line and column.

PyYAML's usual loaders follow YAML 1.1, where `NO` is false, `012` is octal, `1e3` is
text, `2019-09-17` becomes a date and a repeated key silently replaces the first. We
only use PyYAML's parser and build the values ourselves:

- quoted scalars are always text; plain scalars are text unless they are `null`/`~`,
  `true`/`false`, or a decimal number (`5000000`, `5_000_000`, `59.9`, `1e3`);
- `yes`, `no`, `on`, `off`, `NO` and dates stay text, exactly as typed;
- a number with a leading zero (`012`) is refused: write `12`, or quote it if it is a code;
- `5.000` (three decimals, the last a zero) is refused as ambiguous: YAML reads 5.0, an
  Italian or German writer means five thousand;
- a key repeated in one mapping is refused (YAML keeps only the last: data loss);
- anchors, aliases and tags are refused (they are how "billion laughs" bombs work); each
  kind is reported once, with how many the file holds;
- size, nesting and node count are capped, with a message naming the limit;
- control characters written as escapes (`"\\x1b"`) are refused like typed ones.

Problems that leave the rest of the file readable (a repeated key, a leading zero, an
alias) do not stop the reading: `parse()` returns them with the data, and marks the
values they affect as `poisoned`, so later checks do not report them a second time.

    text = read_text(path, label)             # size, NUL bytes, BOM, UTF-8
    data, smap, problems = parse(text, label)  # or load(text, label): raises on any

This module is the loader's face; the work is done by `yamlcompose` (refusals and
caps), `yamlbuild` (values typed by the rules above, positions), `sourcemap` (paths and
positions) and `syntax_errors` (PyYAML's errors explained).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml

from explainer.content.sourcemap import SourceMap, shown_path
from explainer.content.syntax_errors import yaml_problem
from explainer.content.yamlbuild import Builder
from explainer.content.yamlcompose import Composer, LimitReached
from explainer.errors import ContentError, Problem, Problems
from explainer.settings import env_int

#: The size cap, changed by EXPLAINER_MAX_CONTENT_BYTES (read at each use); the caps on
#: values and nesting are in `yamlcompose`.
MAX_BYTES = 2_000_000


def _stop(problem: Problem) -> NoReturn:
    """The file cannot be read at all: ContentError with this one problem."""
    raise ContentError([problem])


def _refuse(label: str, message: str, hint: str, at: tuple[int, int] = (1, 1)) -> NoReturn:
    _stop(Problem(label, at[0], at[1], "", message, hint))


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as editors count) of byte `offset`."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def read_text(path: Path, label: str) -> str:
    """The file's text, or ContentError for unreadable, oversized, binary or non-UTF-8 files."""
    limit = env_int("EXPLAINER_MAX_CONTENT_BYTES", MAX_BYTES)
    try:
        size = path.stat().st_size
        if size > limit:
            _refuse(
                label,
                f"the file is {size:,} bytes, over the limit of {limit:,}",
                "content files are small; set EXPLAINER_MAX_CONTENT_BYTES to raise the limit",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        _refuse(label, "no such file", "check the path; `explainer new DIR` scaffolds a story")
    except (IsADirectoryError, PermissionError) as e:
        _refuse(
            label, f"cannot read the file: {e.strerror}", "pass the path of a content .yaml file"
        )
    if b"\x00" in raw:
        _refuse(
            label,
            "this is not a text file (it holds NUL bytes)",
            "content files are UTF-8 YAML text",
            _position_of_offset(raw, raw.index(b"\x00")),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        _refuse(
            label,
            f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})",
            "save the file as UTF-8 (most editors: File > Save with Encoding)",
            _position_of_offset(raw, e.start),
        )


def load(text: str, label: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and its source map; ContentError on any problem."""
    data, smap, problems = parse(text, label)
    problems.raise_if_any()
    return data, smap


def parse(text: str, label: str) -> tuple[Any, SourceMap, Problems]:
    """Parse YAML text; ContentError when it cannot be read at all.

    Problems that leave the data usable (a repeated key, a leading zero, an anchor) are
    returned with it, so a caller can go on checking the rest of the file and report
    everything in one run; the values they concern are in `smap.poisoned`.
    """
    smap = SourceMap(label, lines=text.splitlines(), text=text)
    composer: Composer | None = None
    try:
        composer = Composer(text)  # PyYAML checks the characters here already
        node = composer.get_single_node()
    except LimitReached as e:
        _refuse(label, e.message, e.hint, (e.mark.line + 1, e.mark.column + 1))
    except yaml.YAMLError as e:
        _stop(yaml_problem(e, text, label))
    except ValueError:
        # PyYAML's scanner calls chr() on a "\U…" escape beyond U+10FFFF unchecked
        mark = composer.get_mark() if composer is not None else None
        _refuse(
            label,
            "a \\U escape in a double-quoted text names no character (the largest is \\U0010FFFF)",
            "write the character itself, or fix the escape's eight hex digits",
            (mark.line + 1, mark.column + 1) if mark else (1, 1),
        )
    finally:
        if composer is not None:
            composer.dispose()
    if node is None:
        _refuse(
            label, "the file is empty", "start from `explainer new DIR`, which writes a small story"
        )
    builder = Builder(smap, composer.refusals)
    data = builder.build(node, (), 0)
    problems = Problems()
    for path, line, col, message, hint in builder.found:
        problems.add(Problem(label, line, col, shown_path(path, data), message, hint))
    return data, smap, problems
