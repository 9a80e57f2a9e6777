"""The console script's ending (entry.run): the exit code kept, what is registered to run at exit
still run, the output flushed, whether the process ends early or as usual."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(body: str) -> subprocess.CompletedProcess[str]:
    code = "import sys\nfrom fivefold import entry\n" + body + "\nentry.run()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("raised", "status"), [("None", 0), ("0", 0), ("3", 3)])
def test_the_exit_code_is_kept_and_the_output_flushed(raised: str, status: int) -> None:
    done = _run(f"def main():\n    sys.stdout.write('x' * 70000)\n    raise SystemExit({raised})\nentry.main = main")
    assert done.returncode == status and done.stdout == "x" * 70000


def test_a_returning_main_exits_0_with_its_output() -> None:
    done = _run("entry.main = lambda: print('done', end='')")
    assert done.returncode == 0 and done.stdout == "done"


def test_a_message_exit_ends_as_usual() -> None:
    done = _run("def main():\n    raise SystemExit('bad thing')\nentry.main = main")
    assert done.returncode == 1 and "bad thing" in done.stderr


def test_what_is_registered_at_exit_still_runs() -> None:
    done = _run("import atexit\natexit.register(lambda: print('bye'))\nentry.main = lambda: print('hi')")
    assert done.returncode == 0 and done.stdout.split() == ["hi", "bye"]
