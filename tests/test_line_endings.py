"""A file saved with CRLF line endings keeps them through every write (issue 16, point 12): the
append path adds CRLF lines and touches no byte before them; the round-trip path writes CRLF."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest
from hypothesis import given

from fivefold import codec
from tests.test_codec import HAND_WRITTEN, NOTE, ROUND_TRIP, TEXT, entries, items


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def changes(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    """(lines removed, lines added), as git would count them, line endings included."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def only_crlf(data: bytes) -> bool:
    return data.count(b"\n") == data.count(b"\r\n") and b"\r\r" not in data


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(data=items(), new=entries())
def test_appending_to_a_crlf_file_writes_what_an_lf_file_gets_in_crlf(data, new):
    text = codec.dump_item(data)
    assert "\r" not in text  # a carriage return inside a value is written escaped
    assert codec.append_log(crlf(text), [new], "SY-001.yaml") == crlf(codec.append_log(text, [new], "SY-001.yaml"))


@pytest.mark.slow  # a large hypothesis run
@ROUND_TRIP
@given(data=items(), title=TEXT)
def test_a_round_trip_edit_of_a_crlf_file_writes_crlf(data, title):
    text = codec.dump_item(data)

    def retitle(doc):
        doc["title"] = codec.rt_value(title)

    assert codec.edit_document(crlf(text), retitle) == crlf(codec.edit_document(text, retitle))


def test_hand_written_crlf_keeps_comments_and_crlf_on_both_paths():
    text = crlf(HAND_WRITTEN)
    appended = codec.append_log(text, [NOTE], "SY-001.yaml")
    assert appended.startswith(text) and appended.endswith("\r\n") and only_crlf(appended.encode())
    edited = codec.edit_document(text, lambda doc: doc.__setitem__("title", "新标题"))
    assert only_crlf(edited.encode()) and "# 编号\r\n" in edited


@pytest.mark.parametrize(
    ("text", "newline"), [("a\r\nb\n", "\r\n"), ("a\nb\r\n", "\n"), ("", "\n"), ("a", "\n"), ("\r\n", "\r\n"), ("a\rb\n", "\n")]
)
def test_the_first_line_decides(text, newline):
    assert codec.newline(text) == newline


# --- through the CLI, byte for byte ----------------------------------------------------------------


def to_crlf(path: Path) -> bytes:
    data = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return data


def test_every_write_keeps_crlf_and_changes_only_its_lines(ff, plans, complete_item):
    complete_item()
    path = plans / "demo" / "SY-001.yaml"
    before = to_crlf(path)

    ff("note", "SY-001", "进展顺利")  # the append path
    after = path.read_bytes()
    assert after.startswith(before) and only_crlf(after)
    removed, added = changes(before, after)
    assert removed == [] and len(added) == 1 and "进展顺利".encode() in added[0] and added[0].endswith(b"}\r\n")

    for args in (["start", "SY-001"], ["step", "done", "SY-001", "s1"]):
        before = path.read_bytes()
        ff(*args)
        after = path.read_bytes()
        assert after.startswith(before) and only_crlf(after)
        assert changes(before, after)[0] == [] and len(changes(before, after)[1]) == 1

    before = path.read_bytes()
    ff("update", "SY-001", "--title", "新标题")  # the round-trip path
    after = path.read_bytes()
    assert only_crlf(after)
    removed, added = changes(before, after)
    assert removed == ["title: 推动园区竣工投产\r\n".encode()]
    assert added[0] == "title: 新标题\r\n".encode() and len(added) == 2 and b"event: edited" in added[1]

    before = path.read_bytes()
    ff("step", "add", "SY-001", "新步骤", "--due", "2026-10-01")
    after = path.read_bytes()
    assert only_crlf(after)
    removed, added = changes(before, after)
    assert removed == [] and len(added) == 3
    assert added[1] == b"    s3: {due: 2026-10-01}\r\n"


def test_a_new_area_keeps_plan_yaml_crlf(ff, plans, complete_item):
    complete_item()
    path = plans / "demo" / "plan.yaml"
    before = to_crlf(path)
    ff("update", "SY-001", "--area", "ecology=生态环境")
    after = path.read_bytes()
    assert only_crlf(after)
    removed, added = changes(before, after)
    assert removed == [] and added == ["  ecology: 生态环境\r\n".encode()]


def test_an_edited_crlf_copy_keeps_crlf(ff, plans, complete_item, tmp_path):
    complete_item()
    path = plans / "demo" / "SY-001.yaml"
    to_crlf(path)
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\np = sys.argv[1]\ndata = open(p, 'rb').read()\n"
        "open(p, 'wb').write(data.replace('goal: 园区完工投产'.encode(), 'goal: 园区竣工投产'.encode()))\n",
        "utf-8",
    )
    ff("edit", "SY-001", env={"EDITOR": f"{sys.executable} {editor}"})
    after = path.read_bytes()
    assert only_crlf(after) and "goal: 园区竣工投产\r\n".encode() in after


def test_an_lf_file_stays_lf(ff, plans, complete_item):
    complete_item()
    path = plans / "demo" / "SY-001.yaml"
    ff("update", "SY-001", "--title", "新标题")
    ff("note", "SY-001", "进展")
    assert b"\r" not in path.read_bytes()
