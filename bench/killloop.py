"""Writers killed at random moments (issue 16 §2): does every command land whole or not at all, and
does the workspace stay readable and writable after each kill?

    python bench/killloop.py                  # 200 kills, commands mixed
    python bench/killloop.py --kills 700 --max-delay 0.4

Creates a workspace in a temporary folder with a few items, then repeats: start one writing command
(`import` of a 40-row table, `note`, `step done`, `update`, `new`, `undo`) as a real process, SIGKILL it
after a random delay (or, for half of them, within 5 ms of its commit beginning: temporary files or
a pending journal record appear), and check what the next commands see:
- every item file parses (no torn file) and `check` reports no broken file;
- an import is all or nothing: the item count moved by 0 or by 40;
- the next write succeeds (the lock, the journal and any half-finished commit were recovered);
- no temporary file is left once that write has run.
A kill "inside a commit" left temporary files or a pending journal record behind: recovery had work.
Prints the machine, the counts per command and a Markdown summary row. Installs nothing; not part of
the test suite (tests/test_transaction.py holds the deterministic cases).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ENV = {"FIVEFOLD_TODAY": "2026-11-27", "FIVEFOLD_USER": "bench", "FIVEFOLD_LANG": "en", "NO_COLOR": "1"}
ROWS = 40


def fivefold() -> list[str]:
    script = Path(sys.executable).parent / "fivefold"
    return [str(script)] if script.exists() else [sys.executable, "-m", "fivefold"]


def run(plans: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*fivefold(), "--plans", str(plans), *args], env=env, capture_output=True, text=True, timeout=600)


def table(folder: Path, n: int) -> Path:
    path = folder / f"table-{n}.csv"
    rows = [f"导入事项{n}-{k:02d},区工信局,李某,2026-01-05,2026-12-31,主体封顶@2026-06-30" for k in range(ROWS)]
    path.write_text("任务名称,牵头单位,责任人,开始时间,完成时限,时间节点\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def commands(folder: Path, n: int) -> dict[str, list[str]]:
    return {
        "import": ["import", str(table(folder, n))],
        "note": ["note", "KL-001", f"进展{n}"],
        "step done": ["step", "done", "KL-002", "s1"],
        "update": ["update", "KL-003", "--goal", f"目标{n}"],
        "new": ["new", f"新事项{n}", "--lead-unit", "区发改局"],
        "undo": ["undo"],
    }


def items(plans: Path) -> int:
    return sum(1 for p in (plans / "kl").glob("KL-*.yaml"))


def temps(plans: Path) -> list[Path]:
    return [p for p in plans.rglob("*.tmp") if ".fivefold" not in p.parts]


def wait_for_commit(plans: Path, proc: subprocess.Popen[bytes]) -> None:
    pending = plans / ".fivefold" / "undo" / "pending.json"
    folders = [plans, plans / "kl"]
    while proc.poll() is None:
        if pending.exists() or any(name.endswith(".tmp") for folder in folders for name in os.listdir(folder)):
            return
        time.sleep(0.0005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--max-delay", type=float, default=0.35, help="kill after a random delay up to this (s)")
    parser.add_argument("--aimed", type=float, default=0.5, help="share of kills aimed at the commit itself")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = {**os.environ, **ENV}
    folder = Path(tempfile.mkdtemp(prefix="fivefold-kills-"))
    plans = folder / "plans"
    try:
        subprocess.run([*fivefold(), "init", str(plans), "--plan", "kl", "--title", "断电测试", "--prefix", "KL"], env=env,
                       check=True, capture_output=True)  # fmt: skip
        seed = folder / "seed.csv"
        header = "任务名称,领域,目标,验收标准,牵头单位,责任人,开始时间,完成时限,时间节点\n"
        row = "基础事项{},industry,按期完成,通过验收,区工信局,李某,2026-01-05,2026-12-31,主体封顶@2026-06-30\n"
        seed.write_text(header + "".join(row.format(k) for k in range(3)), "utf-8")
        assert run(plans, "import", str(seed), env=env).returncode == 0
        for item in ("KL-001", "KL-002", "KL-003"):
            assert run(plans, "start", item, env=env).returncode == 0, item

        killed: Counter[str] = Counter()
        finished: Counter[str] = Counter()
        mid_commit: Counter[str] = Counter()
        torn = partial = stuck = leftover = 0
        started = time.perf_counter()
        for n in range(args.kills):
            name, argv = rng.choice(list(commands(folder, n).items()))
            before = items(plans)
            proc = subprocess.Popen([*fivefold(), "--plans", str(plans), *argv], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            aimed = rng.random() < args.aimed
            if aimed:  # watch for the commit to begin (temporary files, a pending record), then kill within it
                wait_for_commit(plans, proc)
                time.sleep(rng.uniform(0, 0.005))
            else:
                time.sleep(rng.uniform(0, args.max_delay))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed[name] += 1
            else:
                finished[name] += 1
            proc.wait()
            if temps(plans) or (plans / ".fivefold" / "undo" / "pending.json").exists():
                mid_commit[name] += 1  # the kill cut a commit short: what recovery is for
            # What the next commands see.
            checked = run(plans, "check", "--json", env=env)
            report = json.loads(checked.stdout or "{}")
            if report.get("broken"):
                torn += 1
                print(f"kill {n} ({name}): broken files {report['broken']}", file=sys.stderr)
            moved = items(plans) - before
            if name == "import" and moved not in (0, ROWS):
                partial += 1
                print(f"kill {n} (import): {moved} of {ROWS} items", file=sys.stderr)
            after = run(plans, "note", "KL-001", f"检查{n}", env=env)
            if after.returncode != 0:
                stuck += 1
                print(f"kill {n} ({name}): the next write failed: {after.stderr.strip()}", file=sys.stderr)
            if temps(plans):
                leftover += 1
                print(f"kill {n} ({name}): temporary files left: {temps(plans)}", file=sys.stderr)
        wall = time.perf_counter() - started

        print(f"machine: {platform.platform()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}")
        print(f"fivefold: {' '.join(fivefold())}; kills after 0–{args.max_delay:g} s; seed {args.seed}; {wall:.0f} s")
        print()
        print("| command | killed | of which inside a commit | finished first |")
        print("|---|---|---|---|")
        for name in commands(folder, 0):
            print(f"| `{name}` | {killed[name]} | {mid_commit[name]} | {finished[name]} |")
        print()
        print("| kills | inside a commit | torn or broken files | partial imports | next write failed | temp files left |")
        print("|---|---|---|---|---|---|")
        print(f"| {sum(killed.values())} | {sum(mid_commit.values())} | {torn} | {partial} | {stuck} | {leftover} |")
        if torn or partial or stuck or leftover:
            raise SystemExit(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
