"""Every published version kept: `versions/<n>/` in the output folder (build/versions.py).

One history is built once for the module, from the warm image cache of `built_site`:
the reference story; `servers` 18000 → 20000 (the only step that draws images); back to
18000 (every image cached); a no-change rebuild; an edit that changes no page (a
comment); an edit of the narrative alone. The tests read the output after each step.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from explainer.build import BuildReport, build
from explainer.build.identity import sha256
from explainer.build.manifest import read_manifest
from explainer.site import layout
from tests.conftest import copy_story, snapshot

pytestmark = pytest.mark.browser

LOCALES = ("it", "en")
SERVERS = {
    18000: {"it": "quasi 18.000", "en": "almost 18,000"},
    20000: {"it": "quasi 20.000", "en": "almost 20,000"},
}



@dataclass
class Step:
    name: str
    report: BuildReport
    files: dict[str, bytes]


def _steps(content: Path) -> Iterator[tuple[str, str | None]]:
    """The history: (step name, new content text or None for "as it is")."""
    text = content.read_text(encoding="utf-8")
    assert text.count("value: 18000") == 1 and text.count('en: "The seizure"') == 1
    changed = text.replace("value: 18000", "value: 20000")
    yield "first", text
    yield "20000", changed
    yield "18000 again", text
    yield "no change", None
    yield "a comment", text + "\n# a comment\n"
    yield "narrative", text.replace('en: "The seizure"', 'en: "The takedown"') + "\n# a comment\n"


def _replay(work: Path, cache: Path) -> list[Step]:
    content = copy_story(work / "story")
    out = work / "output"
    steps = []
    for name, text in list(_steps(content)):
        if text is not None:
            content.write_text(text, encoding="utf-8")
        report = build(content, out, cache_dir=cache)
        steps.append(Step(name, report, snapshot(out)))
    return steps


@pytest.fixture(scope="module")
def history(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("versions")
    cache = work / "cache"
    shutil.copytree(built_site.parent / "cache", cache)
    steps = _replay(work, cache)
    return work, {s.name: s for s in steps}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "srcset":
                self.links += [c.strip().split()[0] for c in value.split(",") if c.strip()]


def relative_links(rel: str, data: bytes) -> list[str]:
    """The output paths the relative links of a page or stylesheet name."""
    text = data.decode()
    if rel.endswith(".css"):
        found = re.findall(r"""url\(\s*["']?([^"')]+)""", text)
    else:
        parser = _Links()
        parser.feed(text)
        found = parser.links
    out = []
    for link in found:
        if not link or link.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
            continue
        path = unquote(link.split("#")[0].split("?")[0])
        out.append(posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)))
    return out


def previous_link(page: bytes) -> str | None:
    m = re.search(rb'<li class="previous-version"><a href="([^"]*)">', page)
    return m.group(1).decode() if m else None


def versions_in(files: dict[str, bytes]) -> set[str]:
    return {rel.split("/")[1] for rel in files if rel.startswith("versions/")}


# -- a changed fact -------------------------------------------------------------------
def test_a_changed_fact_keeps_the_page_it_replaces(history) -> None:
    _, steps = history
    first, after = steps["first"].files, steps["20000"].files
    assert versions_in(first) == set()
    assert versions_in(after) == {"1"}
    for loc in LOCALES:
        kept = after[f"versions/1/{loc}/index.html"]
        assert SERVERS[18000][loc].encode() in kept
        assert SERVERS[20000][loc].encode() not in kept
        assert kept == first[layout.page(loc)], "the page as it was published"
        assert SERVERS[20000][loc].encode() in after[layout.page(loc)]
    # exactly the page and what it uses; every kept file has the bytes it was published with
    for rel, data in after.items():
        if rel.startswith("versions/1/"):
            assert data == first[rel.removeprefix("versions/1/")], rel
    assert "versions/1/manifest.json" not in after and "versions/1/facts.json" not in after


def test_the_update_box_links_to_the_previous_version(history) -> None:
    _, steps = history
    after = steps["20000"].files
    for loc in LOCALES:
        page = layout.page(loc)
        href = previous_link(after[page])
        assert href == f"../versions/1/{loc}/index.html"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        assert target in after
        box = after[page].decode().split('<section class="corrections"')[1].split("</section>")[0]
        assert href in box
    assert "Versione precedente" in after["it/index.html"].decode()
    assert "Previous version" in after["en/index.html"].decode()
    # a first build has nothing to link to
    assert previous_link(steps["first"].files["en/index.html"]) is None


def test_every_relative_link_in_a_kept_page_resolves(history) -> None:
    _, steps = history
    files = steps["narrative"].files
    kept_pages = [r for r in files if re.match(r"versions/\d+/[^/]+/index\.html$", r)]
    assert len(kept_pages) == 3 * len(LOCALES)
    todo = list(kept_pages)
    seen = set(todo)
    while todo:
        rel = todo.pop()
        for target in relative_links(rel, files[rel]):
            assert target in files, f"{rel} links to {target}, which is missing"
            if target.endswith((".css", ".html")) and target not in seen:
                todo.append(target)
            seen.add(target)
    assert len(seen) > 100
    assert "versions/1/assets/inter-latin.woff2" in seen, "the stylesheet's font"
    assert all(r.startswith("versions/") for r in seen), "a kept page leads only to kept files"


def test_unchanged_files_are_shared_not_copied(history) -> None:
    work, steps = history
    out = work / "output"
    try:
        os.link(out / layout.CSS, work / "probe")
    except OSError:
        pytest.skip("no hard links on this file system")
    (work / "probe").unlink()
    files = steps["narrative"].files
    shared = 0
    for rel in files:
        if rel.startswith("versions/1/") and not rel.endswith("/index.html"):
            current = rel.removeprefix("versions/1/")
            # a file that never changed is one file; one that changed and came back is
            # not looked for among the versions (each is shared with the build it left)
            if all(step.files.get(current) == files[rel] for step in steps.values()):
                assert os.path.samefile(out / rel, out / current), rel
                shared += 1
    assert shared > 10


# -- more versions ----------------------------------------------------------------------
def test_a_second_change_keeps_a_second_version(history) -> None:
    _, steps = history
    files = steps["18000 again"].files
    assert versions_in(files) == {"1", "2"}
    for loc in LOCALES:
        kept = files[f"versions/2/{loc}/index.html"]
        assert SERVERS[20000][loc].encode() in kept  # the page as it read with 20000
        assert previous_link(files[layout.page(loc)]) == f"../versions/2/{loc}/index.html"
        # the kept page still leads to the one before it, from where it now is
        assert previous_link(kept) == f"../../1/{loc}/index.html"
        published = steps["20000"].files[layout.page(loc)]
        assert kept == published.replace(
            f"../versions/1/{loc}/index.html".encode(), f"../../1/{loc}/index.html".encode()
        )
    # version 1 is carried over untouched
    for rel, data in steps["20000"].files.items():
        if rel.startswith("versions/1/"):
            assert files[rel] == data, rel


def test_a_rebuild_that_changes_no_page_keeps_the_versions_and_adds_none(history) -> None:
    _, steps = history
    before = steps["18000 again"]
    same = steps["no change"]
    assert same.report.fast and same.files == before.files
    comment = steps["a comment"]  # a full build: the content changed, the pages did not
    assert not comment.report.fast

    def pages_and_files(step: Step) -> dict[str, bytes]:
        return {k: v for k, v in step.files.items() if k != layout.MANIFEST}  # inputs' hashes

    assert pages_and_files(comment) == pages_and_files(before)
    assert not any(rel.startswith("versions/") for rel in comment.report.artifacts)


def test_a_narrative_change_keeps_a_version_too(history) -> None:
    _, steps = history
    files = steps["narrative"].files
    assert versions_in(files) == {"1", "2", "3"}
    assert steps["narrative"].report.corrections == 0
    assert b"The seizure" in files["versions/3/en/index.html"]
    assert b"The takedown" in files["en/index.html"]
    assert previous_link(files["en/index.html"]) == "../versions/3/en/index.html"
    assert previous_link(files["it/index.html"]) == "../versions/3/it/index.html"


def test_the_manifest_records_every_kept_file(history) -> None:
    work, steps = history
    out = work / "output"
    manifest = read_manifest(out)
    assert manifest is not None
    kept = {rel for rel in steps["narrative"].files if rel.startswith("versions/")}
    assert kept <= set(manifest["artifacts"])
    for rel in kept:
        assert manifest["artifacts"][rel]["sha256"] == sha256((out / rel).read_bytes()), rel


def test_the_same_history_gives_the_same_folders(history, tmp_path: Path) -> None:
    work, steps = history
    again = _replay(tmp_path, work / "cache")  # every image is in the cache by now
    assert [s.name for s in again] == list(steps)
    for step in again:
        assert step.files == steps[step.name].files, step.name


def test_a_missing_kept_file_makes_the_output_stale(history, tmp_path: Path) -> None:
    from explainer.build.identity import tool_identity
    from explainer.build.manifest import is_fresh

    work, _ = history
    content = work / "story" / "content.yaml"
    out = tmp_path / "output"
    shutil.copytree(work / "output", out)
    manifest = read_manifest(out)
    assert is_fresh(content, out, manifest, tool_identity())
    (out / "versions/1/en/index.html").unlink()
    assert not is_fresh(content, out, manifest, tool_identity())


def test_a_folder_with_kept_versions_still_audits_clean(history) -> None:
    """`explainer audit` checks what the build says now; the kept pages said what they
    said then (their numbers are not this build's), so it leaves `versions/` alone."""
    from explainer.build.audit import audit

    work, steps = history
    assert versions_in(steps["narrative"].files)
    report = audit(work / "output")
    assert report.ok, "\n".join(report.lines())
