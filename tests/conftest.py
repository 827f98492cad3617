"""Shared fixtures: the reference story, built once per test session with the real pipeline."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of the reference story, built for real (Kaleido + Chromium)."""
    from explainer.build import build

    work = tmp_path_factory.mktemp("site")
    content = copy_story(work / "story")
    out = work / "output"
    build(content, out, cache_dir=work / "cache")
    return out


@pytest.fixture
def warm_cache(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the image cache of `built_site`: a test's first build renders nothing."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.parent / "cache", cache)
    return cache
