"""A site's stories, read and checked together before anything is built: each story
valid, every id unique and free of the names the site uses for its own pages, and the
brand file valid; every problem of all of them at once (`ContentError`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explainer.errors import ContentError, Problem
from explainer.facts.story import Story
from explainer.site import layout

if TYPE_CHECKING:
    from explainer.brand.load import Brand

__all__ = ["RESERVED", "content_file", "label", "validate_stories", "validate_stories_and_brand"]

#: Names at the top of a site that a story id may not take (languages are added).
RESERVED = {layout.ASSETS, layout.INDEX}


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


def label(content: Path) -> str:
    """How a problem names the content file."""
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
            message = f"the story id {story.id!r} is also that of {label(first[story.id])}"
            hint = "every story of a site needs its own id (its folder in the site)"
        elif story.id in RESERVED or story.id in locales:
            message = f"the story id {story.id!r} is a name the site uses for its own pages"
            hint = f"a story id cannot be {', '.join(sorted(RESERVED | locales))}"
        else:
            first[story.id] = content
            continue
        problems.append(Problem(label(content), line, column, "story.id", message, hint))
    if problems:
        raise ContentError(problems)
    return stories


def validate_stories_and_brand(
    contents: Sequence[Path], brand: Path | None
) -> tuple[list[Story], Brand | None, list[Problem]]:
    """Every story and the brand, with the brand's warnings; or ContentError with every
    problem of every story, of the site and of the brand file."""
    problems: list[Problem] = []
    the_brand, warnings = None, []
    if brand is not None:
        from explainer.brand.load import load_brand_warned

        try:
            the_brand, found = load_brand_warned(brand)
            warnings = list(found)
        except ContentError as e:
            problems += e.problems
    try:
        stories = validate_stories(contents)
    except ContentError as e:
        problems += e.problems
    if problems:
        raise ContentError(problems)
    return stories, the_brand, warnings
