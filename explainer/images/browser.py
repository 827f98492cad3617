"""Chromium for the export: finding it, starting it with our flags, killing it.

`find_browser` picks the executable (BROWSER_PATH, else the usual names on PATH) or
raises `BrowserNotFound` saying how to get one. `browser_class` is choreographer's
Chromium told to stay off the network and given our environment (the private
fontconfig). `launch` starts it, never losing its process. `kill_browser` kills the
browser one Kaleido started, and only that.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
from pathlib import Path
from typing import Any

from explainer.images.jobs import ExportError

__all__ = [
    "BROWSER_FIX",
    "BROWSER_NAMES",
    "CHROMIUM_FLAGS",
    "BrowserNotFound",
    "browser_class",
    "browser_dead",
    "find_browser",
    "group_members",
    "kill_browser",
    "launch",
]

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
    # `gc()` in the page: a drawing's garbage collected every few drawings (draw.py)
    "--js-flags=--expose-gc",
    # No omnibox popup pages: Chromium 156 preloads two even headless, in a renderer
    # of their own (150 MB, and 0.8 s of processor time at each start, measured)
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
)


class BrowserNotFound(ExportError):
    """No usable Chrome/Chromium; the message says how to get one."""


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


def browser_class() -> type:
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


def group_members(pgid: int) -> dict[int, str]:
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


def kill_browser(k: Any, members: dict[int, str] | None = None) -> None:
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
        if group_members(proc.pid).get(pid) == started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def browser_dead(k: Any) -> bool:
    """Has the browser this Kaleido started exited (however its death showed up)?"""
    proc = getattr(k, "subprocess", None)
    return proc is not None and proc.poll() is not None


async def launch(k: Any, seconds: float) -> bool:
    """`k.open()` within `seconds` (False if not). Cut off, by the time limit or a cancel
    (Ctrl-C), it is stopped only once Chromium's process exists: choreographer starts
    it in a thread, and a cancel at that moment loses it (`k.subprocess` is never set,
    and `kill_browser` cannot find it)."""
    opening = asyncio.ensure_future(k.open())
    try:
        done, _ = await asyncio.wait({opening}, timeout=seconds)
    except asyncio.CancelledError:
        await _stop_launch(k, opening)
        raise
    if not done:
        await _stop_launch(k, opening)
        return False
    opening.result()
    return True


async def _stop_launch(k: Any, opening: asyncio.Future) -> None:
    """Cancel `opening` once Chromium's process exists or it has ended (10 s at most)."""
    for _ in range(200):  # at most 10 s: starting a process takes milliseconds
        if hasattr(k, "subprocess") or opening.done():
            break
        await asyncio.sleep(0.05)
    opening.cancel()
    opening.add_done_callback(_quietly)


def _quietly(task: asyncio.Future) -> None:
    """Retrieve a cut-off task's end (often an error made of the cancel): not news."""
    if not task.cancelled():
        task.exception()
