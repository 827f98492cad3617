"""`explainer build`: content.yaml → output/, incremental, atomic, locked.

    build(content, out) -> BuildReport

1. Fast path: if the content file, the files it references and the tool are exactly
   those of the last build, and output/ still holds what that build wrote, there is
   nothing to do: no validation, no plotting, no browser.
2. Validate and resolve the story (any problem: ContentError, nothing touched).
3. Plan: every artifact gets a key, the hash of exactly what it is made from. For an
   image that is the Plotly figure itself (computed from the resolved facts, so a
   derived fact follows its inputs), its size and format, the font and the versions
   of explainer, plotly and kaleido. The browser is looked for only when an image
   must be drawn: a rebuild whose images are all cached needs none.
4. Export only the images whose key is not in the cache, all in one browser session.
5. Render pages, CSV, alt text, manifest into a staging folder beside output/, then
   swap it in. If anything fails, output/ is left exactly as it was.
6. Versions (`versions.py`): the previous output's `versions/` goes into staging too,
   and when a page says something new, the version it replaces is kept as the next
   `versions/<n>/`, which the new pages' update box links to.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.build.faults import fault
from explainer.build.identity import input_files, sha256, tool_identity
from explainer.build.lock import output_lock
from explainer.build.manifest import MANIFEST_VERSION, is_fresh, read_manifest
from explainer.errors import ContentError, Problem
from explainer.site import layout

__all__ = ["BuildReport", "build", "image_jobs_for", "look_of"]


# -- report -----------------------------------------------------------------------------
@dataclass
class BuildReport:
    out: Path
    #: path -> "fresh" | "stale" | "new"
    artifacts: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    corrections: int = 0
    fast: bool = False
    browser_started: bool = False
    seconds: float = 0.0
    #: The content's warnings (numbers typed by hand), from this build or the last one,
    #: and the brand file's (colours colour-blind readers confuse).
    warnings: list[Problem] = field(default_factory=list)
    #: With `assets_root`: the files of the shared `assets/` folder this build's pages
    #: link to and did not write, {`assets/…`: bytes}, the same for every story built
    #: with the same brand (write each once). Empty otherwise.
    assets: dict[str, bytes] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for s in self.artifacts.values() if s == status)

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        if verbose:
            out += [f"  {status:5}  {path}" for path, status in sorted(self.artifacts.items())]
        fresh = self.count("fresh")
        changed = len(self.artifacts) - fresh
        summary = f"{fresh} fresh, {changed} re-rendered"
        if self.fast:
            summary = f"nothing changed: {fresh} fresh, 0 re-rendered"
        extra = (
            f"; {self.corrections} correction{'s' if self.corrections != 1 else ''} recorded"
            if self.corrections
            else ""
        )
        out.append(f"{summary}{extra} → {self.out} ({self.seconds:.2f} s)")
        return out


# -- hashing ----------------------------------------------------------------------------
# -- the build ------------------------------------------------------------------------------
def build(
    content: Path | str,
    out: Path | str,
    *,
    use_cache: bool = True,
    progress: bool = False,
    cache_dir: Path | None = None,
    strict: bool = False,
    plan: Any = None,
    brand: Path | str | None = None,
    assets_root: str | None = None,
) -> BuildReport:
    """`plan`: the story's `plan.Site`, when the caller planned it already (`explainer
    site` plans every story first, to draw all their images in one browser session); its
    images' figures may be None once they are in the cache.

    `brand`: a brand file (its problems, like the content's, raise ContentError before
    anything is written; a `plan` must then have been made with the same brand).
    `assets_root` ("..", for a site): the pages link `<assets_root>/assets/…` instead of
    the story's own `assets/`, which is not written; `report.assets` holds its files."""
    start = time.perf_counter()
    content, out = Path(content), Path(out)
    cache = cache_dir or out.parent / ".explainer-cache"
    report = BuildReport(out)
    tool = tool_identity()
    the_brand: Any = None
    brand_warnings: Sequence[Problem] = ()
    if brand is not None:  # imported only then: the no-change rebuild stays light
        from explainer.brand.load import load_brand_warned

        the_brand, brand_warnings = load_brand_warned(brand, strict=strict)
    # the brand's files and where the assets are: a build with others is not fresh
    look = look_of(the_brand, assets_root)
    with output_lock(out):
        manifest = read_manifest(out)
        if (
            use_cache
            and content.is_file()
            and is_fresh(content, out, manifest, tool)
            and (manifest or {}).get("look") == look
        ):
            assert manifest is not None
            # the content is the one the last build checked: its warnings stand
            report.warnings = [Problem(**w) for w in manifest.get("warnings", [])]
            if strict and report.warnings:
                raise ContentError(report.warnings)
            report.fast = True
            report.artifacts = {
                rel: "fresh" for rel in manifest["artifacts"] if not layout.is_kept(rel)
            }
        else:
            _full_build(
                content,
                out,
                cache,
                manifest,
                tool,
                report,
                use_cache,
                progress,
                strict,
                plan,
                brand=the_brand,
                assets_root=assets_root,
                look=look,
            )
    report.warnings += brand_warnings
    if assets_root is not None:
        from explainer.site.look import asset_files

        report.assets = asset_files(the_brand)
    report.seconds = time.perf_counter() - start
    return report


def look_of(brand: Any, assets_root: str | None) -> dict[str, Any] | None:
    """What the manifest records of the brand's files and the assets' place (`look`);
    None, and no such entry, with neither."""
    if brand is None and assets_root is None:
        return None
    return {
        "brand": dict(brand.inputs) if brand is not None else None,
        "assets_root": assets_root,
    }


def _full_build(
    content: Path,
    out: Path,
    cache: Path,
    manifest: Mapping[str, Any] | None,
    tool: dict[str, str],
    report: BuildReport,
    use_cache: bool,
    progress: bool,
    strict: bool = False,
    plan: Any = None,
    *,
    brand: Any = None,
    assets_root: str | None = None,
    look: dict[str, Any] | None = None,
) -> None:
    from explainer.brand.story import branded_story
    from explainer.build import corrections as corr
    from explainer.build import versions
    from explainer.build.atomic import swap_in
    from explainer.build.ledger import number_ledger
    from explainer.build.plan import plan_site, render_images
    from explainer.content.validate import load_story_warned
    from explainer.site.page import previous_version

    story, warnings = load_story_warned(content, strict=strict)
    report.warnings = list(warnings)
    story = branded_story(story, brand)
    fault("after-validate")

    # corrections: compare with the facts of the last build in this output folder
    facts_now = {f.id: corr.fact_record(f, story) for f in story.facts.values()}
    record_path = corr.corrections_file(content)
    recorded = corr.load_corrections(record_path)
    added = []
    if manifest and "facts" in manifest:
        added = corr.new_corrections(corr.compare(manifest["facts"], facts_now), story)
    all_corrections = [*recorded, *added]
    report.corrections = len(added)

    site = plan if plan is not None else plan_site(story, brand, assets_root)
    previous = (manifest or {}).get("artifacts", {})
    cache.mkdir(parents=True, exist_ok=True)
    started = render_images(
        site.images,
        cache,
        use_cache=use_cache,
        progress=progress,
        font_files=[f.path for f in brand.fonts] if brand is not None else (),
    )
    report.browser_started = started > 0
    report.rendered = started
    fault("after-export")

    import shutil  # here: the fast path does without it (and the compressors it loads)

    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shown_corrections = corr.newest_first(all_corrections)
        # versions: the pages link to the newest kept one; if they now say something
        # else than the published pages, those are kept as the next, and linked to
        kept = versions.latest(out)  # kept even where the manifest is gone: no redo
        with previous_version(versions.folder(kept) if kept else None):
            files = site.finish(story, cache, shown_corrections)
        published = versions.published_pages(out, manifest)
        new_version = versions.changed(published, files)
        if new_version:
            with previous_version(versions.folder(kept + 1)):
                files = site.finish(story, cache, shown_corrections)
        files["facts.json"] = (
            json.dumps(
                {"story": story.id, "facts": facts_now},
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
            + "\n"
        ).encode()
        artifacts: dict[str, dict[str, Any]] = {}
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fault("write")
            # with versions kept, a file whose bytes did not change stays the same file
            # (a hard link to the old output's), so the versions sharing it cost nothing
            if not (kept or new_version) or not versions.share(out / rel, target, data):
                target.write_bytes(data)
            key = site.keys.get(rel) or sha256(data)
            artifacts[rel] = {"sha256": sha256(data), "bytes": len(data), "key": key}
            old = previous.get(rel)
            report.artifacts[rel] = (
                "new" if old is None else ("fresh" if old.get("key") == key else "stale")
            )
        if kept:
            versions.carry_over(out, staging)
        if new_version:
            versions.keep(out, staging, kept + 1, published, files)
        for rel in versions.kept_files(staging):
            data = (staging / rel).read_bytes()
            artifacts[rel] = {"sha256": sha256(data), "bytes": len(data), "key": sha256(data)}
        fault("before-swap")
        sources = sorted(str(s.file) for s in story.sources.values() if s.file)
        corrections_text = corr.dump_corrections(all_corrections) if all_corrections else None
        if corrections_text is not None:
            sources.append(record_path.name)
        manifest_out = {
            "version": MANIFEST_VERSION,
            "story": story.id,
            "tool": tool,
            "inputs": {
                **input_files(content, sources),
                **(
                    {record_path.name: sha256(corrections_text.encode())}
                    if corrections_text
                    else {}
                ),
            },
            "facts": facts_now,
            "artifacts": artifacts,
            "warnings": [dataclasses.asdict(w) for w in warnings],
            **({"look": look} if look is not None else {}),
            # every number the build printed and where it came from (`explainer audit`)
            "numbers": number_ledger(
                story, shown_corrections, {img.rel: (img.width, img.height) for img in site.images}
            ),
        }
        (staging / layout.MANIFEST).write_text(
            json.dumps(manifest_out, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if added and corrections_text is not None:
        record_path.write_text(corrections_text, encoding="utf-8")


def image_jobs_for(content: Path | str, out_dir: Path | str) -> list[Any]:
    """The reference story's export jobs, written under `out_dir` (for benchmarks)."""
    from explainer.build.plan import plan_site
    from explainer.content.validate import load_story
    from explainer.images.export import ImageJob

    site = plan_site(load_story(content))
    return [
        ImageJob(
            figure=img.figure,
            path=Path(out_dir) / img.rel,
            width=img.width,
            height=img.height,
            scale=img.scale,
            name=img.rel,
            svg_id=img.svg_id,
        )
        for img in site.images
    ]
