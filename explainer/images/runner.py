"""The session's thread: `Session.run` on an event loop of its own.

`run_in_thread` runs a session in a thread of its own (the caller may have an event loop
of its own: a notebook, a server) and waits for it; on Ctrl-C it cancels the session and
gives it time to close, or kill, its browser (`Runner` holds the thread, its loop and
its task). `quiet_loggers` silences Kaleido's and choreographer's tracebacks while a
session runs.
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

__all__ = ["Runner", "quiet_loggers", "run_in_thread"]


class Runner:
    """One session's thread and event loop."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._error: list[BaseException] = []
        self._ready = threading.Event()  # the loop runs and the task exists
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._target, name="explainer-export", daemon=True)

    def _target(self) -> None:
        async def main() -> None:
            self._task = asyncio.current_task()
            self._loop = asyncio.get_running_loop()
            self._ready.set()
            await self.session.run()

        try:
            asyncio.run(main())
        except BaseException as e:  # noqa: BLE001 - handed to the calling thread
            self._error.append(e)
        finally:
            self._ready.set()
            self._finished.set()

    def start(self) -> Runner:
        """Start the session's thread (its browser starts at once); returns at once."""
        self._thread.start()
        self._ready.wait()
        return self

    def wait(self) -> None:
        """Wait for the session to end; on Ctrl-C cancel it, give it time to close (or
        kill) its browser, and raise KeyboardInterrupt again."""
        try:
            # Event.wait, not Thread.join: an interrupted join can leave the thread
            # looking finished on Python 3.11.
            while not self._finished.wait(0.2):
                pass
        except KeyboardInterrupt:
            self._cancel()
            raise
        self._thread.join(5)
        if self._error and not isinstance(self._error[0], asyncio.CancelledError):
            raise ExportError(f"image export crashed: {_reason(self._error[0])}") from None

    def _cancel(self) -> None:
        self._ready.wait(5)  # set at once by the thread, before anything else
        if self._loop is not None and self._task is not None:
            with contextlib.suppress(RuntimeError):  # the loop has just ended
                self._loop.call_soon_threadsafe(self._task.cancel)
        if not self._finished.wait(_CLOSE_GRACE + 5):
            # The close outlasted its grace (a very busy machine): kill the browser from
            # here, so that none is left behind when this process exits.
            kill_browser(self.session.kaleido)
            self._finished.wait(5)


def run_in_thread(session: Session) -> None:
    """Run the session on its own event loop in a thread (callers may have a loop).

    On Ctrl-C the session is cancelled and given time to close (or kill) its browser.
    """
    Runner(session).start().wait()


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
