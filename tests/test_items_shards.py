"""The items cache is kept in shards (loading.SHARDS files), each written as soon as its files are read,
and parsing in worker processes runs a bounded number of chunks ahead of the reader: the same items as
a plain sequential read, entries of files that are gone dropped, and hand edits always seen."""

from __future__ import annotations

import datetime as dt
import marshal
from functools import partial

import pytest

from fivefold import loading
from fivefold.indexentry import Wants, made
from fivefold.loading import iter_items, load, read_items, scan
from fivefold.model import THRESHOLD_DEFAULTS
from fivefold.workspace import Workspace
from tests.helpers import item_file, racy_edit


@pytest.fixture
def five(ff, complete_item):
    for n in range(5):
        complete_item(f"事项{n}")
    return ff


def entries(plans):
    found = {}
    for path in sorted((plans / ".fivefold" / "cache").glob("items-*")):
        shard = marshal.loads(path.read_bytes())[-1]  # (tag, token, entries): cache.FileCache
        found.update({rel: int(path.name[-2:]) for rel in shard})
    return found


def test_each_entry_sits_in_the_shard_its_path_hashes_to_and_gone_files_leave(five, plans):
    legacy = plans / ".fivefold" / "cache" / "items"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(b"the one-file cache of an earlier release")
    assert [i.id for i in load(Workspace(plans)).items] == [f"SY-00{n}" for n in range(1, 6)]
    found = entries(plans)
    assert found == {rel: loading._shard(rel) for rel in found} and len(found) == 5
    assert not legacy.exists()
    item_file(plans, "SY-003").unlink()
    assert [i.id for i in load(Workspace(plans)).items] == ["SY-001", "SY-002", "SY-004", "SY-005"]
    assert sorted(entries(plans)) == ["demo/SY-001.yaml", "demo/SY-002.yaml", "demo/SY-004.yaml", "demo/SY-005.yaml"]


@pytest.mark.parametrize(("chunk", "ahead"), [(1, 0), (2, 1), (250, 4)])
def test_the_parallel_read_gives_what_the_sequential_one_gives(five, plans, monkeypatch, chunk, ahead):
    ws = Workspace(plans)
    files = scan(ws, load(ws).plans)
    expected = {rel: (entry[2], item) for rel, (entry, item) in read_items(ws, files, use_cache=False).items()}
    monkeypatch.setattr(loading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(loading, "CHUNK", chunk)
    monkeypatch.setattr(loading, "AHEAD", ahead)
    got = read_items(Workspace(plans), files, use_cache=False)
    assert {rel: (entry[2], item) for rel, (entry, item) in got.items()} == expected


@pytest.mark.parametrize("cached", [False, True])
def test_entries_made_in_the_workers_are_those_made_here(five, plans, monkeypatch, cached):
    """index.load_index has each item's row, trace, details and JSON made where its file is parsed
    (indexentry.made): in a worker process the same as here, and the same from the items cache."""
    ws = Workspace(plans)
    files = scan(ws, load(ws).plans)
    wants = Wants(dt.date(2026, 11, 27), {}, dict(THRESHOLD_DEFAULTS), None, True, True, True)
    derive = partial(made, wants)
    here = {rel: (entry, value) for rel, (entry, value) in iter_items(ws, files, use_cache=cached, derive=derive)}
    items = read_items(ws, files, use_cache=False)
    assert {rel: value for rel, (_, value) in here.items()} == {rel: made(wants, "demo", i) for rel, (_, i) in items.items()}
    monkeypatch.setattr(loading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(loading, "CHUNK", 2)
    there = dict(iter_items(Workspace(plans), files, use_cache=cached, derive=derive))
    assert {rel: value[1] for rel, value in there.items()} == {rel: value[1] for rel, value in here.items()}
    assert {rel: value[0][2] for rel, value in there.items()} == {rel: value[0][2] for rel, value in here.items()}


def test_a_same_size_edit_within_the_same_timestamp_is_seen_by_a_full_load(five, plans):
    path = item_file(plans, "SY-002")
    before = path.stat()
    assert load(Workspace(plans)).by_id["SY-002"].title == "事项1"
    racy_edit(path, "事项1", "事项9", before)
    assert load(Workspace(plans)).by_id["SY-002"].title == "事项9"
