"""The shipped gettext catalogs: read with Babel, compiled in memory, checked.

`locales/<lang>/LC_MESSAGES/explainer.po` is the source translators edit (committed);
it is compiled to a `.mo` in memory the first time a build needs the language (Babel's
`write_mo`), so no compiled file can go stale beside its `.po`. `problems(lang)` lists
what a catalog lacks against `messages.MESSAGES`; the test suite runs it for every
shipped language.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import Translations

from explainer.facts.messages import MESSAGES

DOMAIN = "explainer"
LOCALES_DIR = Path(__file__).parent / "locales"
_FIELD = re.compile(r"\{(\w*)\}")


def shipped() -> list[str]:
    """The languages with a catalog, sorted (`ar`, `de`, `en`, …)."""
    return sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> Catalog | None:
    """The catalog of `lang` as Babel reads it, or None when none is shipped."""
    path = _path(lang)
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


@cache
def translations(lang: str) -> Translations | None:
    """The compiled translations of `lang` (fuzzy entries left out, as msgfmt does)."""
    cat = catalog(lang)
    if cat is None:
        return None
    mo = io.BytesIO()
    write_mo(mo, cat, use_fuzzy=False)
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def catalog_language(locale: str) -> str | None:
    """The shipped catalog a locale uses: its own (`pt_BR`), else its language's (`pt`)."""
    for candidate in (locale, locale.split("_")[0].split("-")[0]):
        if catalog(candidate) is not None:
            return candidate
    return None


def fields(text: str) -> set[str]:
    """The `{name}` fields of a message."""
    return set(_FIELD.findall(text))


def problems(lang: str) -> list[str]:
    """What the catalog of `lang` lacks or gets wrong; empty when it is complete."""
    cat = catalog(lang)
    if cat is None:
        return [f"no catalog for '{lang}' at {_path(lang)}"]
    out = []
    nplurals = get_plural(lang).num_plurals
    for key, msg in MESSAGES.items():
        entry = cat.get(msg.plural and (msg.english, msg.plural) or msg.english, context=key)
        if entry is None:
            out.append(f"{key}: missing (run `make catalogs`)")
            continue
        if entry.fuzzy:
            out.append(f"{key}: marked fuzzy (check the translation, then remove the flag)")
        forms = list(entry.string) if isinstance(entry.string, (tuple, list)) else [entry.string]
        if msg.plural and len(forms) != nplurals:
            out.append(f"{key}: {len(forms)} plural forms, '{lang}' has {nplurals}")
        for form in forms:
            if not form:
                out.append(f"{key}: not translated")
            elif fields(form) != fields(msg.english):
                want = ", ".join(sorted(fields(msg.english))) or "none"
                out.append(f"{key}: fields {sorted(fields(form))} in {form!r}, want {want}")
    known = set(MESSAGES)
    for entry in cat:
        if entry.id and entry.context not in known:
            out.append(f"{entry.context}: not a message any more (run `make catalogs`)")
    return out
