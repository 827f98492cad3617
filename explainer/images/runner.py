"""The session's thread: `Session.run` on an event loop of its own.

`run_in_thread` runs a session in a thread of its own (the caller may have an event loop
of its own: a notebook, a server) and waits for it; on Ctrl-C it cancels the session and
gives it time to close, or kill, its browser. `quiet_loggers` silences Kaleido's and
choreographer's tracebacks while a session runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from typing import Any

from explainer.images.browser import kill_browser
from explainer.images.jobs import ExportError
from explainer.images.session import _CLOSE_GRACE, Session, _reason

__all__ = ["quiet_loggers", "run_in_thread"]


def run_in_thread(session: Session) -> None:
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
            with contextlib.suppress(RuntimeError):  # the loop has just ended
                loop.call_soon_threadsafe(task.cancel)
        if not finished.wait(_CLOSE_GRACE + 5):
            # The close outlasted its grace (a very busy machine): kill the browser from
            # here, so that none is left behind when this process exits.
            kill_browser(session.kaleido)
            finished.wait(5)
        raise
    thread.join(5)
    if error and not isinstance(error[0], asyncio.CancelledError):
        raise ExportError(f"image export crashed: {_reason(error[0])}") from None


#: Loggers of Kaleido and choreographer. Killing a hung browser makes them print
#: tracebacks (half-read messages); our ExportError says what went wrong instead.
_NOISY_LOGGERS = ("choreographer", "kaleido", "browser_proc", "chrome_wrapper", "logistro")


@contextlib.contextmanager
def quiet_loggers() -> Any:
    """Silence Kaleido and choreographer while it runs (not with EXPLAINER_DEBUG_EXPORT)."""
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
