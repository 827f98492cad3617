"""`explainer watch`: serves output/, rebuilds on change, keeps the last good build."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import copy_story, sigint_as_ctrl_c

pytestmark = pytest.mark.browser  # the first build exports images


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_watch_rebuilds_on_change_and_keeps_serving_the_last_good_build(
    tmp_path: Path, warm_cache: Path
) -> None:
    content = copy_story(tmp_path / "story")
    out = tmp_path / "story" / "output"
    shutil.copytree(warm_cache, tmp_path / "story" / ".explainer-cache")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "explainer",
            "watch",
            str(content),
            "-o",
            str(out),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
        preexec_fn=sigint_as_ctrl_c,
    )
    stdout: list[str] = []
    stderr: list[str] = []
    readers = [
        threading.Thread(target=lambda: stdout.extend(iter(proc.stdout.readline, "")), daemon=True),
        threading.Thread(target=lambda: stderr.extend(iter(proc.stderr.readline, "")), daemon=True),
    ]
    for r in readers:
        r.start()
    try:
        _wait(lambda: any("serving" in line for line in stdout), 180, "the server to start")
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(stdout)).group(1)
        base = f"http://127.0.0.1:{port}"

        page = _get(f"{base}/it/index.html")
        assert "quasi 18.000" in page
        assert '<script src="/__explainer/reload.js"' in page  # live reload, same origin
        assert "location.reload" in _get(f"{base}/__explainer/reload.js")
        first = _get(f"{base}/__explainer/version")

        text = content.read_text(encoding="utf-8")
        content.write_text(text.replace("value: 18000", "value: 18500"), encoding="utf-8")
        _wait(lambda: _get(f"{base}/__explainer/version") != first, 180, "a rebuild")
        assert "quasi 18.500" in _get(f"{base}/it/index.html")
        second = _get(f"{base}/__explainer/version")

        content.write_text(text.replace("value: 18000", "value: lots"), encoding="utf-8")
        _wait(
            lambda: any("still serving the last good build" in line for line in stderr),
            60,
            "the errors of the broken content",
        )
        assert any("expected a number" in line for line in stderr)
        assert "Traceback" not in "".join(stderr)
        assert "quasi 18.500" in _get(f"{base}/it/index.html")
        assert _get(f"{base}/__explainer/version") == second
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for r in readers:
            r.join(5)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode in (0, 130), "".join(stderr)
