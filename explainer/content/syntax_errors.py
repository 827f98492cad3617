"""PyYAML's errors as located problems, with a hint that names the likely cause.

PyYAML reports where it gave up, which is often not where the mistake is: a quote never
closed is reported at the end of the file, an unclosed `[` where the next key starts.
The problem is placed at the cause when it can be found (the opening quote), and the
hint names it otherwise (the line and column of the `[`, of the runaway quoted text).

    yaml_problem(error, text, label)  ->  Problem
"""

from __future__ import annotations

import yaml

from explainer.errors import Problem


def yaml_problem(e: yaml.YAMLError, text: str, label: str) -> Problem:
    """Any error of PyYAML's reading `text` (the file `label`) as a located problem."""
    if isinstance(e, yaml.MarkedYAMLError):
        return _syntax_problem(e, text, label)
    if isinstance(e, yaml.reader.ReaderError):
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        return Problem(
            label,
            line,
            col,
            "",
            f"the character U+{ord(char):04X} is not allowed in YAML",
            "remove it (control characters are usually pasted by accident)",
        )
    return Problem(label, 1, 1, "", f"YAML error: {e}", "check the file's syntax")


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
