"""Check that list, dashboard, report and check write the same bytes as a reference version of fivefold
(issue 17: speed work must not change what the commands print).

    python bench/samebytes.py --ref /tmp/main-src --plans /tmp/ws10k [--plans plans] [--new SRC]

--ref and --new are source folders (holding the `fivefold` package; `git archive main | tar -x -C DIR`
makes one); --new defaults to this checkout. Each command runs once with the reference and three
times with the new code (cold or warm caches, then the same again, which may be replayed from the
output cache); stdout, stderr and the exit code must be identical every time. Runs with
FIVEFOLD_TODAY=2026-11-27 and NO_COLOR=1 unless set. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["list", "--sort", "lag", "--state", "active,blocked"],
    ["list", "--lang", "en"],
    ["dashboard"],
    ["dashboard", "--json"],
    ["report", "--format", "json"],
    ["report", "--format", "md"],
    ["report", "--format", "csv"],
    ["check"],
    ["check", "--json"],
    ["check", "--strict", "--lang", "en"],
]


def run(src: Path, ws: Path, args: list[str], python: str) -> tuple[int, bytes, bytes]:
    code = f"import sys; sys.path.insert(0, {str(src)!r}); from fivefold.entry import main; sys.argv[0] = 'fivefold'; main()"
    env = {**os.environ}
    env.setdefault("FIVEFOLD_TODAY", "2026-11-27")
    env.setdefault("NO_COLOR", "1")
    env.setdefault("FIVEFOLD_USER", "bench")
    p = subprocess.run([python, "-c", code, "--plans", str(ws), *args], capture_output=True, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout, p.stderr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", type=Path, required=True, help="source folder of the reference fivefold")
    ap.add_argument("--new", type=Path, default=HERE.parent, help="source folder of the fivefold under test (this checkout)")
    ap.add_argument("--plans", type=Path, action="append", required=True, help="a workspace (copied; repeat for several)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter (its environment has the dependencies)")
    args = ap.parse_args(argv)
    failures = 0
    for given in args.plans:
        with tempfile.TemporaryDirectory(prefix="samebytes-") as tmp:
            ref_ws, new_ws = Path(tmp) / "ref", Path(tmp) / "new"
            for ws in (ref_ws, new_ws):  # each version its own caches; cp -a keeps the mtimes
                subprocess.run(["cp", "-a", str(given), str(ws)], check=True)
                shutil.rmtree(ws / ".fivefold", ignore_errors=True)
            for command in COMMANDS:
                expected = run(args.ref, ref_ws, command, args.python)
                for attempt in range(3):
                    got = run(args.new, new_ws, command, args.python)
                    same = got == expected
                    failures += not same
                    status = "same" if same else "DIFFERENT"
                    print(f"{given.name}: fivefold {' '.join(command)} (run {attempt + 1}): {status} ({len(got[1]):,} bytes)")
                    if not same:
                        print(f"  exit {expected[0]} vs {got[0]}; stderr {expected[2][-200:]!r} vs {got[2][-200:]!r}")
    print("all identical" if not failures else f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
