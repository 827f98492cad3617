"""A built site in a real Chromium, watched: requests, dialogs, console errors (tests only).

    with serve(out) as base, chromium() as browser:
        watch = Watch(browser.new_page(), allowed=urlparse(base).netloc)
        watch.visit(base + "it/index.html")
        assert watch.problems() == []

Chromium is Debian's (/usr/bin/chromium, or BROWSER_PATH): Playwright cannot download
its own here. Every request is routed through `Watch`: one to another host is aborted
and recorded, so a leak fails the test without ever reaching the network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 from a thread; yields the base URL (ends with /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """Records what a page does that it must not: foreign requests, dialogs, errors.

    `allowed` is the host:port the site is served from; for a site opened from disk
    pass `allowed=None`, and only file:// (plus data: and about:) requests are allowed.
    """

    def __init__(self, page: Any, allowed: str | None) -> None:
        self.page = page
        self.allowed = allowed
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "assert"):
            self.errors.append(f"console {msg.type}: {msg.text}")

    def _own(self, url: str) -> bool:
        parts = urlparse(url)
        if parts.scheme in ("data", "about", "blob"):
            return True
        if self.allowed is None:
            return parts.scheme == "file"
        return parts.scheme in ("http", "https") and parts.netloc == self.allowed

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if self._own(url):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def visit(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert url.startswith("file:") or (response is not None and response.ok), url
        # let late work (fonts, embeds' scripts, lazy images) happen while we watch
        self.page.wait_for_timeout(300)

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {u}" for u in self.foreign]
            + [f"dialog: {d}" for d in self.dialogs]
            + self.errors
        )
