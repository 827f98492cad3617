"""The story as a brand publishes it: the newsroom's name and credits line resolved
for its locales (the charts' source lines, the cards and the pages read them)."""

from __future__ import annotations

import dataclasses

from explainer.brand.load import Brand
from explainer.facts.story import Story


def branded_story(story: Story, brand: Brand | None) -> Story:
    """`story` with the brand's name and per-locale credits (itself without a brand)."""
    if brand is None:
        return story
    return dataclasses.replace(
        story,
        newsroom=brand.name,
        newsroom_credits={loc: text for loc in story.locales if (text := brand.credits_for(loc))},
    )
