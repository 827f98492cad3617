"""`EXPLAINER_*` numbers: read when used, checked, and a bad one is one line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.errors import ExplainerError
from explainer.settings import SettingError, env_float, env_int

ROOT = Path(__file__).resolve().parent.parent
NAME = "EXPLAINER_TEST_SETTING"


@pytest.mark.parametrize(
    ("raw", "value"),
    [(None, 7), ("", 7), ("   ", 7), ("12", 12), (" 12 ", 12), ("1_000", 1000), ("+3", 3)],
)
def test_env_int_reads_a_whole_number_or_the_default(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, value: int
) -> None:
    if raw is None:
        monkeypatch.delenv(NAME, raising=False)
    else:
        monkeypatch.setenv(NAME, raw)
    assert env_int(NAME, 7) == value


@pytest.mark.parametrize("raw", ["lots", "1.5", "1e6", "0", "-4", "12 000", "0x10", "nan"])
def test_env_int_refuses_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(SettingError) as e:
        env_int(NAME, 200_000)
    assert str(e.value) == (
        f"{NAME}={raw!r} is not a whole number above 0 (unset it to use the default, 200,000)"
    )
    assert isinstance(e.value, ExplainerError) and e.value.exit_code == 2


def test_env_int_with_a_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "200")
    assert env_int(NAME, 40, most=200) == 200
    monkeypatch.setenv(NAME, "201")
    with pytest.raises(SettingError, match="is not a whole number from 1 to 200"):
        env_int(NAME, 40, most=200)
    monkeypatch.setenv(NAME, "5")
    assert env_int(NAME, 40, above=4) == 5
    with pytest.raises(SettingError, match="is not a whole number above 5"):
        env_int(NAME, 40, above=5)


@pytest.mark.parametrize(("raw", "value"), [(None, 120.0), ("", 120.0), ("2.5", 2.5), ("3", 3.0)])
def test_env_float_reads_a_number_or_the_default(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, value: float
) -> None:
    if raw is None:
        monkeypatch.delenv(NAME, raising=False)
    else:
        monkeypatch.setenv(NAME, raw)
    assert env_float(NAME, 120.0) == value


@pytest.mark.parametrize("raw", ["soon", "0", "-1", "inf", "nan", "1,5"])
def test_env_float_refuses_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(SettingError) as e:
        env_float(NAME, 120.0)
    assert str(e.value) == (
        f"{NAME}={raw!r} is not a number above 0 (unset it to use the default, 120)"
    )


def test_variables_are_read_when_used_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing the whole package with bad values works; only their use fails."""
    env = {
        **os.environ,
        "EXPLAINER_MAX_NODES": "lots",
        "EXPLAINER_MAX_DEPTH": "deep",
        "EXPLAINER_MAX_CONTENT_BYTES": "big",
        "EXPLAINER_MAX_MARKS": "many",
        "EXPLAINER_LOCK_TIMEOUT": "soon",
        "EXPLAINER_EXPORT_TIMEOUT": "later",
    }
    code = (
        "import explainer.cli, explainer.content.validate, explainer.content.yamlsource, "
        "explainer.content.checks_charts, explainer.build, explainer.images.export"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )


@pytest.mark.parametrize(
    ("name", "value", "command"),
    [
        ("EXPLAINER_MAX_NODES", "lots", "validate"),
        ("EXPLAINER_MAX_DEPTH", "500", "validate"),
        ("EXPLAINER_MAX_CONTENT_BYTES", "2MB", "validate"),
        ("EXPLAINER_MAX_MARKS", "-1", "validate"),
        ("EXPLAINER_MAX_NODES", "0", "build"),
        ("EXPLAINER_LOCK_TIMEOUT", "soon", "build"),
    ],
)
def test_a_bad_variable_is_one_line_on_the_command_line(
    tmp_path: Path, name: str, value: str, command: str
) -> None:
    out = tmp_path / "output"
    extra = ["-o", str(out)] if command == "build" else []
    result = _cli(command, "content.yaml", *extra, **{name: value})
    assert result.returncode in (1, 2), result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {name}={value!r} is not a "), lines
    assert not out.exists()


def test_the_variables_change_the_limits(tmp_path: Path) -> None:
    content = tmp_path / "content.yaml"
    content.write_text("story: [[[[1]]]]\nmore: [1, 2, 3, 4, 5, 6]\n", encoding="utf-8")
    nodes = _cli("validate", str(content), EXPLAINER_MAX_NODES="5")
    assert nodes.returncode == 2
    assert "more than 5 values in one file" in nodes.stderr
    assert "set EXPLAINER_MAX_NODES to raise the limit" in nodes.stderr
    depth = _cli("validate", str(content), EXPLAINER_MAX_DEPTH="3")
    assert depth.returncode == 2
    assert "nesting deeper than 3 levels" in depth.stderr
    size = _cli("validate", str(content), EXPLAINER_MAX_CONTENT_BYTES="10")
    assert "over the limit of 10" in size.stderr
    # raised, the same file gets past the limits (and is then refused for what it holds)
    fine = _cli("validate", str(content), EXPLAINER_MAX_NODES="15", EXPLAINER_MAX_DEPTH="5")
    assert fine.returncode == 2
    assert "unknown section 'more'" in fine.stderr
    assert "values in one file" not in fine.stderr and "nesting" not in fine.stderr
