"""PyYAML's parser and composer, refusing anchors, aliases and tags, with capped size.

Anchors and aliases are how "billion laughs" bombs work, and a tag (`!!float`) changes
what a value means: each is noted on its node (`node.refused`) for `yamlbuild.Builder`,
which knows the node's path and reports it. An alias is never expanded: it becomes an
empty value. More values than EXPLAINER_MAX_NODES, or nesting deeper than
EXPLAINER_MAX_DEPTH, stop the composing with `LimitReached` (both read at each use).

    composer = Composer(text); node = composer.get_single_node(); composer.refusals
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from explainer.settings import env_int

#: Caps, changed by EXPLAINER_MAX_NODES and EXPLAINER_MAX_DEPTH (read at each use).
MAX_NODES, MAX_DEPTH = 200_000, 40
DEPTH_CEILING = 200  # PyYAML composes recursively: deeper, Python's recursion limit hits

#: The tag of the empty value an alias becomes.
REFUSED_TAG = "tag:explainer,refused"


@dataclass
class Refusal:
    kind: str  # "anchor", "alias" or "tag"
    name: str
    mark: yaml.Mark


class LimitReached(Exception):
    """Too many values, or too deep: the file is not read further."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        self.mark, self.message, self.hint = mark, message, hint


class Composer(yaml.SafeLoader):
    """PyYAML's composer, counting values and depth, noting refusals on their nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._count = 0
        self._depth = 0
        self.max_nodes = env_int("EXPLAINER_MAX_NODES", MAX_NODES)
        self.max_depth = env_int("EXPLAINER_MAX_DEPTH", MAX_DEPTH, most=DEPTH_CEILING)
        self.refusals: list[Refusal] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        mark: Any = event.start_mark  # yaml.Mark, or the C extension's Mark
        self._count += 1
        if self._count > self.max_nodes:
            raise LimitReached(
                mark,
                f"more than {self.max_nodes:,} values in one file",
                "split the story, or set EXPLAINER_MAX_NODES to raise the limit",
            )
        if self._depth > self.max_depth:
            # PyYAML composes recursively: stop before Python's recursion limit does
            raise LimitReached(
                mark,
                f"nesting deeper than {self.max_depth} levels",
                "content files are shallow; flatten this value",
            )
        refused: list[Refusal] = []
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            refused.append(Refusal("alias", f"*{event.anchor}", mark))
            node: Node = ScalarNode(REFUSED_TAG, "", mark, event.end_mark)  # type: ignore[arg-type]
        else:
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                refused.append(Refusal("anchor", f"&{anchor}", mark))
                event.anchor = None
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                refused.append(Refusal("tag", shown, mark))
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
