"""Many writers at once against one workspace (issue 16 §13): how many time out on the lock, how long
the batch takes, and whether every write landed exactly once.

    python bench/concurrency.py                       # 64 `note` processes on 64 different items
    python bench/concurrency.py --same-item           # 64 on one item
    python bench/concurrency.py --writers 128 --timeout 30 --rounds 3
    python bench/concurrency.py --hold 5 --timeout 10  # all 64 queue behind a 5 s command first

Creates a workspace in a temporary folder (one `init`, one `import` of a table with an item per
writer), then starts every `fivefold note` process at once, output to pipes, and waits for all.
Counts exits, lock time-outs ("locked by" in stderr) and other failures; then reads every item file
and counts the notes recorded: every writer that succeeded has its note once (lost, doubled), and
no writer that failed has one (stray). Prints the machine and one Markdown
row per round. Runs the `fivefold` script next to sys.executable (else `python -m fivefold`), so
it measures the code installed in that environment. Installs nothing; not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Holds the workspace lock for argv[2] seconds, as a long command (an import, a sync) would.
HOLDER = """
import sys, time
from pathlib import Path
from fivefold.workspace import Workspace
with Workspace(Path(sys.argv[1])).lock():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""
ENV = {"FIVEFOLD_TODAY": "2026-11-27", "FIVEFOLD_USER": "bench", "FIVEFOLD_LANG": "en", "NO_COLOR": "1"}


def fivefold() -> list[str]:
    script = Path(sys.executable).parent / "fivefold"
    return [str(script)] if script.exists() else [sys.executable, "-m", "fivefold"]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*fivefold(), *args], env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"fivefold {' '.join(args)} failed: {result.stderr.strip()}")
    return result


def workspace(folder: Path, items: int, env: dict[str, str]) -> Path:
    plans = folder / "plans"
    run("init", str(plans), "--plan", "bench", "--title", "并发基准", "--prefix", "BN", env=env)
    table = folder / "table.csv"
    rows = [f"并发事项{n:03d},区工信局,李某,2026-01-05,2026-12-31" for n in range(items)]
    table.write_text("任务名称,牵头单位,责任人,开始时间,完成时限\n" + "\n".join(rows) + "\n", "utf-8")
    run("--plans", str(plans), "import", str(table), env=env)
    return plans


def one_round(plans: Path, writers: int, same_item: bool, hold: float, env: dict[str, str], tag: str) -> dict[str, float]:
    import resource

    texts = [f"{tag}-{n:03d}" for n in range(writers)]
    ids = ["BN-001" if same_item else f"BN-{n + 1:03d}" for n in range(writers)]
    holder = None
    if hold > 0:  # every writer starts while the lock is taken, so they all queue for it
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(plans), str(hold)], env=env, stdout=subprocess.PIPE,
                                  text=True)  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    procs = []
    for item_id, text in zip(ids, texts, strict=True):
        proc = subprocess.Popen(
            [*fivefold(), "--plans", str(plans), "note", item_id, text],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append((proc, time.perf_counter()))
    ok = timed_out = failed = 0
    durations = []
    errors: list[str] = []
    landed: set[str] = set()
    for (proc, began), text in zip(procs, texts, strict=True):
        _, err = proc.communicate(timeout=3600)
        durations.append(time.perf_counter() - began)
        if proc.returncode == 0:
            ok += 1
            landed.add(text)
        elif "locked by" in err:
            timed_out += 1
        else:
            failed += 1
            errors.append(err.strip())
    wall = time.perf_counter() - started
    if holder is not None:
        holder.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # all writers together
    recorded = count_notes(plans, set(texts))
    for line in errors[:3]:
        print(f"  failure: {line}", file=sys.stderr)
    return {
        "writers": writers,
        "ok": ok,
        "timed_out": timed_out,
        "failed": failed,
        "wall": wall,
        "cpu": cpu,
        "median": statistics.median(durations),
        "slowest": max(durations),
        "recorded": sum(recorded.values()),
        "lost": sum(1 for t in landed if recorded.get(t, 0) == 0),  # said it wrote, but the note is not there
        "stray": sum(1 for t in recorded if t not in landed),  # failed, yet its note is there
        "doubled": sum(1 for n in recorded.values() if n > 1),
    }


def count_notes(plans: Path, wanted: set[str]) -> dict[str, int]:
    """How many times each note of this round appears in the item files (parsed, as fivefold reads them)."""
    from fivefold import codec

    seen: dict[str, int] = {}
    for path in sorted((plans / "bench").glob("BN-*.yaml")):
        item = codec.load_item(path.read_text("utf-8"), str(path), plan="bench", file_id=path.stem)
        for entry in item.log:
            if entry.event == "note" and entry.note in wanted:
                seen[entry.note] = seen.get(entry.note, 0) + 1
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=64)
    parser.add_argument("--same-item", action="store_true", help="every writer notes the same item")
    parser.add_argument("--timeout", default="30", help="FIVEFOLD_LOCK_TIMEOUT for the writers (default 30)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--hold", type=float, default=0, help="hold the lock this many seconds while the writers start")
    parser.add_argument("--keep", type=Path, help="keep the workspace in this folder")
    args = parser.parse_args()

    env = {**os.environ, **ENV, "FIVEFOLD_LOCK_TIMEOUT": args.timeout}
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fivefold-concurrency-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        plans = workspace(folder, 1 if args.same_item else args.writers, env)
        print(f"machine: {platform.platform()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}")
        held = f"; the lock held {args.hold:g} s at the start" if args.hold else ""
        print(f"fivefold: {' '.join(fivefold())}; {'one item' if args.same_item else 'one item per writer'}; "
              f"FIVEFOLD_LOCK_TIMEOUT={args.timeout}{held}")  # fmt: skip
        print()
        columns = ["round", "writers", "ok", "timed out", "other failures", "wall (s)", "CPU (s)", "median writer (s)",
                   "slowest (s)", "notes recorded", "lost", "stray", "doubled"]  # fmt: skip
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for n in range(args.rounds):
            r = one_round(plans, args.writers, args.same_item, args.hold, env, f"r{n}")
            share = f"{r['timed_out']} ({100 * r['timed_out'] / r['writers']:.0f} %)"
            times = [f"{r[k]:.1f}" for k in ("wall", "cpu", "median", "slowest")]
            cells = [n + 1, r["writers"], r["ok"], share, r["failed"], *times, r["recorded"], r["lost"], r["stray"], r["doubled"]]
            print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
