"""`explainer watch`: serve output/, rebuild on change, reload open pages.

The server is Python's own, on 127.0.0.1 by default. Pages it serves get one extra
script tag (`/__explainer/reload.js`, same origin, so the page's CSP allows it) that
polls `/__explainer/version` and reloads when a rebuild lands. While the content is
invalid, the errors are printed and the last good build keeps being served (builds are
atomic, so output/ never holds a broken half).
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from explainer.errors import ContentError, ExplainerError

RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__explainer/version", {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (seen !== null && v !== seen) { location.reload(); } seen = v; })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 500); });
  }
  poll();
})();
"""


class _State:
    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.version += 1


def make_handler(out: Path, state: _State) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            path = self.path.split("?", 1)[0]
            if path == "/__explainer/version":
                return self._send(str(state.version).encode(), "text/plain")
            if path == "/__explainer/reload.js":
                return self._send(RELOAD_JS, "text/javascript")
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                html = target.read_bytes()
                tag = b'<script src="/__explainer/reload.js" defer></script>'
                html = (
                    html.replace(b"</body>", tag + b"</body>", 1)
                    if b"</body>" in html
                    else html + tag
                )
                return self._send(html, "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, ctype: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return functools.partial(Handler, directory=str(out))  # type: ignore[return-value]


def rebuild(content: Path, out: Path, state: _State) -> bool:
    from explainer.build.pipeline import build

    try:
        report = build(content, out)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        print("still serving the last good build.", file=sys.stderr, flush=True)
        return False
    except ExplainerError as e:
        print(f"error: {e}\nstill serving the last good build.", file=sys.stderr, flush=True)
        return False
    if report.fast:
        # Nothing changed (e.g. the build's own write of the corrections record woke the
        # watcher): no new version, so open pages do not reload for nothing.
        return True
    for line in report.lines():
        print(line, flush=True)
    state.bump()
    return True


def watched_paths(content: Path) -> list[Path]:
    """The content file's folder: the file itself and the sources beside it."""
    return [content.resolve().parent]


def watch(
    content: Path,
    out: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    stop: threading.Event | None = None,
) -> None:
    import watchfiles

    state = _State()
    rebuild(content, out, state)
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer((host, port), make_handler(out, state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(
        f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True
    )
    out_resolved = out.resolve()

    def relevant(change: object, path: str) -> bool:
        p = Path(path).resolve()
        hidden = any(part.startswith(".") for part in p.relative_to(content.resolve().parent).parts)
        return not hidden and out_resolved not in p.parents and p != out_resolved

    try:
        for _ in watchfiles.watch(
            *watched_paths(content),
            watch_filter=relevant,
            debounce=200,
            stop_event=stop,
            raise_interrupt=False,
        ):
            rebuild(content, out, state)
    finally:
        server.shutdown()
        server.server_close()
