"""Problems found in the content, gathered and reported together.

Domain code never prints and never exits: it collects `Problem`s and raises
`ContentError` with all of them; only the CLI turns that into text and exit code 2.

A `Problem` with `warning=True` does not refuse the content by itself (a number typed by
hand): `load_story` hands warnings back beside the story, the CLI prints them, and
`--strict` refuses them like problems (`ContentError` then carries them, still marked
`warning:`, and says so in its summary).
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
    #: A warning: printed, refused only with --strict (`file:line:col: path: warning: …`).
    warning: bool = False

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        message = f"warning: {self.message}" if self.warning else self.message
        head = f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"
        return head + (f"\n    hint: {self.hint}" if self.hint else "")


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def warnings_summary(warnings: Sequence[Problem]) -> str:
    """The line after warnings printed on their own (the content was accepted)."""
    n = len(warnings)
    they = "it" if n == 1 else "they"
    return f"{count(n, 'warning')}; with --strict {they} would refuse the content."


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
        warned = sum(p.warning for p in self.problems)
        errors = len(self.problems) - warned
        lines = [p.format() for p in self.problems]
        if not warned:
            found = f"{count(errors, 'problem')} found"
        elif not errors:
            found = f"{count(warned, 'warning')} found, refused by --strict"
        else:
            found = f"{count(errors, 'problem')} and {count(warned, 'warning')} found"
        lines.append(f"{found}; nothing was written.")
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
