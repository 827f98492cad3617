"""Characters YAML refuses when typed, refused too when written as escapes.

PyYAML's reader refuses control characters typed into the file (`ESC`, `BEL`, `DEL`,
U+FFFE...), but a double-quoted scalar can write them as escapes (`"\\x1b"`, `"\\e"`,
`"\\u0007"`), and the decoded text then breaks the SVG and the page. The decoded value
is held to the reader's own rule: tab, new line and carriage return are the only
control characters allowed; lone surrogates (`"\\ud83d"`) are refused as well.

    refused_character(node, text)  ->  (message, hint, (line, column)) or None
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode

#: What PyYAML's reader accepts in a stream (yaml.reader.Reader.NON_PRINTABLE, inverted).
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: One escape of a double-quoted scalar; `\\\\` is consumed as a pair, so `\\\\x1b` is not one.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b"}


def _decoded(escape: str) -> str:
    if escape[0] in "xuU" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    return _SIMPLE.get(escape, "")


def refused_character(node: ScalarNode, text: str) -> tuple[str, str, tuple[int, int]] | None:
    """The first refused character of a double-quoted scalar's value, located at its escape."""
    found = _REFUSED.search(node.value) if node.style == '"' else None
    if found is None:
        return None
    at, written, char = node.start_mark.index, "", found.group()
    for escape in _ESCAPE.finditer(text, node.start_mark.index, node.end_mark.index):
        decoded = _decoded(escape.group(1))
        if decoded and _REFUSED.match(decoded):
            at, written, char = escape.start(), escape.group(), decoded
            break
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    shown = f" (written {written})" if written else ""
    message = f"the character U+{ord(char):04X}{shown} is not allowed in a text"
    if 0xD800 <= ord(char) <= 0xDFFF:
        hint = "write the character itself, not its UTF-16 surrogate escapes"
    else:
        hint = (
            "remove it: control characters do not display and break the images "
            "(tab and new line are fine)"
        )
    return message, hint, (line, col)
