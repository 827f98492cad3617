"""Chart labels never collide nor leave the picture, measured in real Chromium (issue 13).

Every map, ladder, flow and big numbers chart of the reference story and of every test
story is exported to SVG by Kaleido, wide (720 px) and narrow (`charts.NARROW`), in each
of the story's languages; each SVG is then loaded in one headless Chromium page and every
`<text>`'s box measured: no two boxes may overlap by more than a pixel, none may leave the
viewBox.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from explainer import charts
from explainer.content.validate import load_story
from explainer.images import export
from explainer.images.jobs import ImageJob
from tests.browsing import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
STORIES = [ROOT / "content.yaml", *sorted((ROOT / "tests" / "stories").glob("*.yaml"))]
KINDS = {"map", "ladder", "flow", "big_numbers"}
SLACK = 1.0

_MEASURE = """() => {
  const svg = document.querySelector('svg');
  const vb = svg.viewBox.baseVal;
  if (vb && vb.width) {  // responsive SVGs: draw at the viewBox's own size
    svg.setAttribute('width', vb.width); svg.setAttribute('height', vb.height);
    svg.style.width = vb.width + 'px'; svg.style.height = vb.height + 'px';
  }
  const out = [];
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const s = getComputedStyle(t);
    if (s.display === 'none' || s.visibility === 'hidden' || +s.opacity === 0) continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    out.push({text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  }
  const root = svg.getBoundingClientRect();
  return {boxes: out, w: vb && vb.width ? vb.width : root.width,
          h: vb && vb.height ? vb.height : root.height, left: root.left, top: root.top};
}"""


def overlaps(boxes: list[dict[str, Any]], slack: float = SLACK) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `slack` px both ways."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if dx > slack and dy > slack:
                out.append((a["text"], b["text"]))
    return out


def outside(m: dict[str, Any], slack: float = SLACK) -> list[str]:
    return [
        b["text"]
        for b in m["boxes"]
        if b["x0"] < m["left"] - slack
        or b["y0"] < m["top"] - slack
        or b["x1"] > m["left"] + m["w"] + slack
        or b["y1"] > m["top"] + m["h"] + slack
    ]


def _jobs(out: Path) -> list[ImageJob]:
    jobs = []
    for path in STORIES:
        story = load_story(path)
        for cid, chart in story.charts.items():
            if chart.kind not in KINDS:
                continue
            for locale in story.locales:
                for width in (charts.theme.WIDTH, charts.NARROW):
                    fig = charts.figure(chart, story, locale, width)
                    w, h = int(fig.layout.width), int(fig.layout.height)
                    name = f"{story.id}-{cid}-{locale}-{width}"
                    jobs.append(ImageJob(fig, out / f"{name}.svg", w, h, name=name))
    return jobs


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    out = tmp_path_factory.mktemp("labels")
    jobs = _jobs(out)
    export.export_images(jobs)
    result = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 1400})
        for job in jobs:
            page.set_content(
                "<!doctype html><body style='margin:0'>" + job.path.read_text() + "</body>"
            )
            result[job.name] = page.evaluate(_MEASURE)
        browser.close()
    return result


def test_every_chart_was_measured(measured: dict[str, dict[str, Any]]) -> None:
    assert any(k.startswith("haefen-ports-") for k in measured)
    assert all(m["boxes"] for m in measured.values())


def test_no_two_labels_overlap(measured: dict[str, dict[str, Any]]) -> None:
    bad = {k: overlaps(m["boxes"]) for k, m in measured.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_label_leaves_the_picture(measured: dict[str, dict[str, Any]]) -> None:
    bad = {k: outside(m) for k, m in measured.items()}
    assert {k: v for k, v in bad.items() if v} == {}
