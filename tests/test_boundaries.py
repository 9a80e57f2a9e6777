"""Boundary values and environments (issue 16, point 8): the first and last dates there are, an id
of thousands of digits, a 10,000-character --plans path, and a stream that cannot encode Chinese.
Each gives correct output or a clean one-line error, never "internal error"."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from fivefold.cli.main import app
from fivefold.dates import add_days, next_month, shift
from tests.conftest import COMPLETE, IsolatedEnv, Runner, make_workspace, run_process

EDGES = ["9999-12-31", "0001-01-01", "9999-12-20", "0001-01-15"]
READS = [
    ["list"], ["list", "--json"], ["check"], ["show", "SY-001"], ["history", "SY-001"], ["log"],
    ["dashboard"], ["dashboard", "--json"], ["gantt"], ["gantt", "--scale", "week"],
    ["report", "--format", "md"], ["report", "--format", "html"], ["report", "--format", "csv"],
    ["report", "--format", "json"], ["report", "--format", "ics"], ["report", "--rank"],
    ["report", "--period", "week"], ["report", "--period", "month"], ["report", "--period", "quarter"],
    ["report", "--since", "0001-01-01"],
]  # fmt: skip


def clean(result) -> None:
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr + result.stdout, result.stderr


def _start(ff: Runner) -> Runner:
    ff("new", "推动园区竣工投产", *COMPLETE)
    ff("new", "第二项", *COMPLETE)
    ff("start", "SY-001", "--on", "2026-01-05")
    ff("step", "done", "SY-001", "s1", "--on", "2026-04-20")
    return ff


@pytest.fixture
def started(ff):
    return _start(ff)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One started workspace for the read-only tests (80 of them: one workspace each would cost 20 s)."""
    folder = tmp_path_factory.mktemp("edges")
    with IsolatedEnv(folder):
        return _start(Runner(make_workspace(folder)))


@pytest.mark.parametrize("as_of", EDGES)
@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_reads_at_the_ends_of_the_calendar(shared, as_of, command):
    result = shared("--as-of", as_of, *command, expect=None)
    clean(result)
    assert result.exit_code == 0, result.stderr


def test_the_views_at_the_last_day_say_so(started):
    board = json.loads(started("--as-of", "9999-12-31", "dashboard", "--json").stdout)
    assert board["as_of"] == "9999-12-31" and board["since"] == "9999-12-24"
    assert [r["id"] for r in board["overdue"]] == ["SY-001", "SY-002"]
    chart = started("--as-of", "9999-12-31", "gantt").stdout
    assert chart.startswith("Gantt · 9999-09-01 to 9999-12-31 · as of 9999-12-31")
    first = started("--as-of", "0001-01-01", "gantt").stdout
    assert first.startswith("Gantt · 0001-01-01 to 0001-10-31 · as of 0001-01-01")
    report = json.loads(started("--as-of", "0001-01-15", "report", "--format", "json", "--period", "month").stdout)
    assert report["period"]["since"] == "0001-01-01"  # the month before 0001-01-15 starts before the calendar does


def test_items_dated_at_the_ends_of_the_calendar_show_everywhere(started, plans):
    path = plans / "demo" / "SY-002.yaml"
    text = path.read_text("utf-8").replace("start: 2026-01-05", "start: 0001-01-01").replace("due: 2026-12-31", "due: 9999-12-31")
    path.write_text(text.replace("{due: 2026-12-15}", "{due: 9999-12-31}"), "utf-8")
    for command in READS + [["gantt", "--from", "0001-01-01", "--to", "9999-12-31"]]:
        clean(started(*command))
    assert "99-12" in started("gantt", "--from", "9999-10-01", "--to", "9999-12-31").stdout


def test_writes_at_the_ends_of_the_calendar_are_clean(started):
    started("--as-of", "9999-12-31", "note", "SY-001", "最后一天")
    for due in ("+1m", "tomorrow"):
        result = started("--as-of", "9999-12-31", "extend", "SY-001", "--due", due, "--reason", "r", expect=1)
        clean(result)
        assert "unrecognised date" in result.stderr
    clean(started("--as-of", "0001-01-01", "note", "SY-001", "第一天", expect=None))


def test_date_arithmetic_holds_at_the_ends():
    assert add_days(dt.date.max, 14) == dt.date.max and add_days(dt.date.min, -7) == dt.date.min
    assert add_days(dt.date(2026, 1, 1), 10**400) == dt.date.max  # a threshold no timedelta can hold
    assert shift(dt.date(1, 1, 15), months=-1, days=1) == dt.date.min
    assert shift(dt.date(9999, 12, 31), months=9, day=31) == dt.date.max
    assert shift(dt.date(2026, 11, 27), months=-3) == dt.date(2026, 8, 27)
    assert next_month(dt.date(9999, 12, 1)) is None and next_month(dt.date(2026, 12, 5)) == dt.date(2027, 1, 1)


# --- ids, paths and streams ----------------------------------------------------------------------

HUGE_IDS = ["SY-" + "0" * 5000 + "1", "SY-" + "9" * 5000, "SY-" + "0" * 300 + "1"]


@pytest.mark.parametrize("huge", HUGE_IDS, ids=["zeros", "nines", "300-zeros"])
@pytest.mark.parametrize(
    "command",
    [["show", "{}"], ["note", "{}", "进展"], ["history", "{}"], ["start", "{}"], ["check", "{}"],
     ["new", "子任务", "--parent", "{}"], ["update", "SY-001", "--parent", "{}"], ["step", "add", "{}", "新步骤"]],
    ids=lambda c: " ".join(c).replace(" {}", ""),
)  # fmt: skip
def test_an_id_of_thousands_of_digits_is_not_an_id(ff, complete_item, huge, command):
    complete_item()
    result = ff(*[huge if a == "{}" else a for a in command], expect=1)
    clean(result)
    assert result.stdout == "" and result.stderr.count("\n") == 1 and len(result.stderr) < 200
    assert "is not an item id" in result.stderr


def test_show_still_ignores_a_few_leading_zeros(ff, complete_item):
    complete_item()
    assert ff("show", "sy-00000000000000000000001", "--json").stdout.count('"id": "SY-001"') == 1


LONG = "/tmp/" + "a" * 10_000


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_over_long_plans_path_is_one_line(monkeypatch, how):
    if how == "environment":
        monkeypatch.setenv("FIVEFOLD_PLANS", LONG)
    result = CliRunner().invoke(app, ["--plans", LONG, "list"] if how == "option" else ["list"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 300
    assert "File name too long" in result.stderr and "internal error" not in result.stderr


def test_init_of_an_over_long_path_is_one_line(tmp_path):
    for path in (LONG, str(tmp_path / "/".join(["b" * 200] * 30))):
        result = Runner(tmp_path)("init", path, expect=1)
        assert result.stderr.count("\n") == 1 and len(result.stderr) < 300 and "File name too long" in result.stderr


@pytest.mark.parametrize("name", ["a" * 300, "x" * 101])
def test_an_over_long_plan_name_or_prefix_is_refused(ff, name):
    assert "100 at most" in ff("plan", "new", name, "--prefix", "LP", expect=2).stderr
    assert "32 at most" in ff("plan", "new", "long", "--prefix", name, expect=2).stderr


@pytest.mark.slow  # real processes
def test_output_to_an_ascii_only_stream_replaces_what_it_cannot_encode(tmp_path):
    plans = make_workspace(tmp_path)
    Runner(plans)("new", "推动园区竣工投产", *COMPLETE)
    env = {"PYTHONIOENCODING": "ascii", "FIVEFOLD_LANG": "zh", "COLUMNS": "100"}
    for command in (["list"], ["show", "SY-001"], ["dashboard"], ["gantt"], ["history", "SY-001"], ["check"], ["list", "--json"]):
        result = run_process("--plans", str(plans), *command, env=env)
        assert result.returncode == 0, result.stderr
        assert "?" in result.stdout and result.stderr == ""  # 推动 … shown as ??
    missing = run_process("--plans", str(plans), "show", "SY-009", env=env)
    assert missing.returncode == 1 and missing.stderr.startswith("fivefold: ") and "SY-009" in missing.stderr
    assert "UnicodeEncodeError" not in missing.stderr
