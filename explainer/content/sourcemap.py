"""Where each value of `content.yaml` stands: paths, their positions, how they are shown.

A path is the keys and list indexes from the top of the file to a value
(`("facts", 0, "value")`). `SourceMap` maps every path to its line and column (1-based),
and finds a piece of a text value in the file; `dotted` and `shown_path` write a path
for a message (`facts.viewers.value` when the item has an id).

    smap.where(path)                   -> (line, col), of the path or its nearest ancestor
    smap.locate(path, text, start, end)  -> where text[start:end] stands in the file
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from explainer.errors import Problem

Path_ = tuple[str | int, ...]

_SHOWN_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


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
