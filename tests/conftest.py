"""Shared fixtures: the reference story, built once per test session with the real pipeline."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"

# Builds must not depend on the day they run.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


def sigint_as_ctrl_c() -> None:
    """For a child process that a test will interrupt: SIGINT with its default action.

    A shell that starts a job in the background (`make test &`, some CI runners) makes it
    ignore SIGINT, and children inherit that; Python then never turns SIGINT into
    KeyboardInterrupt. Given as `preexec_fn`, this makes the child's Ctrl-C real whatever
    started the test run."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative POSIX path -> bytes), to compare before/after."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels of a PNG file, read from its header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def cli_runner() -> CliRunner:
    """Click's test runner; stdout and stderr kept apart (click 8.2+)."""
    return CliRunner()


def copy_story(dest: Path) -> Path:
    """A private copy of the reference story (content + sources) to edit in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONTENT, dest / "content.yaml")
    shutil.copytree(ROOT / "sources", dest / "sources", dirs_exist_ok=True)
    return dest / "content.yaml"


@pytest.fixture(scope="session")
def story():
    from explainer.content.validate import load_story

    return load_story(CONTENT)


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every test process (pytest-xdist worker) shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _run_lock(path: Path) -> Iterator[None]:
    """Held by one test process at a time (the others wait): for work done once a run."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of the reference story, built for real (Kaleido + Chromium), once for the
    whole run: the first test process to need it builds it, the others wait and read
    it. Never change it: copy it (and `warm_cache` for its image cache)."""
    from explainer.build import build

    work = _run_folder(tmp_path_factory) / "reference-built"
    out = work / "output"
    with _run_lock(work.parent / "reference-built.lock"):
        if not (out / "manifest.json").is_file():
            shutil.rmtree(work, ignore_errors=True)
            content = copy_story(work / "story")
            build(content, out, cache_dir=work / "cache")
    return out


@pytest.fixture(scope="session")
def image_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image cache for the whole run, shared by every test process: an image another
    test drew is not drawn again (the cache's files are whole or absent, and each build
    draws in a folder of its own). Only for builds whose tests do not count what is
    drawn: those use a cache of their own (`warm_cache`, `tmp_path`)."""
    cache = _run_folder(tmp_path_factory) / "image-cache"
    cache.mkdir(exist_ok=True)
    return cache


@pytest.fixture
def warm_cache(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the image cache of `built_site`: a test's first build renders nothing."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.parent / "cache", cache)
    return cache
