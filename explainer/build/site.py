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
   output (hard links to `OUT/<id>`, copies where links fail), then each story is built
   into it with `build()`, so its own fast path, incremental images and corrections
   work as for a single story. All stories share one image cache
   (`OUT.parent/.explainer-cache` by default): a story that did not change renders
   nothing. With `jobs > 1` stories build in worker processes; the output does not
   depend on it.
3. The site's own pages (`site/front.py`) are written, and the staging folder is swapped
   in (`atomic.swap_in`). If anything fails, OUT is left exactly as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from explainer.build.atomic import swap_in
from explainer.build.lock import output_lock
from explainer.build.pipeline import BuildReport, build
from explainer.errors import ContentError, Problem
from explainer.facts.story import Story
from explainer.site import layout

__all__ = ["SiteReport", "build_site", "content_file"]

#: Names at the top of a site that a story id may not take (languages are added).
RESERVED = {layout.ASSETS, layout.INDEX}


@dataclass
class SiteReport:
    out: Path
    #: story id -> its build's report, in the order of the front page (newest first)
    stories: dict[str, BuildReport] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rendered(self) -> int:
        """Images drawn by this build, over every story (0: nothing changed)."""
        return sum(r.rendered for r in self.stories.values())

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        for story_id, report in self.stories.items():
            out += [f"{story_id}: {line.strip()}" for line in report.lines(verbose)]
        n = len(self.stories)
        out.append(
            f"{n} {'story' if n == 1 else 'stories'}, {len(self.pages)} index pages, "
            f"{self.rendered} images rendered → {self.out} ({self.seconds:.2f} s)"
        )
        return out


def content_file(story: Path | str) -> Path:
    """A STORY argument: a folder holding content.yaml, or a content file itself."""
    path = Path(story)
    return path / "content.yaml" if path.is_dir() else path


def _id_line(content: Path) -> tuple[int, int]:
    """Where the story's `id:` is written (for a problem about it); 1:1 if not found."""
    try:
        lines = content.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1, 1
    for n, line in enumerate(lines, 1):
        m = re.match(r"^(\s+)id:", line)
        if m:
            return n, len(m.group(1)) + 1
    return 1, 1


def _label(content: Path) -> str:
    from explainer.content.validate import display_name

    return str(display_name(content))


def validate_stories(contents: Sequence[Path]) -> list[Story]:
    """Every story, or ContentError with every problem of every story and of the site."""
    from explainer.content.validate import load_story

    stories: list[Story] = []
    problems: list[Problem] = []
    for content in contents:
        try:
            stories.append(load_story(content))
        except ContentError as e:
            problems += e.problems
    if problems:
        raise ContentError(problems)
    locales = {loc for s in stories for loc in s.locales}
    first: dict[str, Path] = {}
    for story, content in zip(stories, contents, strict=True):
        line, column = _id_line(content)
        if story.id in first:
            message = f"the story id {story.id!r} is also that of {_label(first[story.id])}"
            hint = "every story of a site needs its own id (its folder in the site)"
        elif story.id in RESERVED or story.id in locales:
            message = f"the story id {story.id!r} is a name the site uses for its own pages"
            hint = f"a story id cannot be {', '.join(sorted(RESERVED | locales))}"
        else:
            first[story.id] = content
            continue
        problems.append(Problem(_label(content), line, column, "story.id", message, hint))
    if problems:
        raise ContentError(problems)
    return stories


def _link_tree(src: Path, dest: Path) -> None:
    """A previous story output under the staging folder: hard links, copies where needed."""

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, dest, copy_function=link, symlinks=True)


def _build_one(content: Path, out: Path, cache: Path) -> BuildReport | list[Problem]:
    """One story's build (in a worker process too): its report, or its problems (a
    ContentError does not survive pickling whole, its problems do)."""
    try:
        return build(content, out, cache_dir=cache)
    except ContentError as e:
        return list(e.problems)


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
) -> SiteReport:
    """Build every story and the site's pages into `out`, atomically (see above)."""
    from explainer.site.front import newest_first, render_front

    start = time.perf_counter()
    out = Path(out)
    contents = [content_file(s).absolute() for s in stories]
    resolved = validate_stories(contents)
    cache = (cache_dir or out.parent / ".explainer-cache").absolute()
    report = SiteReport(out)
    with output_lock(out):
        staging = out.parent / f".{out.name}.site-tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
            for story in resolved:
                previous = out / story.id
                if (previous / layout.MANIFEST).is_file() and not previous.is_symlink():
                    _link_tree(previous, staging / story.id)
            targets = [(c, staging / s.id, cache) for c, s in zip(contents, resolved, strict=True)]
            if jobs > 1 and len(targets) > 1:
                with ProcessPoolExecutor(max_workers=min(jobs, len(targets))) as pool:
                    results = list(pool.map(_build_one, *zip(*targets, strict=True)))
            else:
                results = [_build_one(*t) for t in targets]
            problems = [p for r in results if isinstance(r, list) for p in r]
            if problems:
                raise ContentError(problems)
            built = {s.id: r for s, r in zip(resolved, results, strict=True)}
            for lock in staging.glob(".*.lock"):  # each story build's lock file
                lock.unlink()
            files = render_front(resolved, _cards(staging, resolved))
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
        assert isinstance(result, BuildReport)
        result.out = out / story.id
        report.stories[story.id] = result
    report.pages = sorted(rel for rel in files if rel.endswith(".html"))
    report.seconds = time.perf_counter() - start
    return report
