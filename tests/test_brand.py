"""A newsroom's brand file (`--brand`): its name, logo, palette, fonts and credits on the
charts, cards and pages, checked like content, and the built-in look's shipped type.

The small story `tests/brands/story.yaml` is built once with the brand of a made-up
newsroom (`tests/brands/daily/`) and once without, sharing one image cache; broken brand
files are in `tests/bad_brands/`.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from explainer.brand import colours, load_brand, load_brand_warned
from explainer.brand.fonts import _subset, subset_woff2
from explainer.brand.recolour import palette_of, recolour
from explainer.build import build
from explainer.charts import theme
from explainer.cli import cli
from explainer.errors import ContentError
from tests.conftest import ROOT, cli_runner

BRANDS = ROOT / "tests" / "brands"
STORY = BRANDS / "story.yaml"
DAILY = BRANDS / "daily" / "brand.yaml"
BAD = ROOT / "tests" / "bad_brands"
ACCENT = "#8E1B5A"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("brand-cache")


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    out = tmp_path_factory.mktemp("branded") / "out"
    build(STORY, out, brand=DAILY, cache_dir=cache)
    return out


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    out = tmp_path_factory.mktemp("plain") / "out"
    build(STORY, out, cache_dir=cache)
    return out


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _paints(svg: str, colour: str) -> bool:
    """True when the SVG paints with `colour` ('#RRGGBB'; Plotly writes rgb(r, g, b))."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})" in svg or colour.lower() in svg.lower()


# ------------------------------------------------------------------ the brand file


#: file -> what it must report: (where, words of the message); each with a hint.
BAD_BRANDS = {
    "unknown_key.yaml": [("unknown_key.yaml:1:1", "unknown key 'nmae'")],
    "bad_hex.yaml": [
        ("bad_hex.yaml:2:11", "'#8E1B5' is not a colour"),
        ("bad_hex.yaml:2:21", "'blue' is not a colour"),
    ],
    "low_contrast.yaml": [("low_contrast.yaml:2:11", "the accent #F5D90A has 1.4:1 contrast")],
    "missing_files.yaml": [
        ("missing_files.yaml:2:7", "no logo file 'no-such-logo.svg'"),
        ("missing_files.yaml:5:9", "no font file 'fonts/no-such-font.ttf'"),
    ],
    "logo_script.yaml": [
        ("logo_script.svg:1:1", "event attribute 'onload'"),
        ("logo_script.svg:2:3", "a <script> element"),
    ],
    "logo_external.yaml": [
        ("logo_external.svg:2:3", "refers to 'https://tracker.example/pixel.png'"),
        ("logo_external.svg:3:3", "'style' refers to something outside"),
    ],
    "several.yaml": [
        ("logo_script.svg:1:1", "onload"),
        ("logo_script.svg:2:3", "<script>"),
        ("several.yaml:3:22", "'#12' is not a colour"),
        ("several.yaml:5:13", "no font file 'fonts/missing.otf'"),
        ("several.yaml:6:1", "unknown key 'credit'"),
    ],
}


@pytest.mark.parametrize("name", sorted(BAD_BRANDS))
def test_a_bad_brand_file_gives_every_problem_located_and_hinted(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("published")
    result = cli_runner().invoke(
        cli, ["build", str(STORY), "-o", str(out), "--brand", str(BAD / name)]
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    problems = [line for line in lines if re.match(r"^\S+:\d+:\d+: ", line)]
    expected = BAD_BRANDS[name]
    assert len(problems) == len(expected), result.stderr  # all of them, in one run
    for where, words in expected:
        at = next(i for i, line in enumerate(lines) if where in line and words in line)
        assert lines[at + 1].startswith("    hint: ") and len(lines[at + 1]) > 12
    assert lines[-1].endswith("found; nothing was written.")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]  # output untouched


def test_colours_that_colour_blind_readers_confuse_are_a_warning() -> None:
    brand, warnings = load_brand_warned(BAD / "confusable.yaml")
    assert brand.palette == ("#D62728", "#2CA02C")
    (warning,) = warnings
    assert warning.warning and (warning.line, warning.column) == (2, 22)
    assert "deuteranopia" in warning.message and warning.hint
    with pytest.raises(ContentError) as e:  # --strict refuses it
        load_brand(BAD / "confusable.yaml", strict=True)
    assert "refused by --strict" in e.value.report()
    # the built-in palette and the test brand's are safe
    assert colours.confusable_findings(load_brand(DAILY).palette) == []


def test_derived_colours_keep_the_themes_contrast() -> None:
    for colour in load_brand(DAILY).palette:
        assert theme.contrast(colours.text_on_light(colour)) >= 4.5
        assert theme.contrast(colours.dark_mark(colour), theme.DARK_BACKGROUND) >= 4.5
        assert theme.contrast(colours.dark_text(colour), theme.DARK_BACKGROUND) >= 7


def test_the_brand_schema_documents_every_key(tmp_path: Path) -> None:
    target = tmp_path / "brand.schema.json"
    result = cli_runner().invoke(cli, ["schema", "--brand", "-o", str(target)])
    assert result.exit_code == 0, result.output
    schema = json.loads(target.read_text())
    assert set(schema["properties"]) >= {"name", "logo", "palette", "fonts", "credits"}
    assert all(p.get("description") for k, p in schema["properties"].items() if k != "fonts")


def test_font_subsets_are_deterministic_and_keep_the_font_date() -> None:
    font = load_brand(DAILY).body[0]
    first = subset_woff2(font)
    _subset.cache_clear()
    assert subset_woff2(font) == first
    original = TTFont(font.path)["head"].modified
    assert TTFont(io.BytesIO(first))["head"].modified == original


def test_a_changed_font_file_changes_the_image_keys(tmp_path: Path) -> None:
    from explainer.brand.story import branded_story
    from explainer.build.plan import plan_site
    from explainer.content.validate import load_story

    copy = tmp_path / "daily"
    shutil.copytree(DAILY.parent, copy)
    story = load_story(STORY)
    before = plan_site(branded_story(story, load_brand(copy / "brand.yaml")), load_brand(DAILY))
    font = copy / "fonts" / "DailySerif-Regular.ttf"
    tt = TTFont(font, recalcTimestamp=False)
    tt["head"].fontRevision += 1
    tt.save(font)
    brand = load_brand(copy / "brand.yaml")
    after = plan_site(branded_story(story, brand), brand)
    assert set(before.keys) == set(after.keys)
    assert all(before.keys[rel] != after.keys[rel] for rel in before.keys)


# ------------------------------------------------------------------ where it shows


def test_the_accent_is_in_the_charts_and_the_page_css(branded: Path, plain: Path) -> None:
    for name, colour, builtin in (
        ("quays.svg", ACCENT, theme.BLUE),
        ("quays.narrow.svg", ACCENT, theme.BLUE),
        ("fleet.svg", "#1F7A8C", theme.VERMILLION),  # the waffle's highlight: colour 2
    ):
        svg = _text(branded / "en" / "charts" / name)
        assert _paints(svg, colour) and not _paints(svg, builtin), name
        assert _paints(_text(plain / "en" / "charts" / name), builtin), name
    css = _text(branded / "assets" / "explainer.css").lower()
    assert f"--accent: {ACCENT.lower()}" in css
    # dark mode maps the brand's colours, not the theme's
    dark = palette_of(load_brand(DAILY).palette).dark(ACCENT)
    assert dark and f".cf-{ACCENT[1:].lower()} {{\n    fill: {dark.lower()};" in css


def test_the_name_is_in_the_source_lines_and_the_cards_metadata(branded: Path) -> None:
    svg = _text(branded / "en" / "charts" / "quays.svg")
    assert "Data desk · The Daily Example" in svg
    page = _text(branded / "en" / "index.html")
    assert '<meta property="og:site_name" content="The Daily Example">' in page
    assert '"publisher": {' in page and '"name": "The Daily Example"' in page
    embed = _text(branded / "en" / "charts" / "quays.embed.html")
    assert '<meta property="og:site_name" content="The Daily Example">' in embed
    assert "Graphics: The Daily Example data desk." in page  # the brand's credits line
    assert "Reporting: the harbour team." in page  # after the story's own


def test_the_logo_is_in_the_page_header(branded: Path) -> None:
    page = _text(branded / "en" / "index.html")
    src = re.search(r'<p class="site-brand"><img src="([^"]+)" alt="The Daily Example">', page)
    assert src, page[:3000]
    logo = (branded / "en" / src.group(1)).resolve()
    assert logo.read_bytes() == (DAILY.parent / "logo.svg").read_bytes()


def test_the_page_fonts_are_subsets_under_assets(branded: Path) -> None:
    css = _text(branded / "assets" / "explainer.css")
    faces = re.findall(r'font-family: "Daily Serif";\n  src: url\("([^"]+)"\)', css)
    assert len(faces) == 2
    page = _text(branded / "en" / "index.html")
    title = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)  # type: ignore[union-attr]
    for name in faces:
        woff2 = branded / "assets" / name
        font = TTFont(woff2)
        assert font.flavor == "woff2"
        assert woff2.stat().st_size < 40_000  # the Latin subset, not the whole font
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in set(title))
    assert '--heading: "Daily Serif", var(--sans);' in css


def test_a_png_drawn_in_the_brand_font_differs(tmp_path: Path) -> None:
    from explainer import charts
    from explainer.content.validate import load_story
    from explainer.images.export import ImageJob, export_images

    brand = load_brand(DAILY)
    story = load_story(STORY)
    chart = story.charts["quays"]
    fig = recolour(charts.figure(chart, story, "en"), brand)
    width, height = charts.size(chart, story, "en")
    job = ImageJob(fig, tmp_path / "brand.png", width, height)
    export_images([job], font_files=[f.path for f in brand.fonts])
    other = ImageJob(fig, tmp_path / "fallback.png", width, height)
    export_images([other])  # "Daily Serif" is not on this machine: drawn in Inter
    assert job.path.read_bytes() != other.path.read_bytes()


# ------------------------------------------------------------------ dark mode, real browser


def test_dark_mode_maps_the_brand_colours(branded: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browsing import ARGS, CHROMIUM, serve

    dark = palette_of(load_brand(DAILY).palette).dark(ACCENT)
    assert dark
    rgb = "rgb({}, {}, {})".format(*(int(dark[i : i + 2], 16) for i in (1, 3, 5)))
    with serve(branded) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(color_scheme="dark", viewport={"width": 1280, "height": 900})
            page.goto(base + "en/index.html")
            fills = page.eval_on_selector_all(
                f".chart-svg .cf-{ACCENT[1:].lower()}",
                "els => els.filter(e => e.getClientRects().length)"
                ".map(e => getComputedStyle(e).fill)",
            )
            family = page.eval_on_selector("h1", "e => getComputedStyle(e).fontFamily")
            loaded = page.evaluate(
                "document.fonts.ready.then(() => [...document.fonts]"
                ".filter(f => f.status === 'loaded').map(f => f.family))"
            )
        finally:
            browser.close()
    assert fills and set(fills) == {rgb}
    assert family.startswith('"Daily Serif"')
    assert '"Daily Serif"' in loaded or "Daily Serif" in loaded


# ------------------------------------------------------------------ builds


def test_a_brand_file_is_an_input_of_the_build(branded: Path, cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(branded, out)
    assert build(STORY, out, brand=DAILY, cache_dir=cache).fast
    copy = tmp_path / "daily"
    shutil.copytree(DAILY.parent, copy)
    logo = copy / "logo.svg"
    logo.write_text(_text(logo).replace("#2B1020", "#301020"))
    report = build(STORY, out, brand=copy / "brand.yaml", cache_dir=cache)
    assert not report.fast and report.artifacts["en/social.png"] == "stale"
    assert report.artifacts["en/charts/quays.png"] == "fresh"
    # without the brand: not fresh either, and the built-in look is back
    report = build(STORY, out, cache_dir=cache)
    assert not report.fast
    assert "The Daily Example" not in _text(out / "en" / "index.html")
    assert "look" not in json.loads(_text(out / "manifest.json"))


def test_pages_can_link_a_shared_assets_folder(branded: Path, cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "harbour"
    report = build(STORY, out, brand=DAILY, cache_dir=cache, assets_root="..")
    assert not (out / "assets").exists()
    page = _text(out / "en" / "index.html")
    assert 'href="../../assets/explainer.css"' in page
    assert 'href="../charts.css"' in page and (out / "charts.css").is_file()
    assert 'src="../../assets/brand-logo-' in page
    assert set(report.assets) == {f"assets/{p.name}" for p in (branded / "assets").iterdir()}
    # the shared stylesheet is the story's less its charts' dark rules (in charts.css)
    shared = report.assets["assets/explainer.css"].decode()
    assert shared in _text(branded / "assets" / "explainer.css")
    assert ".cf-" not in shared and ".cf-" in _text(out / "charts.css")


def test_without_a_brand_the_page_type_is_the_shipped_inter(plain: Path) -> None:
    page = _text(plain / "en" / "index.html")
    assert "site-brand" not in page.split("</header>")[0]
    css = _text(plain / "assets" / "explainer.css")
    assert (
        '--sans: "Inter", var(--fallback);' in css
        and "brand" not in css.split("---- brand")[0][-10:]
    )
    assert "Daily" not in css and not list((plain / "assets").glob("brand-*"))
    assert "The Daily Example" not in _text(plain / "en" / "charts" / "quays.svg")


def test_chart_text_is_measured_in_the_brand_fonts_own_widths() -> None:
    """A serif wider than Inter: labels are measured (wrapped, fitted) in its widths,
    read from the font file, so a big number does not run off its card."""
    from explainer.brand.fonts import advances
    from explainer.charts import typeset

    brand = load_brand(DAILY)
    text, size = "14,5 milliards", 46
    inter = typeset.text_width(text, size, bold=True)
    with typeset.measured_in(advances(brand.body)):
        serif = typeset.text_width(text, size, bold=True)
        regular = typeset.text_width(text, size)
    assert typeset.text_width(text, size, bold=True) == inter  # only inside the block
    bold_file = next(f.path for f in brand.body if f.weight == "700")
    tt = TTFont(bold_file)
    cmap, hmtx = tt.getBestCmap(), tt["hmtx"].metrics
    em = sum(hmtx[cmap[ord(c)]][0] for c in text) / tt["head"].unitsPerEm
    assert serif == pytest.approx(em * size * 1.04)  # the file's advances, and the slack
    assert serif > inter * 1.1 and regular < serif
