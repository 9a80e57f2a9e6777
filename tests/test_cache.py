"""The cache under .fivefold/cache is never stale: hand edits, added, removed and renamed files, and
files changed within the timestamp granularity are always seen; a corrupt cache is rebuilt silently;
the cache is never tracked by git."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fivefold import cache
from tests.helpers import item_file, racy_edit


def titles(ff) -> dict[str, str]:
    return {r["id"]: r["title"] for r in json.loads(ff("list", "--json").stdout)}


def warm(ff) -> dict[str, str]:
    first = titles(ff)
    assert titles(ff) == first  # the second run comes from the cache
    return first


@pytest.fixture
def two(ff, complete_item):
    complete_item("第一项")
    complete_item("第二项")
    return ff


def test_a_warm_run_reads_no_yaml(two, plans, monkeypatch):
    warm(two)
    two("dashboard")
    import fivefold.codec

    def refuse(*args, **kwargs):
        raise AssertionError("a warm run parsed YAML")

    monkeypatch.setattr(fivefold.codec, "load_item", refuse)
    monkeypatch.setattr(fivefold.codec, "read_yaml", refuse)
    assert titles(two) == {"SY-001": "第一项", "SY-002": "第二项"}
    two("dashboard")  # the dashboard's rows and traces are cached too


def test_a_hand_edit_is_seen(two, plans):
    warm(two)
    path = item_file(plans, "SY-001")
    path.write_text(path.read_text("utf-8").replace("第一项", "第一项（改）"), "utf-8")
    assert titles(two)["SY-001"] == "第一项（改）"


def test_a_same_size_edit_within_the_same_timestamp_is_seen(two, plans):
    """The racy case: same size, same inode, and the mtime put back to what the cache recorded."""
    path = item_file(plans, "SY-001")
    before = path.stat()
    warm(two)  # cached while the file is recent, so its entry carries a hash of the bytes
    racy_edit(path, "第一项", "第九项", before)
    assert titles(two)["SY-001"] == "第九项"


def test_a_settled_file_drops_its_hash_and_is_still_checked_by_stat(two, plans):
    path = item_file(plans, "SY-002")
    old = path.stat().st_mtime_ns - 3600 * 10**9  # an hour ago: no longer "recent"
    for p in (plans / "demo").glob("SY-*.yaml"):
        os.utime(p, ns=(old, old))
    warm(two)
    entries = cache.FileCache(next((plans / ".fivefold" / "cache").glob("index-*")), ()).path
    assert entries.exists()
    path.write_text(path.read_text("utf-8").replace("第二项", "第二项·新"), "utf-8")  # a normal edit: new mtime
    assert titles(two)["SY-002"] == "第二项·新"


def test_added_removed_and_renamed_files_are_seen(two, plans, complete_item):
    warm(two)
    complete_item("第三项")
    assert set(titles(two)) == {"SY-001", "SY-002", "SY-003"}
    item_file(plans, "SY-002").unlink()
    assert set(titles(two)) == {"SY-001", "SY-003"}
    # a rename: the file (and its id) becomes SY-007
    old = item_file(plans, "SY-003")
    new = item_file(plans, "SY-007")
    new.write_text(old.read_text("utf-8").replace("id: SY-003", "id: SY-007"), "utf-8")
    old.unlink()
    assert titles(two) == {"SY-001": "第一项", "SY-007": "第三项"}


def test_a_broken_file_stays_reported_on_warm_runs(two, plans):
    path = item_file(plans, "SY-002")
    path.write_text("id: SY-002\ntitle: [unclosed\n", "utf-8")
    for _ in range(2):
        result = two("list")
        assert "SY-001" in result.stdout
        assert "SY-002.yaml:" in result.stderr


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\x00" * 64, b"\xff\xfe" * 100])
def test_a_corrupt_cache_is_rebuilt_silently(two, plans, garbage):
    expected = warm(two)
    two("dashboard")
    folder = plans / ".fivefold" / "cache"
    assert any(p.name.startswith("index-") for p in folder.iterdir())
    for p in folder.iterdir():
        p.write_bytes(garbage)
    result = two("list", "--json")
    assert result.stderr == ""
    assert {r["id"]: r["title"] for r in json.loads(result.stdout)} == expected
    assert titles(two) == expected


def test_a_missing_cache_is_rebuilt(two, plans):
    expected = warm(two)
    shutil.rmtree(plans / ".fivefold" / "cache")
    assert titles(two) == expected


def test_the_cache_follows_the_as_of_date_and_the_thresholds(ff, plans):
    ff("new", "远期事项", "--area", "industry", "--goal", "g", "--lead-unit", "区工信局", "--owner", "李某",
       "--start", "2026-11-01", "--due", "2027-06-30", "--step", "方案@2027-03-01", "--acceptance", "验收")  # fmt: skip
    ff("start", "SY-001", "--on", "2026-11-02")

    def light(*args: str) -> str | None:
        return {r["id"]: r["light"] for r in json.loads(ff(*args, "list", "--json").stdout)}.get("SY-001")

    assert light() == "green"
    assert light("--as-of", "2026-10-01") is None  # not created yet then: the as-of rows are their own
    assert light("--as-of", "2027-07-01") == "red"  # past due then
    assert light() == "green"  # and back: each date has its own cached rows
    settings = plans / "fivefold.yaml"
    settings.write_text(settings.read_text("utf-8").replace("soon_days: 14", "soon_days: 300"), "utf-8")
    assert light() == "yellow"  # due within 300 days: new thresholds, new rows


def test_plan_edits_are_seen(two, plans):
    warm(two)
    plan = plans / "demo" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("industry: industry", "industry: 现代化产业体系"), "utf-8")
    assert "现代化产业体系" in two("--lang", "zh", "dashboard").stdout


@pytest.mark.slow  # real git
def test_the_cache_is_never_tracked_by_git(two, plans):
    repo = plans.parent
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    warm(two)
    two("dashboard")
    assert (plans / ".fivefold" / "cache").is_dir()
    ignored = subprocess.run(["git", "check-ignore", "-q", str(plans / ".fivefold" / "cache" / "items")], cwd=repo, env=env)
    assert ignored.returncode == 0
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert ".fivefold" not in status.stdout
    assert "plans/demo/SY-001.yaml" in status.stdout


# --- a cache is data: nothing in it runs, and a wrong shape counts as absent (issue 16 §9) ------------


class _Plant:
    """Unpickled, this would make a folder: proof that a pickle ran."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self):
        return (os.mkdir, (self.target,))


def test_a_forged_meta_cache_runs_nothing(two, plans, tmp_path):
    import pickle

    expected = warm(two)
    marker = tmp_path / "planted"
    store = cache.FileCache(plans / ".fivefold" / "cache" / "meta")
    entries = store.load()
    assert entries, "the meta cache was not written"
    store.save({rel: (entry[0], entry[1], ("ok", pickle.dumps(_Plant(str(marker))))) for rel, entry in entries.items()})
    result = two("list", "--json")
    assert not marker.exists()
    assert result.stderr == "" and {r["id"]: r["title"] for r in json.loads(result.stdout)} == expected
    (plans / ".fivefold" / "cache" / "meta").write_bytes(pickle.dumps(_Plant(str(marker))))  # a bare pickle
    assert titles(two) == expected and not marker.exists()


def test_no_module_of_fivefold_imports_pickle():
    import ast

    import fivefold

    unsafe = {"pickle", "_pickle", "cPickle", "shelve", "dill", "cloudpickle", "jsonpickle"}
    found = []
    for path in Path(fivefold.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in unsafe]
    assert found == []


def _forge(plans: Path, change) -> None:
    """Rewrite every entry of every cache file, keeping its tag and stat key (so it is trusted)."""
    import marshal

    for path in (plans / ".fivefold" / "cache").iterdir():
        tag, token, entries, *removed = marshal.loads(path.read_bytes())  # a delta file: and the paths removed
        path.write_bytes(marshal.dumps((tag, token, {rel: change(entry) for rel, entry in entries.items()}, *removed)))


WRONG_SHAPES = {
    "not-a-tuple": lambda e: 5,
    "short": lambda e: (e[0],),
    "payload-number": lambda e: (e[0], e[1], 5),
    "ok-alone": lambda e: (e[0], e[1], ("ok",)),
    "ok-number": lambda e: (e[0], e[1], ("ok", 5, "SY-001")),
    "bad-text": lambda e: (e[0], e[1], ("bad", "x")),
    "plan-like": lambda e: (e[0], e[1], ("ok", {"prefix": 5, "thresholds": "x", "areas": [1]})),
    "unknown-tag": lambda e: (e[0], e[1], ("ok", ("zz", 1))),
    "rows-of-text": lambda e: (e[0], e[1], ("ok",) * 9),
    "detail-like": lambda e: (e[0], e[1], {"goal": 5}),
    "text": lambda e: (e[0], e[1], "x"),
}


@pytest.mark.parametrize("change", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_cache_of_the_wrong_shape_counts_as_absent(two, plans, change):
    commands = [("list", "--json"), ("dashboard",), ("check",), ("report", "--format", "json"), ("show", "SY-001")]
    expected = [two(*c, expect=None) for c in commands]
    assert all(r.exit_code == 0 and r.stderr == "" for r in expected)
    expected = [two(*c).stdout for c in commands]  # now from the cache
    _forge(plans, change)
    for command, before in zip(commands, expected, strict=True):
        result = two(*command, expect=None)
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert result.stdout == before, command


def test_the_shapes_checked_are_the_shapes_written(two, plans):
    """Else every warm run would take its cached rows for damaged ones and read every file again."""
    import datetime as dt

    from fivefold import cacheshapes, indexentry
    from fivefold.loading import load
    from fivefold.model import THRESHOLD_DEFAULTS
    from fivefold.report import item_detail
    from fivefold.schedule import assess_one
    from fivefold.views import trace_rows
    from fivefold.workspace import Workspace

    as_of = dt.date(2026, 11, 27)
    item = load(Workspace(plans)).items[0]
    detail = item_detail(item, assess_one(item, as_of, dict(THRESHOLD_DEFAULTS)), as_of)
    assert set(detail) == cacheshapes.DETAIL_KEYS
    assert cacheshapes.fragment(indexentry.detail_json(detail))
    assert {len(t) for t in trace_rows(item)} == {cacheshapes.TRACE_WIDTH}


def _yaml_like():
    """Values a safe YAML load can give: scalars (dates and timestamps too), lists, mappings,
    (key, value) tuples of !!pairs and sets of !!set."""
    import datetime as dt

    from hypothesis import strategies as st

    zones = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=8)), None])
    stamps = st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(), zones)
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8), st.binary(max_size=8),
        st.dates(), stamps,
    )  # fmt: skip
    keys = st.one_of(st.text(max_size=6), st.integers(), st.booleans(), st.none(), st.dates())
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(keys, inner, max_size=4),
            st.lists(st.tuples(keys, inner), max_size=3).map(tuple),
            st.frozensets(keys, max_size=3).map(set),
        ),
        max_leaves=20,
    )


@pytest.mark.slow  # a large hypothesis run
def test_plain_data_survives_the_cache_unchanged():
    import marshal

    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_yaml_like())
    def round_trip(value):
        assert cache.unpack(marshal.loads(marshal.dumps(cache.pack(value)))) == value

    round_trip()


def test_an_item_survives_its_cache_record(ff, plans, complete_item):
    """The record is plain data marshal stores, and reads back as the item it was made from."""
    import dataclasses
    import marshal

    from fivefold import codec
    from fivefold.records import FINGERPRINT, ITEM, item_from_record, item_record

    complete_item("第一项")
    ff("start", "SY-001")
    ff("step", "done", "SY-001", "s1", "--note", "一\n二")
    path = item_file(plans, "SY-001")
    item = codec.load_item(path.read_text("utf-8"), str(path), plan="demo", file_id="SY-001")
    record = marshal.loads(marshal.dumps(item_record(item)))
    assert dataclasses.replace(item_from_record(record), raw=item.raw) == item
    assert set(ITEM.names) == {f.name for f in dataclasses.fields(item)} - {"raw"}  # every field but the file's raw data
    assert "'log'" in FINGERPRINT


# --- the delta file beside a cache (cache.FileCache) -----------------------------------------------


def _entries(n: int) -> dict[str, tuple]:
    return {f"p/{k}.yaml": ((k, k, k), None, ("ok", k)) for k in range(n)}


def test_a_few_changes_go_to_the_delta_and_the_whole_stays(tmp_path):
    store = cache.FileCache(tmp_path / "c", ("t",))
    store.save(_entries(40))
    whole = (tmp_path / "c").read_bytes()
    entries = store.load()
    entries["p/1.yaml"] = ((1, 2, 3), b"h", ("ok", "changed"))
    entries["p/new.yaml"] = ((9, 9, 9), None, ("absent",))
    del entries["p/2.yaml"]
    store.save(entries)
    assert (tmp_path / "c").read_bytes() == whole
    assert (tmp_path / "delta-c").exists()
    assert cache.FileCache(tmp_path / "c", ("t",)).load() == entries
    again = cache.FileCache(tmp_path / "c", ("t",))  # the delta holds every change since the whole
    more = again.load()
    more["p/3.yaml"] = ((3, 3, 4), None, ("ok", 3))
    again.save(more)
    assert cache.FileCache(tmp_path / "c", ("t",)).load() == more


def test_many_changes_write_the_whole_again(tmp_path):
    store = cache.FileCache(tmp_path / "c")
    store.save(_entries(40))
    entries = store.load()
    entries["p/1.yaml"] = ((1, 2, 3), None, ("ok", 1))
    store.save(entries)
    assert (tmp_path / "delta-c").exists()
    entries = store.load()
    for k in range(10):
        entries[f"p/{k}.yaml"] = ((k, 0, 0), None, ("ok", -k))
    store.save(entries)  # more than a tenth of the whole
    assert not (tmp_path / "delta-c").exists()
    assert cache.FileCache(tmp_path / "c").load() == entries


@pytest.mark.parametrize(
    "damage", ["garbage", "other-base", "other-tag", "wrong-shape", "removed-not-a-path", "changed-not-a-path"]
)
def test_a_delta_not_of_this_whole_is_ignored(tmp_path, damage):
    import marshal

    store = cache.FileCache(tmp_path / "c", ("t",))
    store.save(_entries(40))
    base = store.load()
    changed = dict(base)
    changed["p/1.yaml"] = ((1, 2, 3), None, ("ok", "changed"))
    store.save(changed)
    delta = tmp_path / "delta-c"
    tag, token, members, removed = marshal.loads(delta.read_bytes())
    forged = {
        "garbage": b"\x00not marshal",
        "other-base": marshal.dumps((tag, b"x" * 16, members, removed)),
        "other-tag": marshal.dumps(((*tag, "other"), token, members, removed)),
        "wrong-shape": marshal.dumps((tag, token, members, "p/2.yaml")),
        "removed-not-a-path": marshal.dumps((tag, token, members, ([1],))),  # unhashable: a crash if popped
        "changed-not-a-path": marshal.dumps((tag, token, {7: members["p/1.yaml"]}, removed)),
    }[damage]
    delta.write_bytes(forged)
    assert cache.FileCache(tmp_path / "c", ("t",)).load() == base


def test_a_same_size_edit_after_a_delta_is_seen(ff, complete_item, plans):
    """Enough items that one changed file goes to the delta files: the racy rule holds there too."""
    complete_item("第一项")
    first = item_file(plans, "SY-001")
    text = first.read_text("utf-8")
    for k in range(2, 13):
        first.with_name(f"SY-{k:03d}.yaml").write_text(text.replace("SY-001", f"SY-{k:03d}"), "utf-8")
    warm(ff)
    ff("report", "--format", "json")
    path = item_file(plans, "SY-005")
    path.write_text(path.read_text("utf-8").replace("第一项", "第五项"), "utf-8")
    before = path.stat()
    assert titles(ff)["SY-005"] == "第五项"
    ff("report", "--format", "json")
    assert list((plans / ".fivefold" / "cache").glob("delta-index-*"))
    assert list((plans / ".fivefold" / "cache").glob("delta-json-*"))
    racy_edit(path, "第五项", "第六项", before)
    assert titles(ff)["SY-005"] == "第六项"
    report = json.loads(ff("report", "--format", "json").stdout)
    assert {i["id"]: i["title"] for a in report["areas"] for i in a["items"]}["SY-005"] == "第六项"


@pytest.mark.parametrize("blob", [b"\x00not marshal", b"", "marshal-of-a-number", "marshal-of-short-rows"])
def test_a_damaged_trace_is_read_again(two, plans, blob):
    """A trace is cached as (the date of its last entry, its entries in marshal), opened when wanted."""
    import marshal

    two("note", "SY-001", "一条进展")
    commands = [("dashboard", "--json"), ("dashboard", "--since", "2000-01-01"), ("report", "--format", "json", "--rank")]
    expected = [two(*c).stdout for c in commands]
    blob = {"marshal-of-a-number": marshal.dumps(5), "marshal-of-short-rows": marshal.dumps((("a", "b"),))}.get(blob, blob)
    traced = lambda e: len(e) > 2 and type(e[2]) is tuple and len(e[2]) == 2 and type(e[2][1]) is bytes  # noqa: E731
    _forge(plans, lambda e: (e[0], e[1], (e[2][0], blob), *e[3:]) if traced(e) else e)
    for command, before in zip(commands, expected, strict=True):
        assert two(*command).stdout == before, command


def test_split_trusts_by_stat_key_only_entries_without_a_hash(tmp_path):
    """cache.split's column-wise common case: an entry is trusted by its stat key alone only when it
    has no racy hash; a hashed entry, a moved file, a missing or malformed entry are looked at one by
    one (the racy rule), whatever else the cache holds."""
    from fivefold.loading import ItemFile
    from fivefold.workspace import FileStat

    files = []
    for n in range(4):
        path = tmp_path / f"A-{n}.yaml"
        path.write_bytes(b"x: 1\n")
        st = path.stat()
        files.append(ItemFile("p", path.name, str(path), FileStat(*cache.stat_key(st)), f"p/{path.name}"))
    key = [cache.stat_key(f.stat) for f in files]
    same = cache.digest(b"x: 1\n")
    entries = {
        "p/A-0.yaml": (key[0], None, "zero"),  # trusted by its key
        "p/A-1.yaml": (key[1], cache.digest(b"x: 2\n"), "one", same),  # hashed, and the bytes differ: read again
        "p/A-2.yaml": ((5, 2, 3), None, "two", same),  # another stat key (same size), the same bytes: kept, moved
    }  # no entry
    fresh, stale, changed = cache.split(entries, files)
    assert set(fresh) == {"p/A-0.yaml", "p/A-2.yaml"} and fresh["p/A-0.yaml"][2] == "zero"
    assert [f.name for f in stale] == ["A-1.yaml", "A-3.yaml"] and changed
    entries["p/A-3.yaml"] = ["not", "a", "tuple"]  # a forged entry among good ones: nothing trusted column-wise
    fresh, stale, _ = cache.split(entries, files)
    assert set(fresh) == {"p/A-0.yaml", "p/A-2.yaml"}
    assert [f.name for f in stale] == ["A-1.yaml", "A-3.yaml"]
    every = {f.rel: (k, None, f.name) for f, k in zip(files, key, strict=True)}
    fresh, stale, changed = cache.split(every, files)
    assert fresh == every and stale == [] and not changed
