"""`check` over the whole workspace from per-file records. Each item file's own findings — its five
checks as if it had no family, its warnings (people and units included), its state, dates, skipped
log entries and the evidence files its log names — are cached beside its stat under
.fivefold/cache/checks, in a cache whose tag holds a fingerprint of everything else they depend on
(fivefold.yaml, the plans, the people); a warm `check` then reads no item. What depends on other
items — duplicate ids, parent cycles, a parent that is not there, a parent's dates, live children —
and the evidence files on disk are decided on every run, after loading, as actions/checking.py
decides them from whole items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fivefold import cache, cacheshapes, evidence
from fivefold.checks import NO_FAMILY, CheckReport, CheckResult, Finding, five_checks, outside_parent
from fivefold.errors import Invalid, Problem
from fivefold.loading import (
    DIRECT_PARSE_LIMIT,
    ItemFile,
    admit,
    iter_items,
    problem_record,
    problems_of,
    read_directory,
    read_plans,
    read_settings,
    scan,
)
from fivefold.model import Item, Plan, canonical_id
from fivefold.people import Directory
from fivefold.records import FINGERPRINT
from fivefold.units import alias_map, closest
from fivefold.workflow import replay
from fivefold.workspace import Workspace

FORMAT = 1  # the record's layout below
# ("ok", id, plan, parent, state, skipped, start, due in force, failures, warnings, extra warnings, evidence)
OK_WIDTH = 12


# --- one item's own record -----------------------------------------------------------------------


def not_in_directory(item: Item, directory: Directory) -> list[Finding]:
    """Warnings for an owner (the current one, after reassignments) or leader the directory lacks."""
    found = []
    for key, name in (("owner_not_in_directory", replay(item).owner), ("leader_not_in_directory", item.leader)):
        if name and directory.find(name) is None:
            found.append((key, {"name": name, "file": directory.source}))
    return found


def units_not_listed(item: Item, units: dict[str, tuple[str, ...]]) -> list[Finding]:
    """Warnings for a lead or partner unit that `units:` neither names nor lists as an alias, with the
    closest listed unit when there is one (no list, no warnings)."""
    if not units:
        return []
    known = alias_map(units)
    found: list[Finding] = []
    for name in dict.fromkeys([replay(item).lead_unit, *item.partner_units]):
        if name and name.strip() not in known:
            suggestion = closest(name.strip(), units)
            key = "unit_not_listed_suggest" if suggestion else "unit_not_listed"
            found.append((key, {"unit": name, "suggestion": suggestion} if suggestion else {"unit": name}))
    return found


def extra_warnings(item: Item, directory: Directory | None, units: dict[str, tuple[str, ...]]) -> list[Finding]:
    """The warnings `check` adds to an item's own: people not in the directory, units not listed."""
    return (not_in_directory(item, directory) if directory is not None else []) + units_not_listed(item, units)


def record(item: Item, plan: Plan | None, directory: Directory | None, units: dict[str, tuple[str, ...]]) -> tuple[Any, ...]:
    """An item's own findings as plain data: the five checks with no family (so a missing step is
    there whether or not children stand for it, and no parent's dates are compared)."""
    result = five_checks(item, plan, NO_FAMILY)
    status = replay(item)
    files = tuple((f["path"], f["sha256"] if isinstance(f["sha256"], str) else None) for f in evidence.listed(item))
    return ("ok", item.id, item.plan, item.parent, status.state, len(status.skipped), _day(item.start),
            _day(status.due or item.due), tuple(result.findings()), tuple(result.warnings),
            tuple(extra_warnings(item, directory, units)), files)  # fmt: skip


def _day(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def _shape(payload: Any) -> bool:
    """A cached record as record() writes it (a damaged or forged cache is read again)."""
    if type(payload) is not tuple or not payload:
        return False
    if payload[0] == "bad":
        return cacheshapes.broken(payload)
    if payload[0] != "ok" or len(payload) != OK_WIDTH:
        return False
    _, item_id, plan, parent, state, skipped, start, due, failures, warnings, extra, files = payload
    return (
        type(item_id) is str and type(plan) is str and type(state) is str and type(skipped) is int
        and (parent is None or type(parent) is str)
        and all(d is None or type(d) is int for d in (start, due))
        and type(failures) is tuple and all(_finding(f[1:]) and type(f[0]) is int and 1 <= f[0] <= 5 for f in failures)
        and all(type(w) is tuple and all(_finding(f) for f in w) for w in (warnings, extra))
        and type(files) is tuple
        and all(type(f) is tuple and len(f) == 2 and type(f[0]) is str and (f[1] is None or type(f[1]) is str) for f in files)
    )  # fmt: skip


def _finding(f: Any) -> bool:
    return type(f) is tuple and len(f) == 2 and type(f[0]) is str and type(f[1]) is dict and all(type(k) is str for k in f[1])


# --- the workspace -------------------------------------------------------------------------------


def check_all(ws: Workspace, strict: bool = False) -> CheckReport:
    """actions.checking.check with no ids, from the records: the same report, problem for problem."""
    ws.settle()
    settings = read_settings(ws)
    plans, problems = read_plans(ws)
    files = scan(ws, plans, problems)
    try:
        directory = read_directory(ws)
        unread: list[Problem] = []
    except Invalid as exc:  # a broken people.yaml is a broken file like any other
        directory, unread = None, exc.problems
    entries = _records(ws, files, plans, directory, settings.units, _fingerprint(settings.raw, plans, directory))
    broken: set[str] = set()

    def offered() -> Iterator[tuple[str, str, str, str | None, tuple[Any, ...]]]:
        for f in files:
            payload = entries[f.rel][2]
            if payload[0] == "bad":
                problems.extend(problems_of(payload[1], f.full))
                broken.add(canonical_id(f.file_id) or f.file_id)
                continue
            yield canonical_id(f.file_id) or f.file_id.upper(), payload[1], f.full, payload[3], payload

    records = admit(offered(), problems)
    report = CheckReport(problems, [], [], {})
    report.problems.extend(unread)
    for r in records:  # evidence files the log names: missing or altered is a failure (issue 12)
        if r[11]:
            plan_dir = ws.root / r[2]
            report.problems.extend(evidence.verify_files(plan_dir, r[1], list(r[11]), plan_dir / f"{r[1]}.yaml"))
    by_id = {r[1]: r for r in records}
    live_parents = {r[3] for r in records if r[3] and r[4] != "cancelled"}  # a 重点任务's roadmap is its 子任务
    for r in records:
        item_id, _, parent_id, state, skipped, start, due, findings, own, extra, _ = r[1:]
        failures: dict[int, list[Finding]] = {}
        for n, key, params in findings:
            if key != "need_step" or item_id not in live_parents:
                failures.setdefault(n, []).append((key, params))
        parent = by_id.get(parent_id) if parent_id else None
        if parent is not None:
            late = outside_parent(_date(start), _date(due), parent[1], _date(parent[6]), _date(parent[7]))
            if late:
                failures.setdefault(5, []).extend((f.key, f.params) for f in late)
        missing = parent_id if parent_id and parent_id not in by_id and parent_id not in broken else None
        result = CheckResult(item_id, failures, list(own))
        report.judge(result, [*own, *extra], state, skipped, missing, False, strict)
    return report


def _date(day: int | None) -> dt.date | None:
    return None if day is None else dt.date.fromordinal(day)


def _fingerprint(raw: dict[str, Any], plans: dict[str, Plan], directory: Directory | None) -> bytes:
    """What an item's own findings depend on beyond its file: the settings (units, people), each
    plan (its areas) and the directory of people, whichever file it came from."""
    people = None if directory is None else (directory.source, directory.raw, sorted(directory.names.items()))
    plain = repr((raw, sorted((name, plan.raw) for name, plan in plans.items()), people))
    return cache.digest(plain.encode("utf-8", "surrogatepass"))


def _records(
    ws: Workspace,
    files: list[ItemFile],
    plans: dict[str, Plan],
    directory: Directory | None,
    units: dict[str, tuple[str, ...]],
    fingerprint: bytes,
) -> dict[str, tuple[Any, ...]]:
    """Each file's cache entry (stat key, racy hash, record, hash of the bytes): from the check cache
    where still valid, else from its item (the items cache, or the file)."""
    store = cache.FileCache(ws.state / "cache" / "checks", (FORMAT, FINGERPRINT, fingerprint))
    fresh, stale, changed = cache.split(store.load(), files)
    wrong = [f for f in files if f.rel in fresh and not _shape(fresh[f.rel][2])]
    for f in wrong:
        del fresh[f.rel]
    stale += wrong
    if stale:
        for rel, (entry, result) in iter_items(ws, stale, use_cache=len(stale) > DIRECT_PARSE_LIMIT):
            key, parsed = entry[:2], entry[3:]  # parsed: the hash of the bytes (cache.same_bytes)
            if isinstance(result, list):
                fresh[rel] = (*key, ("bad", tuple(problem_record(p) for p in result)), *parsed)
            else:
                fresh[rel] = (*key, record(result, plans.get(result.plan), directory, units), *parsed)
    if stale or changed:
        store.save(fresh)
    return fresh
