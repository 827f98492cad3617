"""Privacy: no page of the built site makes a request to any host but its own.

Every page (the language chooser, each locale's story, every chart's embed page) is
loaded in a real Chromium, served over http from 127.0.0.1 and opened from disk. Any
request elsewhere (a font, a CDN, a tracker, a prefetch) is aborted and fails the test.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from explainer.site import layout
from tests.browsing import Watch, chromium, serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")


def _pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert layout.INDEX in pages and any(p.endswith(".embed.html") for p in pages)
    return pages


def test_every_page_served_over_http_requests_only_its_own_host(built_site: Path, story) -> None:
    pages = _pages(built_site)
    expected = {layout.INDEX, *(layout.page(loc) for loc in story.locales)}
    expected |= {layout.chart_files(loc, c).embed for loc in story.locales for c in story.charts}
    assert expected <= set(pages), sorted(expected - set(pages))
    with serve(built_site) as base, chromium() as browser:
        for rel in pages:
            page = browser.new_page()
            watch = Watch(page, allowed=urlparse(base).netloc)
            watch.visit(base + rel)
            page.mouse.wheel(0, 20000)  # lazy content, if any, loads now
            page.wait_for_timeout(200)
            assert watch.problems() == [], (rel, watch.problems())
            assert watch.requests, rel
            page.close()


def test_every_page_opened_from_disk_requests_only_files(built_site: Path) -> None:
    with chromium() as browser:
        for rel in _pages(built_site):
            page = browser.new_page()
            watch = Watch(page, allowed=None)
            watch.visit((built_site / rel).as_uri())
            page.mouse.wheel(0, 20000)
            page.wait_for_timeout(200)
            assert watch.problems() == [], (rel, watch.problems())
            assert all(urlparse(u).scheme in ("file", "data") for u in watch.requests), rel
            page.close()
