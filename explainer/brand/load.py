"""Read and check a brand file, every problem at once, each with file:line:column.

    brand = load_brand(path)                     # ContentError lists every problem
    brand, warnings = load_brand_warned(path)    # and the warnings of a brand accepted

The same loader as `content.yaml`'s (`content/yamlsource.py`: our safe YAML, positions,
the size caps), the same messages for its shape (`content/schema_errors.py`), then the
brand's own checks: files exist and are what they say (`logo.py`, `fonts.py`), credits'
locales are known, colours have contrast and stay apart for colour-blind readers
(`colours.py`). Problems in a logo point into the logo file itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from pydantic import ValidationError

from explainer.brand import colours
from explainer.brand.fonts import SUFFIXES, BrandFont, fonts_hash, read_font
from explainer.brand.logo import Logo, check_logo
from explainer.brand.model import BrandSpec, FontsSpec
from explainer.content.schema_errors import describe, problems_from
from explainer.content.sourcemap import Path_, SourceMap
from explainer.content.validate import display_name
from explainer.content.yamlsource import parse, read_text
from explainer.errors import ContentError, Problem

__all__ = ["Brand", "load_brand", "load_brand_warned"]


@dataclass(frozen=True)
class Brand:
    """A checked brand: what every later stage reads."""

    file: Path
    name: str
    palette: tuple[str, ...]
    logo: Logo | None = None
    logo_dark: Logo | None = None
    headings: tuple[BrandFont, ...] = ()
    body: tuple[BrandFont, ...] = ()
    credits: Mapping[str, str] = field(default_factory=dict)
    #: Every file the brand is made of (the brand file, logos, fonts), by its path from
    #: the brand file's folder -> its sha256: a build's input (`manifest.json`'s `look`).
    inputs: Mapping[str, str] = field(default_factory=dict)

    @property
    def fonts(self) -> tuple[BrandFont, ...]:
        """Every font file once (a file may be both the headings' and the body's)."""
        unique = {f.sha256: f for f in reversed((*self.headings, *self.body))}
        return tuple(f for f in (*self.headings, *self.body) if unique.get(f.sha256) is f)

    @property
    def body_family(self) -> str | None:
        return self.body[0].family if self.body else None

    @property
    def headings_family(self) -> str | None:
        return self.headings[0].family if self.headings else self.body_family

    @property
    def fonts_hash(self) -> str:
        return fonts_hash(self.fonts)

    def credits_for(self, locale: str) -> str | None:
        """The credits line of `locale`, else of its language (pt for pt_BR), else None."""
        return self.credits.get(locale) or self.credits.get(locale.split("_")[0])


def load_brand(path: Path | str, *, strict: bool = False) -> Brand:
    """Read and check a brand file; ContentError lists every problem (and, when `strict`,
    every warning)."""
    return load_brand_warned(path, strict=strict)[0]


def load_brand_warned(
    path: Path | str, *, strict: bool = False
) -> tuple[Brand, tuple[Problem, ...]]:
    path = Path(path)
    label = display_name(path)
    text = read_text(path, label)
    data, smap, problems = parse(text, label)
    checker = _Checks(path, data, smap, list(problems.items))
    brand = checker.run()
    warnings = tuple(sorted(checker.warnings))
    if checker.problems or (strict and warnings):
        raise ContentError([*checker.problems, *warnings])
    assert brand is not None
    return brand, warnings


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Checks:
    def __init__(self, path: Path, data: Any, smap: SourceMap, problems: list[Problem]) -> None:
        self.path = path
        self.root = path.resolve().parent
        self.data = data
        self.smap = smap
        self.problems = problems
        self.warnings: list[Problem] = []
        #: relative to the brand file's folder: the manifest names no local folder
        self.inputs: dict[str, str] = {path.name: _sha256(path)}

    def add(self, where: Path_, message: str, hint: str, *, warning: bool = False) -> None:
        problem = self.smap.problem(where, message, hint)
        (self.warnings if warning else self.problems).append(
            dataclasses.replace(problem, warning=warning)
        )

    def run(self) -> Brand | None:
        if not isinstance(self.data, dict):
            self.add(
                (),
                f"a brand file is a mapping (name:, palette:, …), found {describe(self.data)}",
                "start from the example in the README",
            )
            return None
        try:
            spec = BrandSpec.model_validate(self.data)
        except ValidationError as e:
            self.problems.extend(_hex_hints(problems_from(e, BrandSpec, (), self.data, self.smap)))
            spec = None
        if self.problems or spec is None:
            # the files can still be checked: every problem in one run
            self._files_only()
            return None
        logo = self._logo(spec.logo, "logo")
        logo_dark = self._logo(spec.logo_dark, "logo_dark")
        headings, body = self._fonts(spec.fonts)
        self._credits(spec.credits or {})
        self._colours(spec.palette)
        return Brand(
            file=self.path,
            name=spec.name,
            palette=tuple(c.upper() for c in spec.palette),
            logo=logo,
            logo_dark=logo_dark,
            headings=headings,
            body=body,
            credits=dict(spec.credits or {}),
            inputs=dict(sorted(self.inputs.items())),
        )

    # -- the parts ----------------------------------------------------------------
    def _files_only(self) -> None:
        """The logo and font files of a brand whose shape is wrong elsewhere."""
        data = self.data
        for key in ("logo", "logo_dark"):
            if isinstance(data.get(key), str) and data[key]:
                self._logo(data[key], key)
        fonts = data.get("fonts")
        if isinstance(fonts, dict):
            for role in ("headings", "body"):
                files = fonts.get(role)
                if isinstance(files, str) or (
                    isinstance(files, list) and all(isinstance(f, str) for f in files)
                ):
                    self._font_files(role, files)

    def _file(self, rel: str, where: Path_, what: str, suffixes: tuple[str, ...]) -> Path | None:
        target = (self.root / rel).resolve()
        if not target.is_file():
            self.add(
                where,
                f"no {what} file '{rel}'",
                f"give its path relative to the brand file's folder ({self.root})",
            )
            return None
        if target.suffix.lower() not in suffixes:
            self.add(
                where,
                f"'{rel}' is not a {what} file ({' '.join(suffixes)})",
                f"use a {' or '.join(suffixes)} file",
            )
            return None
        self.inputs[os.path.relpath(target, self.root).replace(os.sep, "/")] = _sha256(target)
        return target

    def _logo(self, rel: str | None, key: str) -> Logo | None:
        if rel is None:
            return None
        target = self._file(rel, (key,), "logo", (".svg",))
        if target is None:
            return None
        logo, offences = check_logo(target)
        label = display_name(target)
        for o in offences:
            self.problems.append(Problem(label, o.line, o.column, key, o.message, o.hint))
        return logo

    def _fonts(self, spec: FontsSpec | None) -> tuple[tuple[BrandFont, ...], tuple[BrandFont, ...]]:
        if spec is None:
            return (), ()
        return (
            self._font_files("headings", spec.headings),
            self._font_files("body", spec.body),
        )

    def _font_files(self, role: str, files: str | list[str] | None) -> tuple[BrandFont, ...]:
        if files is None:
            return ()
        listed = [files] if isinstance(files, str) else files
        out = []
        for i, rel in enumerate(listed):
            where: Path_ = ("fonts", role) if isinstance(files, str) else ("fonts", role, i)
            target = self._file(rel, where, "font", SUFFIXES)
            if target is None:
                continue
            try:
                out.append(read_font(target, role))
            except ValueError as e:
                self.add(
                    where,
                    f"'{rel}': {e}",
                    "use the .ttf, .otf or .woff2 file the font's publisher gives",
                )
        families = {f.family for f in out}
        if len(families) > 1:
            self.add(
                ("fonts", role),
                f"the {role} files are of different families: " + ", ".join(sorted(families)),
                "list one family's files (its weights and styles)",
            )
        return tuple(out)

    def _credits(self, credits: dict[str, str]) -> None:
        for locale in credits:
            try:
                Locale.parse(locale)
            except (ValueError, UnknownLocaleError):
                self.add(
                    ("credits", locale),
                    f"unknown locale '{locale}'",
                    "write a locale code such as en, it or pt_BR",
                )

    def _colours(self, palette: list[str]) -> None:
        found = [*colours.contrast_findings(palette), *colours.confusable_findings(palette)]
        for f in found:
            self.add(("palette", f.index), f.message, f.hint, warning=f.warning)


def _hex_hints(problems: list[Problem]) -> list[Problem]:
    """A palette colour's pattern error says how to write a colour, not an id."""
    return [
        dataclasses.replace(
            p,
            message=p.message.replace("is not a valid id", "is not a colour"),
            hint="write #RRGGBB with six hex digits, e.g. #7A2E8C (quoted: YAML reads # as "
            "a comment)",
        )
        if p.path.startswith("palette") and "is not a valid id" in p.message
        else p
        for p in problems
    ]
