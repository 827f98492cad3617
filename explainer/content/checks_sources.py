"""Checks of the sources: addresses, dates, stored files; and of addresses anywhere.

A mixin of `validate._Checker`: it uses the checker's `add`, `_reported` and `root`
(the content file's folder, which a source's `file:` is relative to).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import ParseResult, urlparse

from explainer.content import model as m
from explainer.content.sourcemap import Path_
from explainer.facts.story import Source

URL_SCHEMES = ("http", "https", "mailto")


class SourceChecks:
    """A source's url (http, https or mailto), date and file; addresses taken apart."""

    add: Any
    _reported: Any
    root: Path

    def _check_sources(self, sources: list[tuple[int, m.SourceSpec]]) -> None:
        for i, s in sources:
            if s.url is not None:
                self._url(("sources", i, "url"), s.url)
            if s.date is not None:
                try:
                    dt.date.fromisoformat(s.date)
                except ValueError:
                    self.add(
                        ("sources", i, "date"), f"'{s.date}' is not a date", 'write "YYYY-MM-DD"'
                    )
            if s.file is not None and not self._reported(("sources", i, "file")):
                try:
                    missing = not (self.root / s.file).is_file()
                    problem = f"the source file '{s.file}' does not exist"
                except OSError as e:  # a name too long for the file system, say
                    missing, problem = True, f"the source file's path is unusable: {e.strerror}"
                if missing:
                    hint = "give the path relative to the content file"
                    self.add(("sources", i, "file"), problem, hint)

    def _parsed(self, path: Path_, url: str) -> ParseResult | None:
        """The address taken apart, or None (reported) when it cannot be: `https://a]b.org`."""
        try:
            return urlparse(url.strip())
        except ValueError as e:
            self.add(
                path,
                f"'{url}' is not a valid address ({e})",
                "check the address: [ and ] only enclose an IPv6 host, e.g. http://[::1]/",
            )
            return None

    def _url(self, path: Path_, url: str) -> None:
        parsed = self._parsed(path, url)
        if parsed is not None and (
            parsed.scheme.lower() not in URL_SCHEMES
            or (parsed.scheme != "mailto" and not parsed.netloc)
        ):
            self.add(
                path,
                f"'{url}' is not an allowed address",
                "addresses must start with http://, https:// or mailto:",
            )

    def _source(self, s: m.SourceSpec) -> Source:
        return Source(
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            url=s.url,
            date=s.date,
            language=s.language,
            file=Path(s.file) if s.file else None,
        )
