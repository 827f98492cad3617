"""The output folder is replaced in one step: a reader never finds it missing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from explainer.build import atomic
from explainer.build.atomic import exchange, swap_in


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text)
    return path


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="Linux and macOS only")
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = _folder(tmp_path / "a", "A"), _folder(tmp_path / "b", "B")
    assert exchange(a, b)
    assert (a / "index.html").read_text() == "B" and (b / "index.html").read_text() == "A"


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="Linux and macOS only")
def test_swap_in_never_leaves_the_output_missing(tmp_path: Path, monkeypatch) -> None:
    out = _folder(tmp_path / "output", "old")
    staging = _folder(tmp_path / ".output.tmp", "new")
    renamed: list[tuple[str, str]] = []

    def rename(src: object, dst: object) -> None:  # any rename would leave a gap
        renamed.append((str(src), str(dst)))
        raise AssertionError("swap_in renamed instead of exchanging")

    monkeypatch.setattr(os, "rename", rename)
    swap_in(staging, out)
    assert renamed == []
    assert (out / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # the old one is gone


def test_swap_in_falls_back_to_two_renames(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)  # a system without it
    out = _folder(tmp_path / "output", "old")
    staging = _folder(tmp_path / ".output.tmp", "new")
    swap_in(staging, out)
    assert (out / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_first_build_just_renames(tmp_path: Path) -> None:
    staging = _folder(tmp_path / ".output.tmp", "new")
    swap_in(staging, tmp_path / "output")
    assert (tmp_path / "output" / "index.html").read_text() == "new"
    assert not staging.exists()


def test_a_failed_fallback_puts_the_old_output_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)
    out = _folder(tmp_path / "output", "old")
    missing = tmp_path / ".output.tmp"  # the staging folder vanished: the rename fails
    with pytest.raises(OSError):
        swap_in(missing, out)
    assert (out / "index.html").read_text() == "old"
