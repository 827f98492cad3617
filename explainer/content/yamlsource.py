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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explainer.content.yamlchars import refused_character
from explainer.errors import Problem, Problems
from explainer.settings import env_int

Path_ = tuple[str | int, ...]

#: Caps, changed by EXPLAINER_MAX_CONTENT_BYTES, _NODES and _DEPTH (read at each use).
MAX_BYTES, MAX_NODES, MAX_DEPTH = 2_000_000, 200_000, 40
DEPTH_CEILING = 200  # PyYAML composes recursively: deeper, Python's recursion limit hits

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*(_[0-9]+)*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9]+|[0-9][0-9_]*)([eE][-+]?[0-9]+)?$")
#: `5.000`, `2.500`: a thousands separator, or a decimal with a pointless trailing zero?
_AMBIGUOUS = re.compile(r"^[-+]?[1-9][0-9]{0,2}\.[0-9]{2}0$")
_SHOWN_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
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
    #: The whole text, and the character span of each scalar in it (for `locate`).
    text: str = ""
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: Values already reported (a leading zero, an alias...): later checks skip them.
    poisoned: set[Path_] = field(default_factory=set)

    def is_poisoned(self, path: Path_) -> bool:
        """True when `path` or one of its ancestors has already been reported."""
        p = tuple(path)
        return any(p[:n] in self.poisoned for n in range(len(p) + 1))

    def locate(self, path: Path_, value: str, start: int, end: int) -> tuple[int, int]:
        """The position of `value[start:end]` (a piece of the text value at `path`) in the file.

        Found by looking for the same occurrence of the piece within the scalar's own
        span, which is exact for every scalar style (block, folded, quoted with escapes)
        as long as the piece stands on one line; otherwise `inside()` estimates it.
        """
        token = value[start:end]
        span = self.spans.get(tuple(path))
        if token and "\n" not in token and span is not None:
            nth = _occurrences(value, token, start)
            at = span[0] - 1
            for _ in range(nth + 1):
                at = self.text.find(token, at + 1, span[1])
                if at < 0:
                    break
            if at >= 0:
                line = self.text.count("\n", 0, at) + 1
                return line, at - (self.text.rfind("\n", 0, at) + 1) + 1
        return self.inside(path, start)

    def inside(self, path: Path_, offset: int) -> tuple[int, int]:
        """The position of character `offset` of the text value at `path` (an estimate)."""
        line, col = self.where(path)
        style = self.styles.get(tuple(path))
        if style in ("|", ">"):
            # the body starts on the line after the indicator; its indentation is that of
            # its first non-blank line
            first = line
            indent = 0
            for body in self.lines[first:]:
                if body.strip():
                    indent = len(body) - len(body.lstrip(" "))
                    break
            return self._walk(first + 1, indent + 1, offset, indent)
        if style in ('"', "'"):
            col += 1
        return self._walk(line, col, offset, col - 1)

    def _walk(self, line: int, col: int, offset: int, indent: int) -> tuple[int, int]:
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

    def problem(
        self,
        path: Path_,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        shown: str | None = None,
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(
            self.file, line, col, shown if shown is not None else dotted(path), message, hint
        )


def _occurrences(text: str, token: str, before: int) -> int:
    """How many times `token` occurs in `text` (not overlapping) before index `before`."""
    count, at = 0, text.find(token)
    while 0 <= at < before:
        count += 1
        at = text.find(token, at + len(token))
    return count


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def shown_path(path: Path_, data: Any) -> str:
    """`facts.viewers.value` rather than `facts[0].value` when the item has an id."""
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            # an id that is itself wrong (`../x`, `a b`) would make a confusing path
            readable = isinstance(ident, str) and _SHOWN_ID.match(ident)
            out += f".{ident}" if readable else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


_REFUSED_TAG = "tag:explainer,refused"


@dataclass
class _Refusal:
    kind: str  # "anchor", "alias" or "tag"
    name: str
    mark: yaml.Mark


class _Composer(yaml.SafeLoader):
    """PyYAML's parser and composer, refusing aliases, anchors and explicit tags.

    Refused features are noted on the node (`node.refused`), and reported by `_Builder`,
    which knows each node's path. An alias is never expanded: it becomes an empty value.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._count = 0
        self._depth = 0
        self.max_nodes = env_int("EXPLAINER_MAX_NODES", MAX_NODES)
        self.max_depth = env_int("EXPLAINER_MAX_DEPTH", MAX_DEPTH, most=DEPTH_CEILING)
        self.refusals: list[_Refusal] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        mark: Any = event.start_mark  # yaml.Mark, or the C extension's Mark
        self._count += 1
        if self._count > self.max_nodes:
            raise _Limit(
                mark,
                f"more than {self.max_nodes:,} values in one file",
                "split the story, or set EXPLAINER_MAX_NODES to raise the limit",
            )
        if self._depth > self.max_depth:
            # PyYAML composes recursively: stop before Python's recursion limit does
            raise _Limit(
                mark,
                f"nesting deeper than {self.max_depth} levels",
                "content files are shallow; flatten this value",
            )
        refused: list[_Refusal] = []
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            refused.append(_Refusal("alias", f"*{event.anchor}", mark))
            node: Node = ScalarNode(_REFUSED_TAG, "", mark, event.end_mark)  # type: ignore[arg-type]
        else:
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                refused.append(_Refusal("anchor", f"&{anchor}", mark))
                event.anchor = None
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                refused.append(_Refusal("tag", shown, mark))
                event.tag = None
            self._depth += 1
            try:
                node = super().compose_node(parent, index)  # type: ignore[assignment]
            finally:
                self._depth -= 1
        if refused:
            node.refused = refused  # type: ignore[attr-defined]
            self.refusals.extend(refused)
        return node


class _Limit(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        self.mark, self.message, self.hint = mark, message, hint


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as editors count) of byte `offset`."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def read_text(path: Path, label: str) -> str:
    """The file's text, or ContentError for unreadable, oversized, binary or non-UTF-8 files."""
    problems = Problems()
    limit = env_int("EXPLAINER_MAX_CONTENT_BYTES", MAX_BYTES)
    try:
        size = path.stat().st_size
        if size > limit:
            problems.add(
                Problem(
                    label,
                    1,
                    1,
                    "",
                    f"the file is {size:,} bytes, over the limit of {limit:,}",
                    "content files are small; set EXPLAINER_MAX_CONTENT_BYTES to raise the limit",
                )
            )
            problems.raise_if_any()
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(
            Problem(
                label,
                1,
                1,
                "",
                "no such file",
                "check the path; `explainer new DIR` scaffolds a story",
            )
        )
        problems.raise_if_any()
        raise
    except (IsADirectoryError, PermissionError) as e:
        problems.add(
            Problem(
                label,
                1,
                1,
                "",
                f"cannot read the file: {e.strerror}",
                "pass the path of a content .yaml file",
            )
        )
        problems.raise_if_any()
        raise
    if b"\x00" in raw:
        line, col = _position_of_offset(raw, raw.index(b"\x00"))
        problems.add(
            Problem(
                label,
                line,
                col,
                "",
                "this is not a text file (it holds NUL bytes)",
                "content files are UTF-8 YAML text",
            )
        )
        problems.raise_if_any()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _position_of_offset(raw, e.start)
        problems.add(
            Problem(
                label,
                line,
                col,
                "",
                f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})",
                "save the file as UTF-8 (most editors: File > Save with Encoding)",
            )
        )
        problems.raise_if_any()
        raise


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
    problems = Problems()
    smap = SourceMap(label, lines=text.splitlines(), text=text)
    composer: _Composer | None = None
    try:
        composer = _Composer(text)  # PyYAML checks the characters here already
        node = composer.get_single_node()
    except _Limit as e:
        problems.add(Problem(label, e.mark.line + 1, e.mark.column + 1, "", e.message, e.hint))
        problems.raise_if_any()
        raise
    except yaml.MarkedYAMLError as e:
        problems.add(_syntax_problem(e, text, label))
        problems.raise_if_any()
        raise
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        problems.add(
            Problem(
                label,
                line,
                col,
                "",
                f"the character U+{ord(char):04X} is not allowed in YAML",
                "remove it (control characters are usually pasted by accident)",
            )
        )
        problems.raise_if_any()
        raise
    except yaml.YAMLError as e:
        problems.add(Problem(label, 1, 1, "", f"YAML error: {e}", "check the file's syntax"))
        problems.raise_if_any()
        raise
    finally:
        if composer is not None:
            composer.dispose()
    if node is None:
        problems.add(
            Problem(
                label,
                1,
                1,
                "",
                "the file is empty",
                "start from `explainer new DIR`, which writes a small story",
            )
        )
        problems.raise_if_any()
    builder = _Builder(smap, composer.refusals)
    data = builder.build(node, (), 0)  # type: ignore[arg-type]  # not None: raised above
    for path, line, col, message, hint in builder.found:
        problems.add(Problem(label, line, col, shown_path(path, data), message, hint))
    return data, smap, problems


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, label: str) -> Problem:
    """A PyYAML syntax error as a located problem, with a hint that names the likely cause."""
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (e.problem or "invalid YAML").strip()
    context = (e.context or "").strip()
    if context:
        what = f"{context}: {what}"
    hint = _syntax_hint(what)
    opened = e.context_mark
    if "quoted scalar" in context and "end of stream" in what and opened is not None:
        # reported at the end of the file; the quote that is never closed is more useful
        line, col = opened.line + 1, opened.column + 1
        return Problem(
            label,
            line,
            col,
            "",
            "YAML syntax error: this quote is never closed",
            "add the closing quote at the end of the text",
        )
    if "flow sequence" in context and opened is not None:
        hint = (
            f"the list opened with [ at line {opened.line + 1}, column {opened.column + 1} "
            "is not closed: add ] at its end (or quote a value that contains ':')"
        )
    elif "flow mapping" in context and opened is not None:
        hint = (
            f"the mapping opened with {{ at line {opened.line + 1}, column "
            f"{opened.column + 1} is not closed: add }} at its end"
        )
    else:
        runaway = _runaway_quote(text, mark)
        if runaway is not None:
            hint = (
                f"the quoted text that starts at line {runaway[0]}, column {runaway[1]} "
                f"runs on to line {runaway[2]}: is its closing quote missing?"
            )
    return Problem(label, line, col, "", f"YAML syntax error: {what}", hint)


def _runaway_quote(text: str, mark: yaml.Mark | None) -> tuple[int, int, int] | None:
    """The last quoted text before `mark`, when it spans lines and ends on mark's line."""
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if (
        last is not None
        and last.end_mark.line > last.start_mark.line
        and last.end_mark.line == mark.line
    ):
        return last.start_mark.line + 1, last.start_mark.column + 1, last.end_mark.line + 1
    return None


def _syntax_hint(what: str) -> str:
    if "tab" in what or "'\\t'" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return (
            "check this line's indentation against the lines above; a value containing "
            "': ' must be quoted, e.g. title: \"Xtream: the seizure\""
        )
    if "could not find expected ':'" in what or "simple key" in what:
        return "each line in a mapping needs `key: value`; check the indentation above"
    if "found character '@'" in what or "found character '`'" in what:
        return "quote values that start with @ or `"
    if "expected <block end>" in what:
        return "check the indentation: items of one list or mapping line up"
    return "check quotes and indentation around this position"


class _Builder:
    """From composed nodes to plain data, noting positions and the problems it finds."""

    def __init__(self, smap: SourceMap, refusals: list[_Refusal]) -> None:
        self.smap = smap
        #: (path, line, col, message, hint); paths are shown once the data is complete.
        self.found: list[tuple[Path_, int, int, str, str]] = []
        self._totals = {
            kind: sum(1 for r in refusals if r.kind == kind) for kind in ("anchor", "alias", "tag")
        }
        self._reported: set[str] = set()

    def _add(
        self,
        path: Path_,
        message: str,
        hint: str,
        at: tuple[int, int] | None = None,
        poison: bool = True,
    ) -> None:
        line, col = at or self.smap.where(path)
        self.found.append((path, line, col, message, hint))
        if poison:
            self.smap.poisoned.add(path)

    def _refused(self, node: Node, path: Path_) -> None:
        for r in getattr(node, "refused", ()):
            # an anchor leaves its value intact; an alias (empty) or a tag (dropped) do not
            if r.kind != "anchor":
                self.smap.poisoned.add(path)
            if r.kind in self._reported:
                continue
            self._reported.add(r.kind)
            total = self._totals[r.kind]
            more = f" ({total} in this file; this is the first)" if total > 1 else ""
            at = (r.mark.line + 1, r.mark.column + 1)
            if r.kind == "alias":
                self._add(
                    path,
                    f"aliases ({r.name}) are not supported{more}",
                    "write the value out in full; anchors and aliases are refused "
                    "because they can expand into huge documents",
                    at,
                    poison=False,
                )
            elif r.kind == "anchor":
                self._add(
                    path,
                    f"anchors ({r.name}) are not supported{more}",
                    "remove the anchor and write values out in full",
                    at,
                    poison=False,
                )
            else:
                self._add(
                    path,
                    f"the tag {r.name} is not supported{more}",
                    "remove the tag; quote the value if it should be text",
                    at,
                    poison=False,
                )

    def _escaped(self, node: ScalarNode, path: Path_, key: bool = False) -> None:
        """A character the reader refuses, written as an escape (`"\\x1b"`): refused too."""
        found = refused_character(node, self.smap.text)
        if found is not None:
            message, hint, (line, col) = found
            # a key is shown by its mapping's path: its own would print the character
            self.found.append((path[:-1] if key else path, line, col, message, hint))
            self.smap.poisoned.add(path)

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.smap.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self._refused(node, path)
        # no depth check: the composer has refused anything deeper than its max_depth
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._add(
                        path,
                        "a key must be a plain name, not a list or mapping",
                        "write `name: value`",
                        (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    )
                    continue
                key = key_node.value
                kpath = (*path, key)
                kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in out:
                    first = self.smap.keys[kpath]
                    self._add(
                        kpath,
                        f"duplicate key '{key}' (first at line {first[0]})",
                        "YAML would silently keep only the last one; remove or rename one",
                        kpos,
                        poison=False,
                    )
                    continue
                self.smap.keys[kpath] = kpos
                self._escaped(key_node, kpath, key=True)
                out[key] = self.build(value_node, kpath, depth + 1)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(v, (*path, i), depth + 1) for i, v in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.smap.styles[path] = node.style
        self.smap.spans[path] = (node.start_mark.index, node.end_mark.index)
        if node.tag == _REFUSED_TAG:
            return None
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: Path_) -> Any:
        text = node.value
        if node.style is not None:  # quoted or block scalar: always text
            self._escaped(node, path)
            return text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _LEADING_ZERO.match(text):
            self._add(
                path,
                f"'{text}' has a leading zero",
                f'write {int(text.replace("_", ""))} if it is a number, or "{text}" '
                "(quoted) if it is a code",
            )
            return text
        if _AMBIGUOUS.match(text):
            whole = text.replace(".", "")
            self._add(
                path,
                f"'{text}' is ambiguous: YAML reads it as {float(text):g}",
                f"write {whole} (no thousands separators), or {float(text):g} if you "
                "mean the decimal number",
            )
            return text
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _FLOAT.match(text) and any(c.isdigit() for c in text):
            value = float(text.replace("_", ""))
            if value.is_integer() and ("e" in text or "E" in text) and abs(value) < 1e15:
                return int(value)
            return value
        return text
