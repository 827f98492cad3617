"""Every interface word the tool writes, in English, marked for gettext.

Each message has a short key (its gettext context, and the name a story's `strings:`
uses to override it) and its English text (the msgid translators see). `{name}` marks a
value filled in at run time; keep them in translations. `NP_` messages have a plural:
translators give one form per plural form of their language.

The catalogs live in `locales/<lang>/LC_MESSAGES/explainer.po`; `make catalogs`
extracts this file into `locales/explainer.pot` and merges it into each catalog
(`pybabel extract -k N_:1c,2 -k NP_:1c,2,3`, then `pybabel update`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    key: str
    english: str
    plural: str | None = None  # the English plural, for messages that have one


def N_(key: str, english: str) -> Message:  # noqa: N802 (gettext's marker names)
    return Message(key, english)


def NP_(key: str, singular: str, plural: str) -> Message:  # noqa: N802
    return Message(key, singular, plural)


_ALL = [
    # approximation words, placed around a number as each language places them
    N_("approx.about", "about {n}"),
    N_("approx.almost", "almost {n}"),
    N_("approx.at_least", "at least {n}"),
    N_("approx.more_than", "more than {n}"),
    N_("approx.up_to", "up to {n}"),
    # what kind of figure a fact is
    N_("kind.reported", "reported"),
    N_("kind.estimated", "estimated"),
    N_("kind.derived", "calculated"),
    # TRANSLATORS: a number written in words and its noun or currency:
    # "5 million people",
    # "5 milioni di persone", "5 millions de personnes", "3,54 milioni di €"
    N_("compact.unit", "{n} {unit}"),
    # TRANSLATORS: the same, for a noun that starts with a vowel or a mute h
    # (French: "{n} d’{unit}", "3,2 millions d’hectares"); else as compact.unit
    N_("compact.unit_vowel", "{n} {unit}"),
    # TRANSLATORS: a rate per one of the story's count units: "59 € per client"
    N_("unit.per", "{value} per {unit}"),
    # TRANSLATORS: punctuation between a label and what it labels (French: " : " with a
    # no-break space before the colon), and between the items of a list ("; ")
    N_("punct.colon", ": "),
    N_("punct.semicolon", "; "),
    # charts
    N_("chart.source", "Source: {sources}"),
    N_("chart.source_title", "“{title}”"),
    N_("chart.log_scale", "Logarithmic scale: each step is ten times the one before"),
    N_("chart.per_mark", "Each square = {n} {unit}"),
    N_("chart.highlight", "{label}: {n}"),
    N_("chart.times", "×{n}"),
    # a stage that shrinks: one of it for every {n} of the stage before
    N_("chart.one_in", "1 in {n}"),
    # a stage about as large as the one before (within 5 %)
    N_("chart.same", "≈ as many"),
    N_("chart.mark.estimated", "estimate"),
    N_("chart.mark.derived", "calculated"),
    N_("chart.note.estimated", "“Estimate”: the source gives this figure as an estimate."),
    N_(
        "chart.note.derived",
        "“Calculated”: worked out from the source’s figures, not given by it.",
    ),
    N_("chart.flow_note", "×: how many times the stage before (an average)."),
    N_("chart.flow_note.one_in", "1 in N: one for every N of the stage before (an average)."),
    N_("chart.flow_note.share", "%: the share of the stage before (an average)."),
    N_("chart.flow_note.same", "≈: about as many as the stage before."),
    # alt text
    N_("alt.ratio", "{a_label}, {a}, are about {ratio} times {b_label}, {b}."),
    N_("alt.ratio_short", "The largest, {a}, is about {ratio} times the next, {b}."),
    N_("alt.values", "{label}: {value}"),
    N_("alt.kind.big_numbers", "Key figures"),
    N_("alt.kind.ladder", "Dot chart on a logarithmic scale"),
    N_("alt.kind.waffle", "Unit chart"),
    N_("alt.kind.flow", "Chain diagram"),
    N_("alt.kind.map", "Map"),
    N_("alt.kind.bars", "Bar chart"),
    NP_(
        "alt.per_mark",
        "Each square stands for {n} {unit}; {count} square in all.",
        "Each square stands for {n} {unit}; {count} squares in all.",
    ),
    N_("alt.highlight", "Highlighted: {label}, {n}."),
    N_("alt.flow_ratios", "From one stage to the next: {ratios}."),
    # the page
    N_("page.skip", "Skip to the story"),
    N_("page.language", "Language"),
    N_("page.choose_language", "Choose a language"),
    N_("page.published", "Published"),
    N_("page.updated", "Last updated"),
    N_("page.corrections", "Update"),
    N_("page.was", "was"),
    N_("page.now", "now"),
    # TRANSLATORS: in the update box, a link to the page as it read before this update
    N_("page.previous_version", "Previous version"),
    N_("page.chart_description", "Chart description"),
    N_("page.get_data", "Get the data"),
    N_("page.image", "Image"),
    # TRANSLATORS: the chart drawn for a phone's screen, in its download links: "PNG (phone)"
    N_("page.phone", "phone"),
    N_("page.embed", "Embed this chart"),
    N_("page.embed_help", "Copy this code into your page"),
    N_("page.embed_image_help", "Where iframes are not allowed, the image with its text:"),
    N_("page.back_to_story", "Read the story"),
    N_("page.new_tab", "(opens in a new tab)"),
    N_("page.sources", "Facts and sources"),
    N_("page.facts_intro", "Every figure in this story, with the words of its source."),
    N_("page.facts", "Facts"),
    N_("page.formula", "Formula"),
    # where a fact is used, under it in "Facts and sources"
    N_("page.appears_in", "Appears in"),
    N_("page.used_in", "Used to calculate"),
    # TRANSLATORS: a part of the story that has no heading, in the list of a fact's uses
    N_("page.section_n", "section {n}"),
    N_("page.source", "Source"),
    N_("page.approx", "approximate: “{word}”"),
    N_("page.places", "Places"),
    N_("page.source_list", "Sources"),
    N_("page.credits", "Credits"),
    # a site of several stories (`explainer site`): its front page and language indexes
    N_("site.title", "Explainers"),
    N_("site.by_language", "Stories by language"),
    N_("site.all_languages", "All languages"),
    # TRANSLATORS: before the links to a story in its other languages ("Also in: English")
    N_("site.read_in", "Also in"),
]

MESSAGES: dict[str, Message] = {m.key: m for m in _ALL}
