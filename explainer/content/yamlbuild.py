"""From composed YAML nodes to plain data, typed by our rules, noting every position.

- quoted and block scalars are always text; a plain scalar is text unless it is
  `null`/`~`, `true`/`false`, or a decimal number (`5000000`, `5_000_000`, `59.9`, `1e3`);
- a leading zero (`012`) and an ambiguous `5.000` are refused (and kept as text);
- a key repeated in one mapping is refused, and so is a key that is not a plain name;
- the anchors, aliases and tags `yamlcompose.Composer` noted are reported, each kind
  once, with how many the file holds; escaped control characters are refused.

    builder = Builder(smap, composer.refusals); data = builder.build(node, (), 0)
    builder.found  ->  [(path, line, col, message, hint), ...]

Positions, scalar styles and spans go into the `SourceMap`; the values a problem
concerns go into `smap.poisoned`, so later checks do not report them a second time.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explainer.content.sourcemap import Path_, SourceMap
from explainer.content.yamlchars import refused_character
from explainer.content.yamlcompose import REFUSED_TAG, Refusal

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*(_[0-9]+)*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9]+|[0-9][0-9_]*)([eE][-+]?[0-9]+)?$")
#: `5.000`, `2.500`: a thousands separator, or a decimal with a pointless trailing zero?
_AMBIGUOUS = re.compile(r"^[-+]?[1-9][0-9]{0,2}\.[0-9]{2}0$")
_NULL = {"null", "Null", "NULL", "~", ""}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
#: What is said of each refused feature: the message (given its name) and the hint.
_REFUSALS = {
    "alias": (
        "aliases ({}) are not supported",
        "write the value out in full; anchors and aliases are refused "
        "because they can expand into huge documents",
    ),
    "anchor": ("anchors ({}) are not supported", "remove the anchor and write values out in full"),
    "tag": ("the tag {} is not supported", "remove the tag; quote the value if it should be text"),
}


def _at(mark: Any) -> tuple[int, int]:
    """The 1-based line and column of a PyYAML mark (or the C extension's)."""
    return mark.line + 1, mark.column + 1


class Builder:
    """From composed nodes to plain data, noting positions and the problems it finds."""

    def __init__(self, smap: SourceMap, refusals: list[Refusal]) -> None:
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
            message, hint = _REFUSALS[r.kind]
            self._add(path, message.format(r.name) + more, hint, _at(r.mark), poison=False)

    def _escaped(self, node: ScalarNode, path: Path_, key: bool = False) -> None:
        """A character the reader refuses, written as an escape (`"\\x1b"`): refused too."""
        found = refused_character(node, self.smap.text)
        if found is not None:
            message, hint, (line, col) = found
            # a key is shown by its mapping's path: its own would print the character
            self.found.append((path[:-1] if key else path, line, col, message, hint))
            self.smap.poisoned.add(path)

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.smap.values[path] = _at(node.start_mark)
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
                        _at(key_node.start_mark),
                    )
                    continue
                key = key_node.value
                kpath = (*path, key)
                kpos = _at(key_node.start_mark)
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
        if node.tag == REFUSED_TAG:
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
