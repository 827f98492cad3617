"""Fault injection for tests, at points the build controls (EXPLAINER_FAULT).

`fault(step)` is called at each step of a build; it does nothing unless the variable
names that step. Export faults (kill-browser@N, hang-export@N) are in images/session.py.
"""

from __future__ import annotations

import errno
import os

from explainer.errors import BuildError


def fault(name: str) -> None:
    """Fault injection for tests: EXPLAINER_FAULT=<step> makes that step fail;
    EXPLAINER_FAULT=interrupt@<step> interrupts it as Ctrl-C would; EXPLAINER_FAULT=disk-full
    makes writing the output fail as a full disk would (ENOSPC). Image export faults
    (kill-browser@N, hang-export@N) are in images/session.py."""
    wanted = os.environ.get("EXPLAINER_FAULT", "")
    if wanted == "disk-full" and name == "write":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    kind, _, step = wanted.rpartition("@")
    if step == name:
        if kind == "interrupt":
            raise KeyboardInterrupt
        raise BuildError(f"injected fault: {name}")
