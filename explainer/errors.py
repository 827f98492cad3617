"""Problems found in the content, gathered and reported together.

Domain code never prints and never exits: it collects `Problem`s and raises
`ContentError` with all of them; only the CLI turns that into text and exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return head + (f"\n    hint: {self.hint}" if self.hint else "")


class ExplainerError(Exception):
    """Any failure the CLI reports without a traceback; `exit_code` says how."""

    exit_code = 1


class BuildError(ExplainerError):
    """A build could not finish (locked output, an injected fault); output/ is untouched."""

    exit_code = 1


class ContentError(ExplainerError):
    """The content is invalid; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        lines = [p.format() for p in self.problems]
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.")
        return "\n".join(lines)


@dataclass
class Problems:
    """A collector: add problems as you go, `raise_if_any()` at the end of a stage."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)
