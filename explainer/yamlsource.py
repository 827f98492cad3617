"""Read `content.yaml` safely, with a map from every value to its line and column.

PyYAML's usual loaders follow YAML 1.1, where `NO` is false, `012` is octal, `1e3` is
text, `2019-09-17` becomes a date and a repeated key silently replaces the first. We
only use PyYAML's parser and build the values ourselves:

- quoted scalars are always text; plain scalars are text unless they are `null`/`~`,
  `true`/`false`, or a decimal number (`5000000`, `5_000_000`, `59.9`, `1e3`);
- `yes`, `no`, `on`, `off`, `NO` and dates stay text, exactly as typed;
- a number with a leading zero (`012`) is refused: write `12`, or quote it if it is a code;
- a key repeated in one mapping is refused (YAML keeps only the last: data loss);
- anchors, aliases and tags are refused (they are how "billion laughs" bombs work);
- size, nesting and node count are capped, with a message naming the limit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explainer.errors import Problem, Problems

Path_ = tuple[str | int, ...]

MAX_BYTES = int(os.environ.get("EXPLAINER_MAX_CONTENT_BYTES", 2_000_000))
MAX_NODES = 200_000
MAX_DEPTH = 40

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*(_[0-9]+)*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9]+|[0-9][0-9_]*)([eE][-+]?[0-9]+)?$")
_NULL = {"null", "Null", "NULL", "~", ""}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class SourceMap:
    """Where each value (and each mapping key) stands in the file, 1-based."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: The scalar style of each text value (None plain, '"', "'", '|', '>').
    styles: dict[Path_, str | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def inside(self, path: Path_, offset: int) -> tuple[int, int]:
        """The position of character `offset` of the text value at `path`."""
        line, col = self.where(path)
        style = self.styles.get(tuple(path))
        text_before = ""
        if style in ("|", ">"):
            first = line  # the line after the indicator, 1-based index == line
            indent = 0
            if first < len(self.lines):
                body = self.lines[first]
                indent = len(body) - len(body.lstrip(" "))
            return self._walk(first + 1, indent + 1, offset, indent, text_before)
        if style in ('"', "'"):
            col += 1
        return self._walk(line, col, offset, col - 1, text_before)

    def _walk(self, line: int, col: int, offset: int, indent: int, _: str) -> tuple[int, int]:
        # Count lines through the file text itself, so folded lines map correctly.
        remaining = offset
        while line - 1 < len(self.lines):
            available = len(self.lines[line - 1]) - (col - 1)
            if remaining <= available:
                return line, col + remaining
            remaining -= available + 1
            line += 1
            text = self.lines[line - 1] if line - 1 < len(self.lines) else ""
            col = len(text) - len(text.lstrip(" ")) + 1 if indent else 1
        return line, col

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path_, message: str, hint: str = "", *, key: bool = False,
                shown: str | None = None) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, shown if shown is not None else dotted(path),
                       message, hint)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Composer(yaml.SafeLoader):
    """PyYAML's parser and composer, refusing aliases, anchors and explicit tags."""

    def __init__(self, stream: str, problems: Problems, file: str) -> None:
        super().__init__(stream)
        self._problems = problems
        self._file = file
        self._count = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        event = self.peek_event()
        self._count += 1
        if self._count > MAX_NODES:
            raise _Limit(event.start_mark, f"more than {MAX_NODES:,} values in one file",
                         "split the story, or raise MAX_NODES in explainer/yamlsource.py")
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            self._refuse(event.start_mark, "aliases (*name) are not supported",
                         "write the value out in full; anchors and aliases are refused "
                         "because they can expand into huge documents")
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._refuse(event.start_mark, f"anchors (&{anchor}) are not supported",
                         "remove the anchor and write values out in full")
            event.anchor = None
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self._refuse(event.start_mark, f"the tag {tag} is not supported",
                         "remove the tag; quote the value if it should be text")
            event.tag = None
        return super().compose_node(parent, index)

    def _refuse(self, mark: yaml.Mark, message: str, hint: str) -> None:
        self._problems.add(Problem(self._file, mark.line + 1, mark.column + 1, "", message, hint))


class _Limit(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        self.mark, self.message, self.hint = mark, message, hint


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def read_text(path: Path, label: str) -> str:
    """The file's text, or ContentError for unreadable, oversized, binary or non-UTF-8 files."""
    problems = Problems()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.add(Problem(label, 1, 1, "", f"the file is {size:,} bytes, over the "
                                 f"limit of {MAX_BYTES:,}",
                                 "content files are small; set EXPLAINER_MAX_CONTENT_BYTES "
                                 "to raise the limit"))
            problems.raise_if_any()
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(Problem(label, 1, 1, "", "no such file",
                             "check the path; `explainer new DIR` scaffolds a story"))
        problems.raise_if_any()
        raise
    except (IsADirectoryError, PermissionError) as e:
        problems.add(Problem(label, 1, 1, "", f"cannot read the file: {e.strerror}",
                             "pass the path of a content .yaml file"))
        problems.raise_if_any()
        raise
    if b"\x00" in raw:
        line, col = _position_of_offset(raw, raw.index(b"\x00"))
        problems.add(Problem(label, line, col, "", "this is not a text file (it holds NUL bytes)",
                             "content files are UTF-8 YAML text"))
        problems.raise_if_any()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _position_of_offset(raw, e.start)
        problems.add(Problem(label, line, col, "", f"the file is not valid UTF-8 (byte "
                             f"0x{raw[e.start]:02x})",
                             "save the file as UTF-8 (most editors: File > Save with Encoding)"))
        problems.raise_if_any()
        raise


def load(text: str, label: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and its source map; ContentError on any problem."""
    problems = Problems()
    smap = SourceMap(label, lines=text.splitlines())
    composer = _Composer(text, problems, label)
    try:
        node = composer.get_single_node()
    except _Limit as e:
        problems.add(Problem(label, e.mark.line + 1, e.mark.column + 1, "", e.message, e.hint))
        problems.raise_if_any()
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (e.problem or "invalid YAML").strip()
        if e.context:
            what = f"{e.context.strip()}: {what}"
        problems.add(Problem(label, line, col, "", f"YAML syntax error: {what}",
                             _syntax_hint(what)))
        problems.raise_if_any()
        raise
    except yaml.YAMLError as e:
        problems.add(Problem(label, 1, 1, "", f"YAML error: {e}", "check the file's syntax"))
        problems.raise_if_any()
        raise
    finally:
        composer.dispose()
    if node is None:
        problems.add(Problem(label, 1, 1, "", "the file is empty",
                             "start from `explainer new DIR`, which writes a small story"))
        problems.raise_if_any()
    data = _Builder(smap, problems).build(node, (), 0)
    problems.raise_if_any()
    return data, smap


def _syntax_hint(what: str) -> str:
    if "tab" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "a value containing ': ' must be quoted, e.g. title: \"Xtream: the seizure\""
    if "could not find expected ':'" in what or "simple key" in what:
        return "each line in a mapping needs `key: value`; check the indentation above"
    if "found character '@'" in what or "found character '`'" in what:
        return "quote values that start with @ or `"
    if "expected <block end>" in what:
        return "check the indentation: items of one list or mapping line up"
    return "check quotes and indentation around this position"


class _Builder:
    def __init__(self, smap: SourceMap, problems: Problems) -> None:
        self.smap = smap
        self.problems = problems

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.smap.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self.problems.add(self.smap.problem(path, f"nesting deeper than {MAX_DEPTH} levels",
                                                "content files are shallow; flatten this value"))
            return None
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problems.add(self.smap.problem(
                        path, "a key must be a plain name, not a list or mapping",
                        "write `name: value`"))
                    continue
                key = key_node.value
                kpath = (*path, key)
                kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in out:
                    first = self.smap.keys[kpath]
                    self.problems.add(Problem(
                        self.smap.file, *kpos, dotted(kpath),
                        f"duplicate key '{key}' (first at line {first[0]})",
                        "YAML would silently keep only the last one; remove or rename one"))
                    continue
                self.smap.keys[kpath] = kpos
                out[key] = self.build(value_node, kpath, depth + 1)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(v, (*path, i), depth + 1) for i, v in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.smap.styles[path] = node.style
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: Path_) -> Any:
        text = node.value
        if node.style is not None:  # quoted or block scalar: always text
            return text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _LEADING_ZERO.match(text):
            self.problems.add(self.smap.problem(
                path, f"'{text}' has a leading zero",
                f"write {int(text.replace('_', ''))} if it is a number, or \"{text}\" "
                "(quoted) if it is a code"))
            return text
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _FLOAT.match(text) and any(c.isdigit() for c in text):
            value = float(text.replace("_", ""))
            return int(value) if value.is_integer() and ("e" in text or "E" in text) and abs(value) < 1e15 else value
        return text
