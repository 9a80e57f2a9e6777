"""`report --format json` keeps each 台账 row's own members encoded (fivefold.jsonheads), keyed by the
row and label themselves: the bytes are what encoding the row gives, a changed row (a same-size edit
within the same timestamp too) is encoded again, and a damaged or foreign cache is made again."""

from __future__ import annotations

import json

from fivefold import jsonheads
from fivefold.export import json as json_export
from fivefold.jsonout import Spliced, joined
from fivefold.records import Row
from fivefold.report import reasons_data
from tests.helpers import item_file, racy_edit

FIELDS = dict.fromkeys(Row._fields)


def _row(**values: object) -> Row:
    return Row(**{**FIELDS, "id": "SY-001", "title": "标题", "progress": 0.0, "reasons": (), **values})  # type: ignore[arg-type]


def test_a_head_is_what_the_report_writes_for_the_row():
    row = _row(reasons=(("blocked", (("reason", '原因 "引号"'),)),), partner_units=["甲"], lag=-1.5)
    for lang in ("zh", "en"):
        item = {**row.to_json(), "reasons": reasons_data(row.reasons), "area_label": "领域"}
        whole = {"schema": "s", "warnings": [], "areas": [{"key": "a", "items": [item]}]}
        spliced = {
            "schema": "s",
            "warnings": [],
            "areas": [{"key": "a", "items": [Spliced(jsonheads.head(row, "领域", lang), b"")]}],
        }
        assert json_export.render(spliced, lang) == json_export.render(whole, lang)
    assert b"".join(joined(Spliced(b'{"a": 1}', b'"b": 2'))) == b'{"a": 1, "b": 2}'


def test_a_row_is_encoded_again_when_it_or_its_label_changes(tmp_path):
    heads = jsonheads.Heads(tmp_path, "zh")
    first = heads.get(_row(), "领域")
    heads.save()
    again = jsonheads.Heads(tmp_path, "zh")
    assert again.get(_row(), "领域") == first and not again.changed
    assert again.get(_row(progress=0), "领域") != first  # 0 and 0.0 are equal, but not written alike
    assert again.get(_row(), "另一领域") != first
    assert jsonheads.Heads(tmp_path, "en").get(_row(reasons=(("blocked", (("reason", "r"),)),)), None) != first


def test_a_damaged_or_foreign_cache_is_made_again(tmp_path):
    heads = jsonheads.Heads(tmp_path, "zh")
    good = heads.get(_row(), None)
    heads.entries["SY-001"] = (heads.entries["SY-001"][0], "not bytes")
    heads.save()
    assert jsonheads.Heads(tmp_path, "zh").get(_row(), None) == good
    (tmp_path / "heads-zh").write_bytes(b"\x00garbage")
    assert jsonheads.Heads(tmp_path, "zh").get(_row(), None) == good


def titles(ff) -> dict[str, str]:
    data = json.loads(ff("report", "--format", "json").stdout)
    return {item["id"]: item["title"] for area in data["areas"] for item in area["items"]}


def test_a_same_size_edit_of_a_row_is_seen(ff, complete_item, plans):
    complete_item("第一项")
    path = item_file(plans, "SY-001")
    before = path.stat()
    assert titles(ff) == titles(ff) == {"SY-001": "第一项"}
    assert list((plans / ".fivefold" / "cache").glob("heads-*"))
    racy_edit(path, "第一项", "第二项", before)
    assert titles(ff) == {"SY-001": "第二项"}
