"""Image export: one Kaleido session, checked outputs, deterministic SVG, shipped font."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path
from xml.etree import ElementTree

import plotly.graph_objects as go
import pytest

from explainer.images import checks, export, fonts, svg_ids
from explainer.images.export import (
    DEFAULT_TIMEOUT,
    BrowserNotFound,
    ExportError,
    ImageJob,
    export_images,
)
from tests.conftest import png_size

# ----------------------------------------------------------------------------- helpers


def _png(width: int, height: int) -> bytes:
    """A small valid RGB PNG, made by hand."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _ids(svg: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]*)"', svg))


def _bar() -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=["Piattaforma", "Rivenditori", "Server"],
            y=[1, 5000, 18000],
            text=["1", "5.000", "18.000"],
            textposition="outside",
        )
    )
    fig.update_layout(
        font_family=fonts.FONT_FAMILY,
        title="Quanto è grande la rete?",
        margin=dict(l=50, r=20, t=60, b=40),
    )
    return fig


def _scatter() -> go.Figure:
    fig = go.Figure(
        [
            go.Scatter(x=[1, 2, 3], y=[3, 1, 2], mode="lines+markers+text", text=["a", "b", "c"]),
            go.Bar(x=[1, 2, 3], y=[1, 2, 3], marker_pattern_shape="/"),  # pattern defs
            go.Heatmap(z=[[1, 2], [3, 4]], colorbar=dict(title="c")),  # gradient defs
        ]
    )
    fig.update_layout(font_family=fonts.FONT_FAMILY, showlegend=True)
    return fig


def _map() -> go.Figure:
    """Europe drawn from the world outline, framed by lon/lat ranges."""
    fig = go.Figure(
        go.Scattergeo(
            lon=[12.5, 2.35, 13.4],
            lat=[41.9, 48.85, 52.5],
            text=["Roma", "Paris", "Berlin"],
            mode="markers+text",
            textposition="top center",
        )
    )
    fig.update_geos(
        scope="world",
        showcountries=True,
        lonaxis_range=[-12, 35],
        lataxis_range=[34, 62],
        projection_type="mercator",
    )
    fig.update_layout(font_family=fonts.FONT_FAMILY, margin=dict(l=0, r=0, t=0, b=0))
    return fig


def _choropleth() -> go.Figure:
    fig = go.Figure(
        go.Choropleth(locations=["ITA", "FRA", "DEU", "NLD"], z=[1, 2, 3, 4], showscale=False)
    )
    fig.update_geos(fitbounds="locations", showcountries=True)
    fig.update_layout(font_family=fonts.FONT_FAMILY, margin=dict(l=0, r=0, t=0, b=0))
    return fig


def _text(family: str) -> dict:
    """Only text, in `family`: to tell which font Chromium drew it with."""
    return {
        "data": [],
        "layout": {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": "Rivenditori 5.000 quasi 18.000 server",
                    "showarrow": False,
                    "font": {"family": family, "size": 28},
                    "x": 0.5,
                    "y": 0.5,
                    "xref": "paper",
                    "yref": "paper",
                }
            ],
        },
    }


FONT_CASES = {
    "inter_serif": "Inter, serif",  # Inter found: drawn in Inter
    "inter_mono": "Inter, monospace",  # ... so the fallback never matters
    "serif": "serif",  # the fallback alone
}


def _jobs(out: Path) -> list[ImageJob]:
    jobs = [
        ImageJob(_bar(), out / "bar.png", 600, 400, 1, name="it/bar.png"),
        ImageJob(_bar(), out / "bar@2x.png", 600, 400, 2, name="it/bar@2x.png"),
        ImageJob(_bar(), out / "bar.svg", 600, 400, name="it/bar.svg", svg_id="it-bar"),
        ImageJob(
            _scatter(), out / "scatter.svg", 500, 300, name="it/scatter.svg", svg_id="it-scatter"
        ),
        ImageJob(_scatter().to_dict(), out / "noid.svg", 500, 300, name="en/scatter.svg"),
        ImageJob(_map(), out / "map.png", 600, 400, 1, name="it/map.png"),
        ImageJob(_map(), out / "map.svg", 600, 400, name="it/map.svg", svg_id="it-map"),
        ImageJob(_choropleth(), out / "choropleth.svg", 400, 300, svg_id="it-choro"),
        ImageJob(_bar(), out / "social.png", 1200, 630, 1.5, name="it/social.png"),
    ]
    jobs += [ImageJob(_text(f), out / f"font-{k}.png", 700, 120) for k, f in FONT_CASES.items()]
    return jobs


def _have_browser() -> bool:
    try:
        export.find_browser()
    except BrowserNotFound:
        return False
    return True


needs_browser = pytest.mark.skipif(
    not _have_browser(), reason="no Chromium (apt-get install chromium or set BROWSER_PATH)"
)


# ----------------------------------------------------------------------------- no browser


def test_browser_path_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(BrowserNotFound) as err:
        export.find_browser()
    msg = str(err.value)
    assert "apt-get install chromium" in msg and "BROWSER_PATH" in msg
    assert "no-such-chromium" in msg
    assert "kaleido_get_chrome" not in msg and "Traceback" not in msg


def test_export_without_browser_raises_ours(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    job = ImageJob(_bar(), tmp_path / "bar.png", 300, 200, name="bar.png")
    with pytest.raises(BrowserNotFound, match="apt-get install chromium"):
        export_images([job])
    assert not (tmp_path / "bar.png").exists()


def test_browser_path_not_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    f = tmp_path / "chromium"
    f.write_text("not a program")
    monkeypatch.setenv("BROWSER_PATH", str(f))
    with pytest.raises(BrowserNotFound, match="not an executable"):
        export.find_browser()


def test_no_browser_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound) as err:
        export.find_browser()
    assert "apt-get install chromium" in str(err.value) and "BROWSER_PATH" in str(err.value)


def test_browser_path_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    f = tmp_path / "my-chrome"
    f.write_text("#!/bin/sh\n")
    f.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(f))
    assert export.find_browser() == str(f)


def test_check_png() -> None:
    good = _png(3, 2)
    checks.check_png(good, 3, 2)
    with pytest.raises(ValueError, match="3x2 px, expected 6x4"):
        checks.check_png(good, 6, 4)
    with pytest.raises(ValueError):
        checks.check_png(good[:-20], 3, 2)  # truncated
    with pytest.raises(ValueError, match="signature"):
        checks.check_png(b"<svg/>", 3, 2)
    corrupt = bytearray(good)
    corrupt[40] ^= 0xFF  # inside IDAT
    with pytest.raises(ValueError):
        checks.check_png(bytes(corrupt), 3, 2)


def test_svg_rewrite_is_stable_and_scoped() -> None:
    uid = "e43713"
    svg = (
        '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="400" height="300" '
        f'style="" viewBox="0 0 400 300"><defs id="defs-{uid}"><clipPath id="clip{uid}xyplot">'
        f'<rect/></clipPath><pattern id="p{uid}-t0"/></defs><g clip-path="url(#clip{uid}xyplot)">'
        f'<path style="fill: url(\'#p{uid}-t0\');"/><text data-unformatted="{uid}">'
        f'code {uid}</text></g><g id="legend"/><use href="#legend"/></svg>'
    )
    out = svg_ids.make_svg_deterministic(svg, "it-scale")
    assert uid not in out.replace(f">code {uid}<", "").replace(f'data-unformatted="{uid}"', "")
    assert f"code {uid}" in out and f'data-unformatted="{uid}"' in out  # text untouched
    assert 'id="defs-it-scale"' in out and "url(#clipit-scalexyplot)" in out
    assert "url('#pit-scale-t0')" in out
    assert 'id="it-scale-legend"' in out and 'href="#it-scale-legend"' in out
    root = ElementTree.fromstring(out)
    assert root.get("width") is None and root.get("height") is None
    assert root.get("viewBox") == "0 0 400 300"
    assert root.get("style") == "width:100%;height:auto"
    assert all("it-scale" in i for i in _ids(out))


def test_a_root_with_or_without_a_style_is_rewritten_alike() -> None:
    """plotly.js's root `<svg>` has a `style=""` before its viewBox, but now and then
    after it or none (a race inside plotly.js, seen in builds under load): the rewritten
    SVG's bytes are the same."""
    head = '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="400" height="300"'
    body = '><defs id="defs-e43713"/><g/></svg>'
    style, view_box = ' style=""', ' viewBox="0 0 400 300"'
    roots = [  # plotly.js's usual root, the style after the viewBox, no style, no viewBox
        head + style + view_box,
        head + view_box + style,
        head + view_box,
        head + style,
    ]
    made = {svg_ids.make_svg_deterministic(root + body, "it-scale") for root in roots}
    assert len(made) == 1
    assert made.pop().startswith(
        '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;height:auto" viewBox="0 0 400 300">'
    )


def test_stable_id() -> None:
    assert svg_ids.stable_id("it/scale.svg") == "it-scale"
    assert svg_ids.stable_id("2019 chart") == "c2019-chart"
    assert svg_ids.stable_id("   ") == "chart"


def test_bad_jobs_are_refused_before_the_browser(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    europe = go.Figure(go.Scattergeo(lon=[1], lat=[1]))
    europe.update_geos(scope="europe")
    jobs = [
        ImageJob(_bar(), tmp_path / "a.jpg", 300, 200, name="a.jpg"),
        ImageJob(_bar(), tmp_path / "b.png", 300, 200, name="b.png"),
        ImageJob(_bar(), tmp_path / "b.png", 300, 200, name="b-again.png"),
        ImageJob(europe, tmp_path / "europe.svg", 300, 200, name="europe.svg"),
        ImageJob(_bar(), tmp_path / "zero.png", 0, 200, name="zero.png"),
    ]
    with pytest.raises(ExportError) as err:
        export_images(jobs)
    assert not isinstance(err.value, BrowserNotFound)
    names = [name for name, _ in err.value.failures]
    assert names == ["a.jpg", "b-again.png", "europe.svg", "zero.png"]
    msg = str(err.value)
    assert "europe_110m.json" in msg and "fitbounds" in msg
    assert "Traceback" not in msg


def test_world_outline_is_shipped() -> None:
    f = export.TOPOJSON_DIR / "world_110m.json"
    assert f.is_file() and 100_000 < f.stat().st_size < 300_000
    assert "Natural Earth" in (export.TOPOJSON_DIR / "README.md").read_text()


def test_fontconfig_includes_system_and_inter() -> None:
    xml = fonts.fontconfig_xml(base=Path("/etc/fonts/fonts.conf"))
    ElementTree.fromstring(xml.split("\n", 2)[2])  # well-formed after prolog/doctype
    assert "<include" in xml and "/etc/fonts/fonts.conf" in xml
    assert str(fonts.FONT_DIR.resolve()) in xml
    assert any(fonts.FONT_DIR.glob("Inter*.ttf"))


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fc-match not installed")
def test_private_fontconfig_finds_inter() -> None:
    before = os.environ.get("FONTCONFIG_FILE")
    with fonts.private_fontconfig() as conf:
        assert os.environ["FONTCONFIG_FILE"] == str(conf)
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}", "Inter"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert os.environ.get("FONTCONFIG_FILE") == before
    assert found.startswith("Inter|") and str(fonts.FONT_DIR.resolve()) in found


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not _have_browser():
        pytest.skip("no Chromium (apt-get install chromium or set BROWSER_PATH)")
    a = tmp_path_factory.mktemp("run-a")
    b = tmp_path_factory.mktemp("run-b")
    export_images(_jobs(a))
    export_images(_jobs(b))
    return a, b


@pytest.mark.browser
def test_png_sizes(two_runs) -> None:
    a, _ = two_runs
    assert png_size(a / "bar.png") == (600, 400)
    assert png_size(a / "bar@2x.png") == (1200, 800)
    assert png_size(a / "social.png") == (1800, 945)
    assert png_size(a / "map.png") == (600, 400)
    for p in a.glob("*.png"):
        checks.check_png(p.read_bytes(), *png_size(p))


@pytest.mark.browser
def test_svgs_parse_and_are_responsive(two_runs) -> None:
    a, _ = two_runs
    for name in ("bar", "scatter", "noid", "map", "choropleth"):
        svg = (a / f"{name}.svg").read_text()
        root = checks.check_svg(svg.encode())
        assert root.get("width") is None and root.get("height") is None
        assert root.get("style") == "width:100%;height:auto"
        assert root.get("viewBox")
    assert (a / "bar.svg").read_text().startswith("<svg")
    assert "font-family: Inter, 'Noto Sans Arabic', sans-serif" in (a / "bar.svg").read_text()


@pytest.mark.browser
def test_reruns_are_byte_identical(two_runs) -> None:
    a, b = two_runs
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert len(names) == len(_jobs(a))
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.browser
def test_svg_ids_stable_and_unique_between_charts(two_runs) -> None:
    a, _ = two_runs
    svgs = {n: (a / f"{n}.svg").read_text() for n in ("bar", "scatter", "noid", "map")}
    prefixes = {"bar": "it-bar", "scatter": "it-scatter", "noid": "en-scatter", "map": "it-map"}
    for name, svg in svgs.items():
        ids = _ids(svg)
        assert ids, name
        assert all(prefixes[name] in i for i in ids), (name, ids)
        assert not re.search(r"(defs-|clip)[0-9a-f]{6}\b", svg)
        # every local reference points at an id of the same SVG
        refs = set(re.findall(r"url\(['\"]?#([^'\")]+)", svg))
        assert refs <= ids, refs - ids
    all_ids = [i for svg in svgs.values() for i in _ids(svg)]
    assert len(all_ids) == len(set(all_ids)), "ids repeat between charts"
    # the pattern and gradient defs got stable names too
    assert 'id="pit-scatter-it-scatter-t1"' in svgs["scatter"]
    assert re.search(r'id="git-scatter-cbit-scatter-t2"', svgs["scatter"])


@pytest.mark.browser
def test_maps_render_offline_from_local_outline(two_runs) -> None:
    a, _ = two_runs
    for name in ("map", "choropleth"):
        svg = (a / f"{name}.svg").read_text()
        land = re.search(r'<g class="layer (?:land|countries)">.*?<path [^>]*d="([^"]+)"', svg)
        assert land and len(land.group(1)) > 1000, name
    assert ">Berlin<" in (a / "map.svg").read_text()


@pytest.mark.browser
def test_text_is_drawn_in_shipped_inter(two_runs) -> None:
    a, _ = two_runs
    png = {k: (a / f"font-{k}.png").read_bytes() for k in FONT_CASES}
    # If Inter were missing, "Inter, serif" would be drawn in the serif fallback.
    assert png["inter_serif"] != png["serif"]
    # Inter found, so the fallback after it makes no difference.
    assert png["inter_serif"] == png["inter_mono"]


@pytest.mark.browser
@needs_browser
def test_failing_jobs_are_named_and_others_written(tmp_path: Path) -> None:
    not_json = {"data": [{"type": "bar", "x": [object()], "y": [1]}]}
    rejected = {"data": {"type": "bar"}}  # plotly.js/Kaleido refuse non-array data
    jobs = [
        ImageJob(_bar(), tmp_path / "ok.png", 300, 200, name="it/ok.png"),
        ImageJob(not_json, tmp_path / "bad.png", 300, 200, name="it/bad.png"),
        ImageJob(rejected, tmp_path / "rejected.svg", 300, 200, name="it/rejected.svg"),
        ImageJob(_bar(), tmp_path / "ok.svg", 300, 200, name="it/ok.svg"),
    ]
    with pytest.raises(ExportError) as err:
        export_images(jobs)
    assert [n for n, _ in err.value.failures] == ["it/bad.png", "it/rejected.svg"]
    msg = str(err.value)
    assert msg.startswith("2 of 4 image(s) failed")
    assert "it/bad.png: TypeError" in msg and "non-array figure data" in msg
    assert "Traceback" not in msg and 'File "' not in msg
    assert (tmp_path / "ok.png").stat().st_size > 0 and (tmp_path / "ok.svg").stat().st_size > 0
    assert not (tmp_path / "bad.png").exists() and not (tmp_path / "rejected.svg").exists()


@pytest.mark.browser
@needs_browser
def test_slow_image_times_out_and_the_rest_go_on(monkeypatch, tmp_path: Path) -> None:
    """An image that never finishes is cut off by the time limit; the next one is made.

    The hang is injected at a point the exporter controls (EXPLAINER_FAULT=hang-export@1),
    so the outcome does not depend on how fast this machine draws a heavy chart.
    """
    monkeypatch.setenv("EXPLAINER_FAULT", "hang-export@1")
    jobs = [
        ImageJob(_bar(), tmp_path / "slow.svg", 300, 200, name="slow.svg"),
        ImageJob(_bar(), tmp_path / "after.png", 300, 200, name="after.png"),
    ]
    with pytest.raises(ExportError) as err:
        export_images(jobs, timeout=3, start_timeout=DEFAULT_TIMEOUT)
    assert err.value.failures == [("slow.svg", "timed out after 3 s")]
    assert png_size(tmp_path / "after.png") == (300, 200)
    assert not (tmp_path / "slow.svg").exists()


@pytest.mark.browser
def test_hung_browser_ends_with_export_error(monkeypatch, tmp_path: Path) -> None:
    """A 'browser' that never answers: ExportError after the timeout, process killed."""
    pidfile = tmp_path / "pid"
    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    with pytest.raises(ExportError) as err:
        export_images(
            [ImageJob(_bar(), tmp_path / "x.png", 300, 200, name="x.png")],
            timeout=2,
            start_timeout=2,
        )
    assert "x.png" in str(err.value) and "did not start within 2 s" in str(err.value)
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 60  # a guard against a hang, not a speed limit
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the hung browser {pid} was left running")


@pytest.mark.browser
def test_a_ctrl_c_while_the_browser_starts_leaves_no_browser_behind(tmp_path: Path) -> None:
    """choreographer starts Chromium in a thread: a cancel (Ctrl-C) arriving then used to
    lose the process, never recorded to be killed. `launch` lets the cancel through only
    once the process exists, so the session can kill it."""
    import asyncio

    from explainer.images.browser import group_members, kill_browser, launch
    from explainer.images.session import Session

    fake = tmp_path / "chromium"  # starts, and never answers
    fake.write_text("#!/bin/sh\nexec sleep 300\n")
    fake.chmod(0o755)
    session = Session([], str(fake), "", 60, 60, fonts.write_fontconfig(tmp_path), print)

    async def main():
        k = session._kaleido()
        starting = asyncio.ensure_future(launch(k, 60))
        await asyncio.sleep(0)  # the start under way, the process perhaps not yet there
        starting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await starting
        return k

    k = asyncio.run(main())
    assert k.subprocess is not None  # the process is known, so it can be killed
    group = k.subprocess.pid  # choreographer starts the browser in a group of its own
    assert group_members(group)
    kill_browser(k)
    deadline = time.monotonic() + 60  # a guard against a hang, not a speed limit
    while group_members(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert group_members(group) == {}


@pytest.mark.browser
@needs_browser
def test_progress_is_silent_without_a_tty(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    export_images([ImageJob(_bar(), tmp_path / "p.png", 300, 200)], progress=True)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert (tmp_path / "p.png").exists()


@pytest.mark.browser
@needs_browser
def test_caller_figure_is_not_changed(tmp_path: Path) -> None:
    fig = _scatter()
    before = fig.to_dict()
    as_dict = _scatter().to_dict()
    export_images(
        [
            ImageJob(fig, tmp_path / "a.svg", 300, 200, svg_id="a"),
            ImageJob(as_dict, tmp_path / "b.svg", 300, 200, svg_id="b"),
        ]
    )
    assert fig.to_dict() == before
    assert as_dict == _scatter().to_dict()


def test_a_tab_with_the_wrong_javascript_context_is_settled_before_any_image(
    tmp_path: Path,
) -> None:
    """Kaleido may take the blank page's JavaScript context for its own on a busy machine
    (the first image then fails: "kaleido_scopes is not defined"); `settle_tabs` gives
    each tab its page's context before the first image, whatever the machine's load."""
    import asyncio

    from explainer.images.browser import find_browser
    from explainer.images.session import Session
    from explainer.images.tabs import settle_tabs

    conf = fonts.write_fontconfig(tmp_path)
    session = Session([], find_browser(), "", 60, 60, conf, print)
    fig = _bar()

    async def main() -> tuple[str, bytes]:
        k = session._kaleido()
        await k.open()
        try:
            tab = k.tabs_ready.get_nowait()
            tab._current_js_id = tab._current_js_id + 1000  # a context that is not its page's
            k.tabs_ready.put_nowait(tab)
            try:
                await k.calc_fig(fig, opts={"format": "svg", "width": 300, "height": 200})
                before = "rendered"
            except Exception as e:  # what Kaleido raises for a call in the wrong context
                before = type(e).__name__
            await settle_tabs(k)
            after = await k.calc_fig(fig, opts={"format": "svg", "width": 300, "height": 200})
            return before, after
        finally:
            await k.close()

    before, after = asyncio.run(main())
    assert before != "rendered"
    assert after.lstrip().startswith(b"<svg")


class _AnsweringTab:
    """A Kaleido tab whose page answers, call after call, where it stands: only the
    DevTools answers (no browser), to follow `settle_tab`'s decisions."""

    def __init__(self, states: list[str]) -> None:
        self.states, self.reloads, self._current_js_id = list(states), 0, 1
        self.tab = self  # Kaleido's tab holds choreographer's, which sends the commands

    async def send_command(self, method: str, params: dict) -> dict:
        state = self.states.pop(0)
        if state == "gone":
            return {"error": {"message": "Cannot find context with specified id"}}
        return {"result": {"result": {"value": state}}}

    async def reload(self) -> None:
        self.reloads += 1


@pytest.mark.parametrize(
    ("states", "reloads"),
    [
        (["ready"], 0),
        # still loading: asked again, not reloaded (a reload then could take the pending
        # load for its own, and the first image would fail)
        (["loading", "loading", "ready"], 0),
        (["blank", "ready"], 1),
        (["gone", "loading", "ready"], 1),
        (["blank", "gone", "ready"], 2),
    ],
)
def test_a_tab_is_settled_by_where_its_page_stands(states: list[str], reloads: int) -> None:
    import asyncio

    from explainer.images.tabs import settle_tab

    tab = _AnsweringTab(states)
    asyncio.run(settle_tab(tab))
    assert tab.reloads == reloads and tab.states == []


# ----------------------------------------------------------------------------- one drawing


def _kaleido_pngs(tmp_path: Path, cases: list[tuple[go.Figure, int, int, float]]) -> list[bytes]:
    """Kaleido's own `calc_fig` PNGs (a drawing each, the tab reloaded after each)."""
    import asyncio

    from explainer.images.browser import find_browser
    from explainer.images.session import Session
    from explainer.images.tabs import settle_tabs

    conf = fonts.write_fontconfig(tmp_path / "fonts")
    topo = export.TOPOJSON_DIR.resolve().as_uri() + "/"
    session = Session([], find_browser(), topo, 60, 60, conf, print)

    async def main() -> list[bytes]:
        k = session._kaleido()
        await k.open()
        try:
            await settle_tabs(k)
            out = []
            for fig, w, h, scale in cases:
                opts = {"format": "png", "width": w, "height": h, "scale": scale}
                out.append(await k.calc_fig(fig.to_dict(), opts=opts, topojson=topo))
            return out
        finally:
            await k.close()

    return asyncio.run(main())


@pytest.mark.browser
@needs_browser
def test_pngs_painted_from_one_drawing_are_kaleidos_own(tmp_path: Path) -> None:
    """A figure is drawn once (SVG) and its PNGs painted from that drawing, in a tab that
    is not reloaded between images: the PNGs are byte for byte Kaleido's own."""
    bar, geo = _bar(), _map()
    jobs = [
        ImageJob(bar, tmp_path / "bar.svg", 600, 400, svg_id="it-bar"),
        ImageJob(bar, tmp_path / "bar.png", 600, 400, 1),
        ImageJob(bar, tmp_path / "bar@2x.png", 600, 400, 2),
        ImageJob(geo, tmp_path / "map.png", 500, 300, 1),
        ImageJob(geo, tmp_path / "map@2x.png", 500, 300, 2),
        ImageJob(bar, tmp_path / "card.png", 1200, 630, 1.5),
    ]
    export_images(jobs)
    expected = _kaleido_pngs(
        tmp_path,
        [
            (bar, 600, 400, 1),
            (bar, 600, 400, 2),
            (geo, 500, 300, 1),
            (geo, 500, 300, 2),
            (bar, 1200, 630, 1.5),
        ],
    )
    made = [
        (tmp_path / n).read_bytes()
        for n in ("bar.png", "bar@2x.png", "map.png", "map@2x.png", "card.png")
    ]
    assert made == expected


@pytest.mark.browser
@needs_browser
def test_one_drawing_per_figure_and_size(monkeypatch, tmp_path: Path) -> None:
    """Images of one figure object at one size share a drawing; an SVG with ids of its
    own gets a drawing of its own; the tab is reloaded every RELOAD_EVERY drawings."""
    from explainer.images import draw

    drawn: list[tuple[int, int]] = []
    reloads: list[int] = []
    real_draw, real_reload = draw.draw_svg, draw.reload_tab

    async def counting_draw(tab, fig, width, height, topojson):
        drawn.append((width, height))
        return await real_draw(tab, fig, width, height, topojson)

    async def counting_reload(tab):
        reloads.append(len(drawn))
        await real_reload(tab)

    monkeypatch.setattr(draw, "draw_svg", counting_draw)
    monkeypatch.setattr(draw, "reload_tab", counting_reload)
    monkeypatch.setattr(draw, "RELOAD_EVERY", 2)
    bar, scatter = _bar(), _scatter()
    jobs = [
        ImageJob(bar, tmp_path / "a.svg", 600, 400, svg_id="a"),
        ImageJob(bar, tmp_path / "a.png", 600, 400, 1),
        ImageJob(bar, tmp_path / "a@2x.png", 600, 400, 2),
        ImageJob(bar, tmp_path / "b.svg", 600, 400, svg_id="b"),  # its own ids
        ImageJob(bar, tmp_path / "narrow.png", 360, 400, 2),  # another size
        ImageJob(scatter, tmp_path / "s.png", 500, 300, 1),
        ImageJob(scatter.to_dict(), tmp_path / "s2.png", 500, 300, 1),  # another object
    ]
    export_images(jobs)
    assert drawn == [(600, 400), (600, 400), (360, 400), (500, 300), (500, 300)]
    assert reloads == [2, 4]
    a, b = (tmp_path / "a.svg").read_text(), (tmp_path / "b.svg").read_text()
    assert all("a" in i for i in _ids(a)) and all("b" in i for i in _ids(b))
    assert not _ids(a) & _ids(b)
    assert (tmp_path / "s.png").read_bytes() == (tmp_path / "s2.png").read_bytes()
    assert png_size(tmp_path / "a@2x.png") == (1200, 800)
    assert png_size(tmp_path / "narrow.png") == (720, 800)


@pytest.mark.browser
@needs_browser
def test_a_hung_png_of_a_drawn_figure_is_named_and_its_others_made(
    monkeypatch, tmp_path: Path
) -> None:
    """The time limit holds for each image painted from a shared drawing; after the
    restart, the figure's other images are made in the fresh browser."""
    monkeypatch.setenv("EXPLAINER_FAULT", "hang-export@2")
    bar = _bar()
    jobs = [
        ImageJob(bar, tmp_path / "bar.svg", 300, 200, name="bar.svg", svg_id="bar"),
        ImageJob(bar, tmp_path / "bar.png", 300, 200, 1, name="bar.png"),
        ImageJob(bar, tmp_path / "bar@2x.png", 300, 200, 2, name="bar@2x.png"),
    ]
    with pytest.raises(ExportError) as err:
        export_images(jobs, timeout=3, start_timeout=DEFAULT_TIMEOUT)
    assert err.value.failures == [("bar.png", "timed out after 3 s")]
    assert not (tmp_path / "bar.png").exists()
    assert png_size(tmp_path / "bar@2x.png") == (600, 400)
    checks.check_svg((tmp_path / "bar.svg").read_bytes())


def _renderers(pgid: int) -> set[int]:
    """The renderer processes of the browser whose process group is `pgid`."""
    from explainer.images.browser import group_members

    found = set()
    for pid in group_members(pgid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"--type=renderer" in cmdline:
            found.add(pid)
    return found


@pytest.mark.browser
@needs_browser
def test_a_long_export_renews_its_renderer_and_writes_the_same_bytes(
    monkeypatch, tmp_path: Path
) -> None:
    """An export longer than the renewal period writes the bytes the exporter wrote
    before renewals and garbage collections (the same reloads, none of either), and each
    renewal leaves one page target and no renderer more than a session had at start."""
    import asyncio

    from explainer.images import draw, tabs
    from explainer.images.session import Session

    def jobs(out: Path) -> list[ImageJob]:
        made = []
        for i in range(9):  # 9 figures, 9 drawings: one each, its SVG and PNGs share it
            fig = _scatter() if i % 2 else _bar()
            fig.update_layout(title=f"figure {i}")
            made += [
                ImageJob(fig, out / f"{i}.svg", 500, 300, name=f"{i}.svg", svg_id=f"f{i}"),
                ImageJob(fig, out / f"{i}.png", 500, 300, 1, name=f"{i}.png"),
                ImageJob(fig, out / f"{i}@2x.png", 500, 300, 2, name=f"{i}@2x.png"),
            ]
        return made

    collected: list[bool] = []
    targets: list[int] = []
    renderers: dict[str, set[int]] = {}
    real_gc, real_renew, real_render = draw.collect_garbage, tabs.renew_tab, Session._render

    async def no_gc(tab):
        return False

    async def counting_gc(tab):
        collected.append(await real_gc(tab))
        return collected[-1]

    async def pages(k) -> list[str]:
        answer = await k.send_command("Target.getTargets")
        return [t["targetId"] for t in answer["result"]["targetInfos"] if t["type"] == "page"]

    async def counting_renew(k, tab):
        old = tab.tab.target_id
        new = await real_renew(k, tab)
        # Chromium closes a target soon after it is told to, not at once: wait for it
        # (a guard against a hang, not a speed limit)
        deadline = time.monotonic() + 60
        while old in await pages(k) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        targets.append(len(await pages(k)))
        return new

    async def watched_render(self, k, pending):
        renderers["before"] = _renderers(k.subprocess.pid)
        broke = await real_render(self, k, pending)
        # so does a closed tab's renderer exit (the same guard)
        deadline = time.monotonic() + 60
        while len(_renderers(k.subprocess.pid)) > len(renderers["before"]):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        renderers["after"] = _renderers(k.subprocess.pid)
        return broke

    monkeypatch.setattr(draw, "RELOAD_EVERY", 2)
    # before: a reload every 2 drawings, no collection, no renewal
    monkeypatch.setattr(draw, "collect_garbage", no_gc)
    monkeypatch.setattr(tabs, "RENEW_EVERY", 1000)
    before, long = tmp_path / "before", tmp_path / "long"
    export_images(jobs(before))
    # now: and a new renderer every 4 drawings
    monkeypatch.setattr(draw, "collect_garbage", counting_gc)
    monkeypatch.setattr(tabs, "RENEW_EVERY", 4)
    monkeypatch.setattr(tabs, "renew_tab", counting_renew)
    monkeypatch.setattr(Session, "_render", watched_render)
    export_images(jobs(long))

    # drawings 1..9: reloads (each with a collection) before 3 and 7, new renderers
    # before 5 and 9
    assert collected == [True, True]
    assert targets == [1, 1]
    assert len(renderers["after"]) <= len(renderers["before"])
    names = sorted(p.name for p in before.iterdir())
    assert names == sorted(p.name for p in long.iterdir()) and len(names) == 27
    for name in names:
        assert (long / name).read_bytes() == (before / name).read_bytes(), name
