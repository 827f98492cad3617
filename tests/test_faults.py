"""Faults during a real build: no browser, the browser killed mid-export, an image that
never finishes, a full disk, Ctrl-C. Each time: a clear message and exit code, no
traceback, output/ byte-identical, no staging folder left, no Chromium left running,
and the next build succeeds.

Faults are injected with EXPLAINER_FAULT (see `build.fault` and images/session.py):
`kill-browser@N`, `hang-export@N`, `disk-full`. Each test starts from a copy of the
session's built reference story (output and warm image cache), then edits one fact so
that a few images must be exported again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import sigint_as_ctrl_c, snapshot

pytestmark = pytest.mark.browser



@dataclass
class Site:
    content: Path
    out: Path
    cache: Path
    before: dict[str, bytes] = field(default_factory=dict)

    def leftovers(self) -> list[str]:
        """Staging or old output folders left beside output/."""
        return [p.name for p in self.out.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Site:
    """A built story whose `servers` fact was just edited: a build must export images."""
    work = built_site.parent
    shutil.copytree(work / "story", tmp_path / "story")
    shutil.copytree(built_site, tmp_path / "output")
    # where `explainer build -o output` keeps its image cache
    cache = tmp_path / ".explainer-cache"
    shutil.copytree(work / "cache", cache)
    s = Site(tmp_path / "story" / "content.yaml", tmp_path / "output", cache)
    text = s.content.read_text(encoding="utf-8")
    assert text.count("value: 18000") == 1
    s.content.write_text(text.replace("value: 18000", "value: 19000"), encoding="utf-8")
    s.before = snapshot(s.out)
    return s


# ----------------------------------------------------------------------------- processes


def _proc_table() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, start time, state) of every live process (Linux /proc)."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), fields[19], fields[0])
    return table


def _descendants(root: int) -> dict[int, str]:
    """pid -> start time of every descendant of `root`."""
    table = _proc_table()
    children = defaultdict(list)
    for pid, (ppid, _, _) in table.items():
        children[ppid].append(pid)
    out: dict[int, str] = {}
    stack = [root]
    while stack:
        for child in children[stack.pop()]:
            out[child] = table[child][1]
            stack.append(child)
    return out


def _still_running(seen: dict[int, str]) -> list[int]:
    table = _proc_table()
    return [
        pid
        for pid, started in seen.items()
        if pid in table and table[pid][1] == started and table[pid][2] not in "ZX"
    ]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    #: Every process the build started (pid -> start time), seen while it ran.
    children: dict[int, str]


def run_build(
    site: Site, env: dict[str, str] | None = None, *, interrupt_when=None, timeout: float = 300
) -> Result:
    """`explainer build` in a child process, watching the processes it starts.

    `interrupt_when()`, if given, is polled; once true, the build gets SIGINT (Ctrl-C).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "explainer", "build", str(site.content), "-o", str(site.out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=sigint_as_ctrl_c,
    )
    children: dict[int, str] = {}
    deadline = time.monotonic() + timeout
    interrupted = False
    try:
        while proc.poll() is None:
            children.update(_descendants(proc.pid))
            if interrupt_when is not None and not interrupted and interrupt_when():
                children.update(_descendants(proc.pid))
                proc.send_signal(signal.SIGINT)
                interrupted = True
            assert time.monotonic() < deadline, "the build did not finish"
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if interrupt_when is not None:
        assert interrupted, "the build ended before it could be interrupted"
    # a killed browser may take a moment to be gone (a guard against a hang, not a limit)
    gone_by = time.monotonic() + 60
    while _still_running(children) and time.monotonic() < gone_by:
        time.sleep(0.1)
    return Result(proc.returncode, stdout, stderr, children)


def assert_failed_cleanly(site: Site, result: Result, code: int, *fragments: str) -> None:
    assert result.code == code, (result.code, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert snapshot(site.out) == site.before, "output/ changed"
    assert site.leftovers() == []
    assert not list(site.cache.glob("tmp-*/*")), "half-made images left in the cache"
    assert _still_running(result.children) == [], "processes the build started still run"


def assert_next_build_succeeds(site: Site) -> None:
    result = run_build(site)
    assert result.code == 0, result.stderr
    assert "quasi 19.000" in (site.out / "it/index.html").read_text(encoding="utf-8")
    assert site.leftovers() == []
    assert _still_running(result.children) == []


# ----------------------------------------------------------------------------- faults


def test_no_browser_fails_clearly_and_touches_nothing(site: Site) -> None:
    result = run_build(site, {"BROWSER_PATH": "/nonexistent/chromium"})
    assert_failed_cleanly(site, result, 1, "error:", "BROWSER_PATH", "apt-get install chromium")
    assert result.children == {}, "no browser should have been started"


def test_browser_killed_mid_export(site: Site) -> None:
    result = run_build(site, {"EXPLAINER_FAULT": "kill-browser@2"})
    assert_failed_cleanly(site, result, 1, "image(s) failed", "the browser died")
    assert any(p.startswith(("it/charts/", "en/charts/")) for p in result.stderr.split()), (
        result.stderr
    )
    assert result.children, "the build should have started a browser"
    assert_next_build_succeeds(site)


def test_an_export_that_hangs_times_out_naming_the_image(site: Site) -> None:
    result = run_build(site, {"EXPLAINER_FAULT": "hang-export@2", "EXPLAINER_EXPORT_TIMEOUT": "15"})
    assert_failed_cleanly(site, result, 1, "1 of ", "timed out after 15 s")
    failed = [line for line in result.stderr.splitlines() if "timed out after 15 s" in line]
    assert len(failed) == 1 and failed[0].strip().startswith(("it/charts/", "en/charts/")), failed
    assert_next_build_succeeds(site)


def test_a_bad_export_timeout_setting_is_refused(site: Site) -> None:
    result = run_build(site, {"EXPLAINER_EXPORT_TIMEOUT": "soon"})
    assert_failed_cleanly(site, result, 2, "EXPLAINER_EXPORT_TIMEOUT='soon' is not a number")


def test_a_full_disk_fails_clearly_and_touches_nothing(site: Site) -> None:
    result = run_build(site, {"EXPLAINER_FAULT": "disk-full"})
    assert_failed_cleanly(
        site, result, 1, "error: No space left on device", "output/ was left as it was"
    )
    assert_next_build_succeeds(site)


def test_ctrl_c_while_exporting(site: Site) -> None:
    def exporting() -> bool:  # the browser has made the first image (in its tmp-<pid>/)
        return any(site.cache.glob("tmp-*/*"))

    # The second image never finishes, so the build is still exporting when the
    # interrupt lands, however fast or slow this machine is.
    result = run_build(site, {"EXPLAINER_FAULT": "hang-export@2"}, interrupt_when=exporting)
    assert_failed_cleanly(site, result, 130, "interrupted")
    assert result.children, "the build should have started a browser"
    assert_next_build_succeeds(site)
