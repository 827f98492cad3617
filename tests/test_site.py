"""`explainer site`: several stories under a newsroom's brand, one site (front page,
language indexes, each story as `explainer build` makes it, one shared `assets/`), built
atomically; every link of every page resolves; a rebuild with nothing changed draws
nothing; a changed fact keeps the page it replaces; a bad story or a story id used twice
leaves the site as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.build.site import build_site, validate_stories
from explainer.cli import cli
from explainer.errors import ContentError
from tests.conftest import ROOT, cli_runner, copy_story, png_size

STORIES = ROOT / "tests" / "stories"
BRAND = ROOT / "tests" / "brands" / "daily" / "brand.yaml"
ACCENT = "#8E1B5A"  # the brand's first colour


def _story(folder: Path, name: str) -> Path:
    """tests/stories/<name>.yaml as <folder>/content.yaml, with its source file."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(STORIES / f"{name}.yaml", folder / "content.yaml")
    shutil.copy(STORIES / "sources" / f"{name}.txt", folder / "sources")
    return folder


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden ones too) and the hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.story_hrefs: list[str] = []
        self._in_list = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        if tag == "ul" and "story-list" in (values.get("class") or ""):
            self._in_list = True
        if self._in_list and tag == "a" and values.get("href"):
            self.story_hrefs.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_list = False


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The reference story (it, en; 2019), minimal (it, en; 2019) and haefen (de, en;
    2024) under the test brand, built once into work/site."""
    work = tmp_path_factory.mktemp("site")
    copy_story(work / "xtream")
    stories = [
        _story(work / "minimal", "minimal"),
        _story(work / "haefen", "haefen"),
        work / "xtream",
    ]
    report = build_site(stories, work / "site", jobs=2, brand=BRAND)
    assert list(report.stories) == ["haefen", "minimal", "xtream-codes"]
    assert report.browser_starts == 1
    return work / "site", stories


STORY_LOCALES = {"minimal": ("it", "en"), "haefen": ("de", "en"), "xtream-codes": ("it", "en")}


def _titles(page: Path) -> list[str]:
    return re.findall(r'<span class="language-title">([^<]*)</span>', page.read_text("utf-8"))


def test_every_index_lists_its_stories_newest_first(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    xtream = {
        "it": "Xtream Codes, il sequestro che mette nel mirino gli utenti delle tv pirata",
        "en": "Xtream Codes: the seizure that puts pirate TV viewers in the spotlight",
    }
    assert _titles(out / "index.html") == ["Häfen im Wandel", "Una storia di prova", xtream["it"]]
    assert _titles(out / "en" / "index.html") == ["Ports in flux", "A test story", xtream["en"]]
    en = (out / "en" / "index.html").read_text("utf-8")
    assert en.index("haefen/en/index.html") < en.index("minimal/en/index.html")
    assert _titles(out / "de" / "index.html") == ["Häfen im Wandel"]
    assert _titles(out / "it" / "index.html") == ["Una storia di prova", xtream["it"]]
    assert '<html lang="it"' in (out / "it" / "index.html").read_text("utf-8")
    # each story as `explainer build` makes it, with its social cards on the indexes
    for story_id, locales in STORY_LOCALES.items():
        assert (out / story_id / "manifest.json").is_file()
        for loc in locales:
            assert (out / story_id / loc / "index.html").is_file()
            assert f"{story_id}/{loc}/social.png" in (out / loc / "index.html").read_text("utf-8")
    # no script, the story pages' policy, and no lock or staging left behind
    for page in out.glob("**/index.html"):
        if page.parent in (out, out / "en", out / "de", out / "it"):
            text = page.read_text("utf-8")
            assert "<script" not in text and "Content-Security-Policy" in text
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not [p.name for p in out.parent.iterdir() if ".site-tmp-" in p.name]


def test_every_relative_link_of_every_page_resolves(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    indexes = [out / "index.html", *(out / loc / "index.html" for loc in ("de", "en", "it"))]
    for page in indexes:
        assert _parse(page).story_hrefs, page
    pages = sorted(out.rglob("*.html"))
    names = {p.relative_to(out).as_posix() for p in pages}
    for story_id, locales in STORY_LOCALES.items():  # every story's pages and embeds
        for loc in locales:
            assert f"{story_id}/{loc}/index.html" in names
            assert any(n.startswith(f"{story_id}/{loc}/charts/") for n in names), story_id
    checked = 0
    for page in pages:
        for link in _parse(page).links:
            if link.startswith(("data:", "#")) or re.match(r"^[a-z]+:", link):
                continue  # absolute addresses (canonical, og:) point at base_url
            assert not link.startswith("/"), link
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: {link}"
            assert out.resolve() in target.parents, f"{page.relative_to(out)} leaves the site"
            checked += 1
    assert checked > 300


def test_the_stories_share_one_assets_folder_each_file_once(
    site: tuple[Path, list[Path]],
) -> None:
    out, _ = site
    shared = {p.name: p.read_bytes() for p in (out / "assets").iterdir()}
    assert {"explainer.css", "charts.js", "inter-latin.woff2", "site.css"} <= set(shared)
    assert any(name.startswith("brand-logo-") for name in shared)
    assert sum(name.startswith("brand-font-") for name in shared) == 2  # bold and regular
    for story_id, locales in STORY_LOCALES.items():
        assert not (out / story_id / "assets").exists(), story_id
        for loc in locales:
            page = (out / story_id / loc / "index.html").read_text("utf-8")
            assert 'href="../../assets/explainer.css"' in page
    # no asset's bytes anywhere else in the site
    seen = set(shared.values())
    others = [p for p in out.rglob("*") if p.is_file() and p.parent != out / "assets"]
    assert not [p for p in others if p.read_bytes() in seen]


def test_the_brand_is_in_the_charts_the_css_and_every_page(
    site: tuple[Path, list[Path]],
) -> None:
    out, _ = site
    r, g, b = (int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    accent = re.compile(rf"{ACCENT}|rgb\({r}, ?{g}, ?{b}\)", re.IGNORECASE)
    assert accent.search((out / "assets" / "explainer.css").read_text("utf-8"))
    for story_id, locales in STORY_LOCALES.items():
        for loc in locales:
            svgs = sorted((out / story_id / loc / "charts").glob("*.svg"))
            assert svgs and any(accent.search(p.read_text("utf-8")) for p in svgs), story_id
            assert "The Daily Example" in (out / story_id / loc / "index.html").read_text("utf-8")
    for page in (out / "index.html", out / "en" / "index.html"):
        assert "The Daily Example" in page.read_text("utf-8")


def test_every_chart_has_a_social_card_of_1200_by_630(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    for story_id, locales in STORY_LOCALES.items():
        for loc in locales:
            charts = out / story_id / loc / "charts"
            cards = sorted(charts.glob("*.card.png"))
            assert len(cards) == len(list(charts.glob("*.embed.html"))) > 0
            assert {png_size(card) for card in cards} == {(1200, 630)}


def test_a_rebuild_with_nothing_changed_draws_nothing(site: tuple[Path, list[Path]]) -> None:
    out, stories = site
    before = _tree(out)
    report = build_site(stories, out, jobs=1, brand=BRAND)  # the number of workers: no matter
    assert report.rendered == 0
    assert all(r.fast and r.rendered == 0 for r in report.stories.values())
    assert _tree(out) == before


def test_a_bad_story_is_refused_with_its_problems_and_the_site_is_untouched(
    site: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    out, stories = site
    bad = _story(tmp_path / "bad", "minimal")
    text = (bad / "content.yaml").read_text("utf-8")
    text = text.replace("id: minimal", "id: broken", 1).replace("unit: people", "unit: parsecs", 1)
    (bad / "content.yaml").write_text(text, "utf-8")
    before = _tree(out)
    result = cli_runner().invoke(
        cli, ["site", *map(str, [*stories, bad]), "-o", str(out), "--brand", str(BRAND)]
    )
    assert result.exit_code == 2, result.output
    assert "bad/content.yaml" in result.stderr and "parsecs" in result.stderr
    assert "nothing was written" in result.stderr
    assert _tree(out) == before


def test_a_story_id_used_twice_is_refused_naming_both_files(tmp_path: Path) -> None:
    one = _story(tmp_path / "one", "minimal") / "content.yaml"
    two = _story(tmp_path / "two", "minimal") / "content.yaml"
    with pytest.raises(ContentError) as caught:
        validate_stories([one, two])
    (problem,) = caught.value.problems
    assert problem.file.endswith("two/content.yaml") and "one/content.yaml" in problem.message
    assert problem.path == "story.id" and problem.line == 3


def test_a_story_id_cannot_take_a_language_index_or_the_assets(tmp_path: Path) -> None:
    for taken in ("en", "assets"):
        story = _story(tmp_path / taken, "minimal") / "content.yaml"
        text = story.read_text("utf-8").replace("id: minimal", f"id: {taken}", 1)
        story.write_text(text, "utf-8")
        with pytest.raises(ContentError, match="site uses for its own pages"):
            validate_stories([story])


def test_a_changed_fact_keeps_the_page_it_replaces_linked_from_the_update_box(
    site: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """On a copy of the site (hard links, as a publisher's rsync would keep them)."""
    out, stories = site
    work = out.parent
    before = _tree(out)
    copied = tmp_path / "site"
    shutil.copytree(out, copied, copy_function=os.link)
    changed = tmp_path / "xtream"
    shutil.copytree(stories[2], changed)
    content = changed / "content.yaml"
    content.write_text(
        content.read_text("utf-8").replace("value: 18000", "value: 20000", 1), "utf-8"
    )
    report = build_site(
        [*stories[:2], changed], copied, brand=BRAND, cache_dir=work / ".explainer-cache"
    )
    assert report.rendered > 0 and report.stories["minimal"].fast
    story = copied / "xtream-codes"
    for loc, was, now in (
        ("it", "quasi 18.000", "quasi 20.000"),
        ("en", "almost 18,000", "almost 20,000"),
    ):
        kept = (story / "versions" / "1" / loc / "index.html").read_text("utf-8")
        assert was in kept and now not in kept
        page = (story / loc / "index.html").read_text("utf-8")
        assert now in page
        assert f'<li class="previous-version"><a href="../versions/1/{loc}/index.html">' in page
    assert _tree(out) == before, "the build wrote into a file the first site shares"
