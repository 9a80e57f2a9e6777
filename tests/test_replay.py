"""The whole-output cache of list, dashboard and report (issue 17): the same bytes replayed while
every input is unchanged, never stored when an input changed within the racy window, data only."""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fivefold import cache

from .conftest import Runner

OLD = 1_600_000_000  # well outside the racy window


def _age(plans: Path) -> None:
    """Every input file and folder last changed long ago (as after a while without writes)."""
    for base, dirs, files in os.walk(plans):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in [*files, *dirs]:
            os.utime(os.path.join(base, name), (OLD, OLD))
        os.utime(base, (OLD, OLD))


def _outputs(plans: Path) -> list[Path]:
    return sorted((plans / ".fivefold" / "cache").glob("output-*"))


READS = [
    ("list",),
    ("list", "--json"),
    ("list", "--state", "active", "--sort", "due"),
    ("dashboard",),
    ("dashboard", "--json"),
    ("report", "--format", "json"),
    ("report", "--format", "md"),
    ("report", "--format", "csv"),
]


@pytest.fixture
def filled(ff: Runner, plans: Path, complete_item: Callable[..., str]) -> Runner:
    first = complete_item("推动园区竣工投产")
    complete_item("建设智慧城市平台", "--parent", first)
    ff("start", first)
    ff("note", first, "主体已封顶")
    (plans / "demo" / "SY-009.yaml").write_text("id: [broken\n", encoding="utf-8")  # a problem on stderr
    _age(plans)
    return ff


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_replayed_output_is_the_same_bytes(
    filled: Runner, plans: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = filled(*args)
    assert len(_outputs(plans)) == 1  # stored: nothing changed within the racy window
    import fivefold.cli.replay as replay

    ran = []
    original = replay._replay
    monkeypatch.setattr(replay, "_replay", lambda env, records: (ran.append(1), original(env, records)))
    second = filled(*args)
    assert ran == [1]
    assert second.stdout_bytes == first.stdout_bytes
    assert second.stderr == first.stderr and "SY-009" in first.stderr


def test_each_language_has_its_own_output(filled: Runner) -> None:
    zh, en = filled("list", "--lang", "zh").stdout, filled("list", "--lang", "en").stdout
    assert zh != en
    assert filled("list", "--lang", "zh").stdout == zh and filled("list", "--lang", "en").stdout == en


def test_a_change_to_any_input_is_seen(filled: Runner, plans: Path) -> None:
    before = filled("list").stdout
    filled("list")
    item = plans / "demo" / "SY-002.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("建设智慧城市平台", "建设数字政府平台"), encoding="utf-8")
    after = filled("list").stdout
    assert "建设数字政府平台" in after and after != before
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nlanguage: en\n", encoding="utf-8")
    assert "Title" in filled("list").stdout or filled("list").stdout != after


def test_a_same_size_edit_in_the_same_granule_is_seen(filled: Runner, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    item = plans / "demo" / "SY-002.yaml"
    text = item.read_text(encoding="utf-8")
    os.utime(item)  # just written: within the racy window
    st = item.stat()
    assert "建设智慧城市平台" in filled("list").stdout
    assert _outputs(plans) == []  # an input changed a moment ago: not stored
    # the same size, and (as in a coarse timestamp granule) the same mtime: only the bytes differ
    item.write_text(text.replace("建设智慧城市平台", "建设数字政府平台"), encoding="utf-8")
    os.utime(item, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert item.stat().st_size == st.st_size
    assert "建设数字政府平台" in filled("list").stdout


def test_a_write_makes_a_new_output(filled: Runner, plans: Path) -> None:
    import json

    def steps_done() -> int:
        return next(r["steps_done"] for r in json.loads(filled("list", "--json").stdout) if r["id"] == "SY-001")

    assert steps_done() == 0
    assert steps_done() == 0  # replayed
    filled("step", "done", "SY-001", "s1")
    assert steps_done() == 1


def test_a_damaged_or_foreign_cache_is_run_again(filled: Runner, plans: Path) -> None:
    first = filled("list").stdout
    (path,) = _outputs(plans)
    tag, token, entries = marshal.loads(path.read_bytes())
    stamp, records = entries["output"]
    for forged in ({"output": (stamp, ((0, b"bytes where text belongs"),))}, {"output": (stamp, ((7, "x"),))}, {"output": 1}):
        path.write_bytes(marshal.dumps((tag, token, forged)))
        assert filled("list").stdout == first
    path.write_bytes(b"not marshal at all")
    assert filled("list").stdout == first


def test_every_cache_file_is_data_only(filled: Runner, plans: Path) -> None:
    filled("list")
    filled("report", "--format", "json")
    for path in _outputs(plans):
        tag, _, entries = marshal.loads(path.read_bytes())  # marshal: plain values, nothing to run
        assert tag[0] == cache.FORMAT


def test_report_to_a_file_is_not_cached(filled: Runner, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    filled("report", "--format", "json", "--out", str(out))
    out.unlink()
    filled("report", "--format", "json", "--out", str(out))
    assert out.is_file()
    assert _outputs(plans) == []


def test_the_stamp_names_every_input_and_keeps_only_plan_listings(tmp_path: Path) -> None:
    import hashlib

    from fivefold.cli.replay import _stamp_folder, _stamp_tree

    (tmp_path / "p" / "evidence" / "P-1").mkdir(parents=True)
    (tmp_path / "p" / "P-1.yaml").write_text("a", encoding="utf-8")
    (tmp_path / "p" / "P-2.yaml").mkdir()  # a folder named like an item: loading.scan names it
    proof = tmp_path / "p" / "evidence" / "P-1" / "photo.txt"
    proof.write_text("1", encoding="utf-8")
    (tmp_path / ".fivefold").mkdir()
    (tmp_path / ".fivefold" / "x").write_text("hidden", encoding="utf-8")
    os.utime(proof, ns=(OLD * 10**9, OLD * 10**9))

    def stamped() -> tuple[bytes, dict[str, Any]]:
        stamp = hashlib.blake2b(digest_size=16)
        scanned: dict[str, Any] = {}
        shown = [p for p in tmp_path.rglob("*") if not p.relative_to(tmp_path).parts[0].startswith(".")]
        assert _stamp_tree(str(tmp_path), stamp, scanned) == max(p.stat().st_mtime_ns for p in shown)  # the latest
        return stamp.digest(), scanned

    first, scanned = stamped()
    assert list(scanned) == [str(tmp_path / "p")]  # nothing else of the scan is held
    kinds = {e.name: (e.is_file, e.stat is not None) for e in scanned[str(tmp_path / "p")]}
    assert kinds == {"P-1.yaml": (True, True), "P-2.yaml": (False, False), "evidence": (False, False)}
    assert stamped()[0] == first
    proof.write_text("2", encoding="utf-8")  # evidence, same size, same mtime: the inode stays, so …
    os.utime(proof, ns=(OLD * 10**9, OLD * 10**9))
    assert stamped()[0] == first  # … this is what the racy rule is for (never stored within the window)
    proof.write_text("22", encoding="utf-8")
    assert stamped()[0] != first
    second = stamped()[0]
    (tmp_path / ".fivefold" / "x").write_text("hidden, changed", encoding="utf-8")
    assert stamped()[0] == second

    def one(names: list[str], stats: list[Any]) -> bytes:
        stamp = hashlib.blake2b(digest_size=16)
        _stamp_folder(stamp, "f", names, stats)
        return stamp.digest()

    assert one(["a", "b"], [(1, 2, 3), (4, 5, 6)]) != one(["a\0b"], [(1, 2, 3)])
    assert one(["a"], [(2**64, 0, 0)]) != one(["a"], [(0, 0, 0)])
