"""After `cp -a` or a restore every inode (or every mtime) changes: files whose bytes are those the
cache was made from are recognised by a hash of their content, not parsed again (issue 17)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fivefold import loading

from .conftest import Runner

READS = [("list",), ("list", "--json"), ("dashboard",), ("report", "--format", "json"), ("check",)]


@pytest.fixture
def built(ff: Runner, plans: Path, complete_item: Callable[..., str]) -> Path:
    first = complete_item("推动园区竣工投产")
    complete_item("建设智慧城市平台", "--parent", first)
    complete_item("完善养老服务体系")
    ff("start", first)
    for args in READS:
        ff(*args, expect=None)
    return plans


def _copy(plans: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copied"
    shutil.copytree(plans, copy)  # copy2: the mtimes kept, every inode new
    for old in (copy / ".fivefold" / "cache").glob("output-*"):
        old.unlink()  # what this test is about is the per-file caches, not replayed outputs
    return copy


def _no_parse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = loading.parse_one

    def counting(path: Path, *args: object) -> tuple[object, ...]:
        parsed.append(path.name)
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "parse_one", counting)
    return parsed


def test_a_copied_workspace_is_not_parsed_again(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(built, tmp_path)
    parsed = _no_parse(monkeypatch)
    for args in READS:
        here, there = Runner(built)(*args, expect=None), Runner(copy)(*args, expect=None)
        assert there.exit_code == here.exit_code
        assert there.stdout.replace(str(copy), str(built)) == here.stdout
    assert parsed == []


def test_restored_files_with_new_mtimes_are_not_parsed_again(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = Runner(built)("list").stdout
    for item in (built / "demo").glob("SY-*.yaml"):
        os.utime(item, (1_700_000_000, 1_700_000_000))  # as a restore or a checkout leaves them
    parsed = _no_parse(monkeypatch)
    assert Runner(built)("list").stdout == before
    assert parsed == []


def test_a_copied_file_with_other_bytes_of_the_same_size_is_parsed(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _copy(built, tmp_path)
    item = copy / "demo" / "SY-002.yaml"
    st = item.stat()
    item.write_text(item.read_text(encoding="utf-8").replace("建设智慧城市平台", "建设数字政府平台"), encoding="utf-8")
    os.utime(item, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert item.stat().st_size == st.st_size
    parsed = _no_parse(monkeypatch)
    assert "建设数字政府平台" in Runner(copy)("list").stdout
    assert "SY-002.yaml" in parsed and "SY-001.yaml" not in parsed
