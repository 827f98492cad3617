"""`explainer site STORY... -o OUT`: many stories, one site, built atomically.

    report = build_site([Path("a"), Path("b/content.yaml")], Path("site"), jobs=2)

    site/
      index.html                 every story, newest first, linking to its languages
      assets/explainer.css, assets/site.css
      <locale>/index.html        the stories written in that locale, in it
      <story id>/…               the story exactly as `explainer build` writes it

1. Every story is validated first (`load_story`); any problem in any story stops the
   build with all of them (`ContentError`, each problem naming its file), and a story
   id used twice, or one that would take the place of a language index or the assets,
   is refused naming both files. Nothing is written.
2. Under the site's lock, a staging folder beside OUT receives each story's previous
   output (hard links to `OUT/<id>`, copies where links fail). Every story that changed
   is planned (`plan.plan_site`; in `jobs` worker processes), then every image missing
   from the shared cache, of every story, is drawn in ONE browser session
   (`plan.render_images`; an image two stories share is drawn once), then each story is
   built into the staging folder with `build()` and its plan (in `jobs` workers): all
   its images are cached, so no story build opens a browser, and its own fast path,
   corrections and versions work as for a single story. The image cache is shared
   (`OUT.parent/.explainer-cache` by default). The output does not depend on `jobs`.
3. The site's own pages (`site/front.py`) are written, and the staging folder is swapped
   in (`atomic.swap_in`). If anything fails, OUT is left exactly as it was.

Beyond one machine (a CI matrix, docs/ci/site-matrix.yml):

- `only=("id",)` validates every story but builds only those into OUT (a *part*: just
  `OUT/<id>/`, no site pages), so each CI job builds one story;
- `assemble=(folder, ...)` builds nothing: each story's folder is taken from a part
  (`<folder>/<id>/` or `<folder>/*/<id>/`), after checking that it was built from
  exactly this content and its sources by this explainer (as `manifest.is_fresh` does;
  a stale, missing or doubled part is refused naming the story and the folder), and the
  site's pages are written, atomically as ever.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer.build.atomic import swap_in
from explainer.build.identity import tool_identity
from explainer.build.lock import output_lock
from explainer.build.manifest import is_fresh, read_manifest
from explainer.build.parts import SiteError, assembled, selected
from explainer.build.parts import parts as find_parts
from explainer.build.pipeline import BuildReport, build, look_of
from explainer.build.plan import Site
from explainer.build.stories import content_file, validate_stories, validate_stories_and_brand
from explainer.errors import ContentError, Problem
from explainer.facts.story import Story
from explainer.site import layout

if TYPE_CHECKING:
    from explainer.brand.load import Brand

__all__ = ["SiteError", "SiteReport", "build_site", "content_file", "validate_stories"]

#: Where a site's stories find their assets: the site's one `assets/` folder, above theirs.
ASSETS_ROOT = ".."


@dataclass
class SiteReport:
    out: Path
    #: story id -> its build's report, in the order of the front page (newest first)
    stories: dict[str, BuildReport] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: Images drawn by this build, over every story, each once (0: nothing changed).
    rendered: int = 0
    #: Browser sessions this build opened: 1 if it drew anything, else 0.
    browser_starts: int = 0
    #: The brand file's warnings (colours colour-blind readers may confuse).
    warnings: list[Problem] = field(default_factory=list)
    #: With `assemble`: story id -> the folder its output was taken from.
    parts: dict[str, Path] = field(default_factory=dict)

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        for story_id, report in self.stories.items():
            if story_id in self.parts:
                out.append(f"{story_id}: from {self.parts[story_id]}")
                continue
            out += [f"{story_id}: {line.strip()}" for line in report.lines(verbose)]
        n = len(self.stories)
        pages = f"{len(self.pages)} index pages" if self.pages else "no index pages (--only)"
        done = "assembled" if self.parts else f"{self.rendered} images rendered"
        out.append(
            f"{n} {'story' if n == 1 else 'stories'}, {pages}, "
            f"{done} → {self.out} ({self.seconds:.2f} s)"
        )
        return out


def _link_tree(src: Path, dest: Path) -> None:
    """A story's folder under the staging folder: hard links, copies where needed."""

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, dest, copy_function=link, symlinks=True)


# -- building: plan every story, draw every missing image once, build each story ------------
def _brand(path: Path | None) -> Brand | None:
    from explainer.brand.load import load_brand

    return load_brand(path) if path is not None else None


def _plan_one(
    content: Path, cache: Path, story: Story | None = None, brand: Path | None = None
) -> Site | list[Problem]:
    """A story's plan (in a worker process too), each image's figure kept (as a plain
    dict, cheap to send between processes) only if the image is not in the cache; in
    the brand's look, for the site's shared assets (as `_build_one` builds it)."""
    from explainer.brand.story import branded_story
    from explainer.build.plan import plan_site
    from explainer.content.validate import load_story

    try:
        the_brand = _brand(brand)
        resolved = story if story is not None else load_story(content)
        site = plan_site(branded_story(resolved, the_brand), the_brand, ASSETS_ROOT)
    except ContentError as e:
        return list(e.problems)
    # one dict per figure (its SVG and PNGs share it, so the browser draws it once)
    made: dict[int, tuple[Any, dict[str, Any]]] = {}

    def as_dict(figure: Any) -> dict[str, Any]:
        if id(figure) not in made:
            as_json = figure if isinstance(figure, dict) else figure.to_dict()
            made[id(figure)] = (figure, as_json)  # the figure held: its id stays its own
        return made[id(figure)][1]

    site.images = [
        dataclasses.replace(
            img, figure=None if img.cached(cache).is_file() else as_dict(img.figure)
        )
        for img in site.images
    ]
    return site


def _without_figures(site: Site) -> Site:
    """The plan a story build needs once its images are cached: no figure to send."""
    return dataclasses.replace(
        site, images=[dataclasses.replace(img, figure=None) for img in site.images]
    )


def _build_one(
    content: Path, out: Path, cache: Path, plan: Site | None, brand: Path | None = None
) -> BuildReport | list[Problem]:
    """One story's build (in a worker process too): its report, or its problems (a
    ContentError does not survive pickling whole, its problems do)."""
    try:
        return build(content, out, cache_dir=cache, plan=plan, brand=brand, assets_root=ASSETS_ROOT)
    except ContentError as e:
        return list(e.problems)


@contextmanager
def _workers(jobs: int, tasks: int) -> Iterator[Callable[..., list[Any]]]:
    """`map` over `jobs` worker processes (started once for both passes), or in this one."""
    pool: Executor | None = None
    if jobs > 1 and tasks > 1:
        pool = ProcessPoolExecutor(max_workers=min(jobs, tasks))

    def run(fn: Callable[..., Any], *args: Sequence[Any]) -> list[Any]:
        if pool is None or len(args[0]) < 2:
            return [fn(*a) for a in zip(*args, strict=True)]
        return list(pool.map(fn, *args))

    try:
        yield run
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _raise_problems(results: Sequence[Any]) -> None:
    problems = [p for r in results if isinstance(r, list) for p in r]
    if problems:
        raise ContentError(problems)


def _build_stories(
    contents: Sequence[Path],
    stories: Sequence[Story],
    staging: Path,
    cache: Path,
    jobs: int,
    report: SiteReport,
    brand: Path | None,
    the_brand: Brand | None,
) -> dict[str, BuildReport]:
    """Build `stories` into `staging/<id>`, drawing their missing images in one session."""
    from explainer.build.plan import render_images

    tool = tool_identity()
    look = look_of(the_brand, ASSETS_ROOT)

    def fresh(content: Path, folder: Path) -> bool:
        manifest = read_manifest(folder)
        return is_fresh(content, folder, manifest, tool) and (manifest or {}).get("look") == look

    stale = [
        i
        for i, (content, story) in enumerate(zip(contents, stories, strict=True))
        if not fresh(content, staging / story.id)
    ]
    cache.mkdir(parents=True, exist_ok=True)
    with _workers(jobs, len(stale)) as run:
        plans: list[Site | None] = [None] * len(stories)
        planned = run(
            _plan_one,
            [contents[i] for i in stale],
            [cache] * len(stale),
            # in this process the resolved story serves; a worker loads its own
            [stories[i] if jobs == 1 or len(stale) < 2 else None for i in stale],
            [brand] * len(stale),
        )
        _raise_problems(planned)
        for i, site in zip(stale, planned, strict=True):
            plans[i] = site
        # every image missing from the cache, of every story, in one browser session;
        # render_images draws an image two stories share (the same key) once
        missing = [img for site in plans if site for img in site.images if img.figure is not None]
        fonts = [f.path for f in the_brand.fonts] if the_brand is not None else []
        report.rendered = render_images(missing, cache, font_files=fonts)
        report.browser_starts = 1 if report.rendered else 0
        results = run(
            _build_one,
            list(contents),
            [staging / s.id for s in stories],
            [cache] * len(stories),
            [_without_figures(site) if site else None for site in plans],
            [brand] * len(stories),
        )
    _raise_problems(results)
    built: dict[str, BuildReport] = {}
    drawn: set[str] = set()
    for story, site, result in zip(stories, plans, results, strict=True):
        assert isinstance(result, BuildReport)
        # the images this story was the first to need (its build found them all cached)
        report.browser_starts += result.browser_started
        own = {img.key for img in site.images if img.figure is not None} if site else set()
        result.rendered += len(own - drawn)
        drawn |= own
        built[story.id] = result
    return built


def _cards(staging: Path, stories: Sequence[Story]) -> dict[str, set[str]]:
    return {
        s.id: {loc for loc in s.locales if (staging / s.id / layout.social_card(loc)).is_file()}
        for s in stories
    }


def build_site(
    stories: Sequence[Path | str],
    out: Path | str,
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    only: Sequence[str] = (),
    assemble: Sequence[Path | str] = (),
    brand: Path | str | None = None,
) -> SiteReport:
    """Build every story and the site's pages into `out`, atomically (see above).

    `only`: build just these story ids into `out` (a part, no site pages); `assemble`:
    build nothing, take each story from these parts. Not both. `brand`: the newsroom's
    brand file, for every story and the site's pages."""
    from explainer.site.front import newest_first, render_front
    from explainer.site.look import asset_files

    if only and assemble:
        raise SiteError("--only builds a part, --assemble assembles parts: give one of them")
    start = time.perf_counter()
    out = Path(out)
    contents = [content_file(s).absolute() for s in stories]
    brand_path = Path(brand).absolute() if brand is not None else None
    resolved, the_brand, warnings = validate_stories_and_brand(contents, brand_path)
    chosen = selected(resolved, only)
    contents = [contents[i] for i in chosen]
    resolved = [resolved[i] for i in chosen]
    parts: dict[str, Path] = {}
    if assemble:
        parts = find_parts(
            contents,
            resolved,
            [Path(f) for f in assemble],
            "explainer site STORY...",
            look_of(the_brand, ASSETS_ROOT),
        )
    cache = (cache_dir or out.parent / ".explainer-cache").absolute()
    report = SiteReport(out)
    report.warnings = warnings
    files: dict[str, bytes] = {}
    with output_lock(out):
        staging = out.parent / f".{out.name}.site-tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
            for story in resolved:
                previous = parts.get(story.id, out / story.id)
                if (previous / layout.MANIFEST).is_file() and not previous.is_symlink():
                    _link_tree(previous, staging / story.id)
            if parts:
                built = {s.id: assembled(staging / s.id, out / s.id) for s in resolved}
            else:
                built = _build_stories(
                    contents, resolved, staging, cache, jobs, report, brand_path, the_brand
                )
            for lock in staging.glob(".*.lock"):  # each story build's lock file
                lock.unlink()
            if not only:
                # the assets every story's pages link to (`ASSETS_ROOT`), written once
                files = asset_files(the_brand)
                files.update(render_front(resolved, _cards(staging, resolved), the_brand))
            for rel, data in sorted(files.items()):
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    for story in newest_first(resolved):
        result = built[story.id]
        result.out = out / story.id
        report.stories[story.id] = result
    report.parts = parts
    report.pages = sorted(rel for rel in files if rel.endswith(".html"))
    report.seconds = time.perf_counter() - start
    return report
