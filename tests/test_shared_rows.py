"""records.Shared: the rows made in a run share their equal strings and floats, so the row cache
(written with marshal, which writes an object met again as a reference) loads each of them once;
the rows themselves are unchanged, value for value and type for type."""

from __future__ import annotations

import marshal

from fivefold.records import Row, Shared


def _new(text: str) -> str:
    return "".join(list(text))  # a string object of its own, as each parsed file gives


def _payload(n: int, progress: float, lag: float) -> tuple[object, ...]:
    fields = dict.fromkeys(Row._fields, None)
    fields.update(id=f"SY-{n:03d}", title=_new("事项"), plan=_new("demo"), area=_new("party"), lead_unit=_new("区委办"))
    fields.update(start=_new("2026-01-05"), due=_new("2026-12-31"), progress=progress, expected=float("100"), lag=lag)
    fields.update(partner_units=[_new("区统计局"), _new("区纪委监委")], reasons=(("overdue", {"days": 4}),), steps_done=1)
    return ("ok", tuple(fields.values()), (progress, float("100"), lag, 1.0), f"SY-{n:03d}")


def test_equal_leaves_become_one_object_and_the_rows_do_not_change():
    share = Shared()
    made = [_payload(n, 50.0, -0.0 if n == 2 else 0.0) for n in range(1, 4)]
    got = [share.row(p) for p in made]
    assert got == made and repr(got) == repr(made)  # -0.0 stays -0.0, floats stay floats
    first, second = (Row._make(p[1]) for p in got[:2])
    assert first.plan is second.plan and first.lead_unit is second.lead_unit and first.due is second.due
    assert first.expected is second.expected and first.partner_units[0] is second.partner_units[0]
    assert first.partner_units is not second.partner_units  # a list is never shared: it could be changed
    assert got[0][1][0] is got[0][3]  # the canonical id is the row's id
    assert share.row(("absent",)) == ("absent",) and share.row(("bad", ())) == ("bad", ())


def test_a_cache_saved_from_shared_rows_is_smaller_and_loads_them_shared():
    share = Shared()
    made = [_payload(n, float(n), 0.0) for n in range(100)]
    plain, shared = marshal.dumps(made), marshal.dumps([share.row(p) for p in made])
    assert len(shared) < len(plain) * 0.8
    loaded = marshal.loads(shared)
    assert loaded == made
    assert loaded[0][1][Row._fields.index("lead_unit")] is loaded[99][1][Row._fields.index("lead_unit")]
