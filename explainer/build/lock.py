"""One build at a time per output folder: an flock beside it; a second build waits, then
gives up with a clear message after EXPLAINER_LOCK_TIMEOUT seconds (120 by default)."""

from __future__ import annotations

import contextlib
import fcntl
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from explainer.errors import BuildError
from explainer.settings import env_float

#: Seconds a build waits for another build of the same output (EXPLAINER_LOCK_TIMEOUT).
LOCK_TIMEOUT = 120.0


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits, then gives up clearly."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "a+") as handle:
        wait = env_float("EXPLAINER_LOCK_TIMEOUT", LOCK_TIMEOUT)
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BuildError(
                        f"another build is still writing {out}; waited "
                        f"{wait:g} s. Try again when it has finished."
                    ) from None
                if not told:
                    print(f"waiting for another build of {out} to finish…", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
