"""`report --format json` joins each item's details as JSON text encoded when its file changed (the
index's json-<date> cache): the bytes are what encoding the whole report gives, and an edit of the
details is seen, a same-size one within the same timestamp too."""

from __future__ import annotations

import json

from fivefold import cacheshapes, indexentry
from fivefold.export import json as json_export
from fivefold.jsonout import Joined, encode, joined
from fivefold.records import Row
from tests.helpers import item_file, racy_edit

DETAIL = {
    "goal": '目标 "引号" \\ 和换行\n',
    "leader": None,
    "acceptance": "",
    "deliverables": ["a", "交付"],
    "targets": [{"name": "x", "unit": "%", "target": 1.5, "actual": None, "direction": "up", "baseline": 0}],
    "steps_detail": [{"id": "s1", "done": True, "due": "2026-01-01", "weight": 1e-7}],
    "latest_note": {"date": "2026-11-01", "text": "进展\t"},
    "ref": None,
    "extra": {"k": [1, 2.0, True, None]},
    "evidence": [],
}


def test_the_details_keys_never_meet_a_rows():
    """A joined row is the mapping {**row, reasons, area_label, **details}: only with no key twice."""
    assert not cacheshapes.DETAIL_KEYS & {*Row._fields, "reasons", "area_label"}


def test_a_joined_mapping_encodes_as_the_whole():
    head = {"id": "SY-001", "title": "标题", "progress": 12.5, "reasons": [{"code": "c", "params": {}, "text": "t"}]}
    assert b"".join(joined(Joined(head, indexentry.detail_json(DETAIL)))) == encode({**head, **DETAIL}).encode()
    assert b"".join(joined(Joined(head, b""))) == encode(head).encode()
    assert b"".join(joined(Joined({}, indexentry.detail_json(DETAIL)))) == encode(DETAIL).encode()
    assert joined(head) == (encode(head).encode(),)


def test_a_report_of_joined_rows_writes_the_same_bytes():
    def report(joined: bool) -> dict:
        items = []
        for n in range(3):
            head = {"id": f"SY-00{n}", "reasons": [{"code": "blocked", "params": {"reason": "原因"}}], "area_label": None}
            items.append(Joined(head, indexentry.detail_json(DETAIL)) if joined else {**head, **DETAIL})
        area = {"key": "a", "label": "领域", "items": items, "closed": 0}
        return {"schema": "s", "warnings": [], "areas": [area, {**area, "items": []}], "overdue": []}

    assert json_export.render(report(True), "zh") == json_export.render(report(False), "zh")
    json.loads(json_export.render(report(True), "en"))


def goals(ff) -> dict[str, str]:
    data = json.loads(ff("report", "--format", "json").stdout)
    return {item["id"]: item["goal"] for area in data["areas"] for item in area["items"]}


def test_a_same_size_edit_of_the_details_is_seen(ff, complete_item, plans):
    complete_item("第一项")
    path = item_file(plans, "SY-001")
    before = path.stat()
    first = goals(ff)
    assert goals(ff) == first  # from the caches (the output cache, too)
    assert list((plans / ".fivefold" / "cache").glob("json-*"))
    text = path.read_text("utf-8")
    old = first["SY-001"]
    assert old and old in text
    new = old[:-1] + ("甲" if old[-1] != "甲" else "乙")
    racy_edit(path, old, new, before)
    assert goals(ff)["SY-001"] == new
