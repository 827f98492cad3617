"""`explainer site`: several stories, one site (front page, language indexes, each story
as `explainer build` makes it), built atomically; a rebuild with nothing changed draws
nothing; a bad story or a story id used twice leaves the site as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from explainer.build.site import build_site, validate_stories
from explainer.cli import cli
from explainer.errors import ContentError
from tests.conftest import ROOT

STORIES = ROOT / "tests" / "stories"


def _runner() -> CliRunner:
    """stdout and stderr apart (click 8.2+ always; 8.1 when asked)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


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
    """minimal (it, en; 2019) and haefen (de, en; 2024), built once into work/site."""
    work = tmp_path_factory.mktemp("site")
    stories = [_story(work / "minimal", "minimal"), _story(work / "haefen", "haefen")]
    report = build_site(stories, work / "site", jobs=2)
    assert list(report.stories) == ["haefen", "minimal"]
    return work / "site", stories


def _titles(page: Path) -> list[str]:
    return re.findall(r'<span class="language-title">([^<]*)</span>', page.read_text("utf-8"))


def test_every_index_lists_its_stories_newest_first(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    assert _titles(out / "index.html") == ["Häfen im Wandel", "Una storia di prova"]
    assert _titles(out / "en" / "index.html") == ["Ports in flux", "A test story"]
    en = (out / "en" / "index.html").read_text("utf-8")
    assert en.index("haefen/en/index.html") < en.index("minimal/en/index.html")
    assert _titles(out / "de" / "index.html") == ["Häfen im Wandel"]
    assert _titles(out / "it" / "index.html") == ["Una storia di prova"]
    assert '<html lang="it"' in (out / "it" / "index.html").read_text("utf-8")
    # each story as `explainer build` makes it, with its social cards on the indexes
    for story_id, locales in (("minimal", ("it", "en")), ("haefen", ("de", "en"))):
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


def test_every_link_of_every_index_page_resolves(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    pages = [out / "index.html", *(out / loc / "index.html" for loc in ("de", "en", "it"))]
    for page in pages:
        parsed = _parse(page)
        assert parsed.story_hrefs, page
        for link in parsed.links:
            if link.startswith("data:"):
                continue
            assert not re.match(r"^[a-z]+:|^/", link), link
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: {link}"


def test_a_rebuild_with_nothing_changed_draws_nothing(site: tuple[Path, list[Path]]) -> None:
    out, stories = site
    before = _tree(out)
    report = build_site(stories, out, jobs=1)  # and the number of workers changes nothing
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
    result = _runner().invoke(cli, ["site", *map(str, [*stories, bad]), "-o", str(out)])
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
