"""Beyond one machine (`explainer site --only ID`, `--assemble PARTS`): which stories a
part holds, and whether a part is the build of exactly this content by this explainer.

A CI job builds one story into a *part* (`--only`); a last job takes each story's folder
from the parts (`--assemble`), after checking each as `manifest.is_fresh` does, but
saying why one is refused: missing, doubled, built by another explainer, built from
other content, or with files missing. See docs/ci/site-matrix.yml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from explainer.build.identity import input_files, tool_identity
from explainer.build.manifest import MANIFEST_VERSION, read_manifest
from explainer.build.pipeline import BuildReport
from explainer.build.stories import label
from explainer.errors import ExplainerError
from explainer.facts.story import Story
from explainer.site import layout

__all__ = ["SiteError", "assembled", "parts", "selected"]


class SiteError(ExplainerError):
    """The site cannot be built as asked (an unknown `--only` id, a stale or missing
    part to assemble): nothing was written."""

    exit_code = 2


def selected(stories: Sequence[Story], only: Sequence[str]) -> list[int]:
    """The indexes of the stories `only` names (all without it); SiteError for an unknown id."""
    if not only:
        return list(range(len(stories)))
    ids = [s.id for s in stories]
    unknown = [i for i in dict.fromkeys(only) if i not in ids]
    if unknown:
        import difflib

        lines = []
        for wrong in unknown:
            near = difflib.get_close_matches(wrong, ids, n=1)
            lines.append(
                f"--only {wrong}: no story has this id"
                + (f" (did you mean {near[0]!r}?)" if near else "")
            )
        lines.append(f"    hint: the stories given have the ids {', '.join(sorted(ids))}")
        raise SiteError("\n".join(lines) + "\nnothing was written.")
    return [i for i, story_id in enumerate(ids) if story_id in only]


def _why_stale(
    content: Path, folder: Path, tool: Mapping[str, str], look: Mapping[str, Any] | None
) -> str | None:
    """Why `folder` is not the build of `content` by this explainer (None: it is); the
    checks of `manifest.is_fresh`, each with its reason."""
    manifest = read_manifest(folder)
    if manifest is None:
        return f"{folder / layout.MANIFEST} is missing or unreadable (not a finished build)"
    if manifest.get("version") != MANIFEST_VERSION or manifest.get("tool") != tool:
        theirs = manifest.get("tool") or {}
        what = [k for k in sorted(tool) if theirs.get(k) != tool[k]] or ["manifest version"]
        return f"it was built by another explainer (its {', '.join(what)} differs from this one's)"
    recorded: dict[str, str] = manifest.get("inputs", {})
    here = input_files(content, [k for k in recorded if k != content.name])
    changed = sorted(
        name for name in recorded.keys() | here.keys() if recorded.get(name) != here.get(name)
    )
    if changed:
        return (
            f"it was built from other content: {', '.join(changed)} "
            f"{'differs' if len(changed) == 1 else 'differ'} from {label(content)}'s"
        )
    gone = [
        rel
        for rel, meta in sorted(manifest.get("artifacts", {}).items())
        if not (folder / rel).is_file() or (folder / rel).stat().st_size != meta["bytes"]
    ]
    if gone:
        return f"{len(gone)} of its files are missing or changed (the first: {gone[0]})"
    if manifest.get("look") != look:
        return "it was built with another brand file (or none, or another's files)"
    return None


def parts(
    contents: Sequence[Path],
    stories: Sequence[Story],
    folders: Sequence[Path],
    rebuild: str,
    look: Mapping[str, Any] | None,
) -> dict[str, Path]:
    """Each story's built folder among the parts, checked; SiteError naming every
    story whose part is missing, doubled or stale."""
    tool = tool_identity()
    problems = [f"{f}: no such folder" for f in folders if not f.is_dir()]
    found: dict[str, Path] = {}
    for content, story in zip(contents, stories, strict=True):
        where = [f / story.id for f in folders if (f / story.id / layout.MANIFEST).is_file()]
        where += [
            m.parent for f in folders for m in sorted(f.glob(f"*/{story.id}/{layout.MANIFEST}"))
        ]
        where = list(dict.fromkeys(where))
        fix = f"    hint: build it with `{rebuild} --only {story.id} -o PART`, then assemble again"
        if not where:
            problems.append(
                f"story {story.id!r} ({label(content)}): no part holds it (looked for "
                f"{story.id}/{layout.MANIFEST} in {', '.join(map(str, folders))} and the "
                f"folders in them)\n{fix}"
            )
        elif len(where) > 1:
            problems.append(
                f"story {story.id!r}: more than one part holds it: "
                f"{', '.join(map(str, where))}\n    hint: give each story's part once"
            )
        elif reason := _why_stale(content, where[0], tool, look):
            problems.append(f"story {story.id!r}: the part {where[0]} is stale: {reason}\n{fix}")
        else:
            found[story.id] = where[0]
    if problems:
        n = len(problems)
        raise SiteError(
            "\n".join(problems)
            + f"\n{n} {'part' if n == 1 else 'parts'} refused; nothing was written."
        )
    return found


def assembled(manifest_of: Path, out: Path) -> BuildReport:
    """A report for a story taken from a part: nothing built, every file fresh."""
    manifest = read_manifest(manifest_of) or {}
    report = BuildReport(out, fast=True)
    report.artifacts = {
        rel: "fresh" for rel in manifest.get("artifacts", {}) if not layout.is_kept(rel)
    }
    return report
