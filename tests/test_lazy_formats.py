"""The office formats' libraries (python-calamine, XlsxWriter, chinesecalendar) load only in the commands
that need them: warm `list` and `dashboard` and `--help` import none of them (DESIGN §12.5)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent / "data" / "workspace"
OFFICE = "{'python_calamine', 'xlsxwriter', 'chinese_calendar'}"


def loaded(plans: Path, *args: str) -> str:
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: sys.stderr.write(repr(sorted({{m.split('.')[0] for m in sys.modules}} & {OFFICE}))))\n"
        f"sys.argv = ['fivefold', '--plans', {str(plans)!r}, '--as-of', '2026-11-27', *{list(args)!r}]\n"
        "from fivefold.cli.main import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list"], ["dashboard"], ["--help"], ["report", "--format", "csv"]])
def test_warm_reads_load_no_office_library(tmp_path, args):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans, ignore=shutil.ignore_patterns(".fivefold"))
    loaded(plans, "list")  # warm the cache
    assert loaded(plans, *args) == "[]"


@pytest.mark.slow
def test_the_xlsx_report_loads_xlsxwriter_only(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans, ignore=shutil.ignore_patterns(".fivefold"))
    assert loaded(plans, "report", "--format", "xlsx", "--out", str(tmp_path / "t.xlsx")) == "['xlsxwriter']"
