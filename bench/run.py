"""Benchmark fivefold against Taskwarrior on the same machine, in the same run (issue 6).

    python bench/run.py --items 10000 [--runs 5] [--keep DIR]
    python bench/run.py --curve 100,1000,10000            # warm `list` at each size only
    python bench/run.py --items 10000 --curve 100,1000,10000

Installs nothing. Generates an N-item workspace with bench/generate.py (cached under the system's
temp folder, keyed by the generator's source, the seed and N), and when `task` is on PATH imports the
same N tasks into a private Taskwarrior data folder (`rc:FILE` with data.location, confirmation=off,
verbose=nothing, hooks=off, color=off, defaultwidth=120). Each pair runs interleaved (A B A B …)
after one warm-up, output to a pipe; wall time is time.perf_counter() around subprocess.run. Writes
start every run from a fresh copy of both data sets, restored outside the timed region. Prints the
machine, then a Markdown table of medians, the median of the pairwise ratios, the target and whether
it is met. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

TODAY = generate.TODAY.isoformat()
FIVEFOLD_ENV = {"FIVEFOLD_TODAY": TODAY, "FIVEFOLD_USER": "bench", "NO_COLOR": "1"}
TASKRC = """\
data.location={data}
confirmation=off
verbose=nothing
hooks=off
color=off
defaultwidth=120
"""
NEW_TITLE = "推进基准测试新增事项"
NEW_DUE = "2027-06-30"
REPORT_JSON = ("report", "--format", "json")


class BenchError(RuntimeError):
    pass


# --- processes -----------------------------------------------------------------------------------


def fivefold_cmd() -> list[str]:
    """The `fivefold` of the running interpreter's environment (its sibling script), else `-m fivefold`."""
    script = Path(sys.executable).with_name("fivefold")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "fivefold"]


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVEFOLD_", "TASK"))}
    env.pop("NO_COLOR", None)
    return env


@dataclass
class Cmd:
    argv: list[str]
    env: dict[str, str]
    label: str
    ok: tuple[int, ...] = (0,)  # exit codes of a run that worked (`check` exits 1 when an item fails)

    def run(self, timeout: float) -> subprocess.CompletedProcess[bytes]:
        p = subprocess.run(self.argv, stdin=subprocess.DEVNULL, capture_output=True, env=self.env, timeout=timeout)
        if p.returncode not in self.ok:
            err = p.stderr.decode(errors="replace").strip().splitlines()[-3:]
            raise BenchError(f"`{self.label}` exited {p.returncode}: {' | '.join(err)}")
        return p

    def timed(self, timeout: float) -> Sample:
        """One run, output to a file: wall time and CPU time (user + sys) from os.wait4's rusage of
        that one child (not RUSAGE_CHILDREN, a maximum over every child ever waited for); peak RSS
        from `/usr/bin/time -f %M` around it when there is one: a child's own ru_maxrss starts from
        the runner's size (Linux counts the memory it was forked from), so it is used only without
        GNU time. GNU time adds about a millisecond of CPU to each run."""
        gnu_time = Path("/usr/bin/time")
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as rss:
            argv = [str(gnu_time), "-f", "%M", "-o", rss.name, *self.argv] if gnu_time.exists() else self.argv
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=self.env)
            try:
                status, usage = _wait4(proc.pid, timeout)
            except TimeoutError:
                proc.kill()
                proc.wait()
                raise BenchError(f"`{self.label}` took more than {timeout:.0f} s") from None
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode not in self.ok:
                err.seek(0)
                tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
                raise BenchError(f"`{self.label}` exited {proc.returncode}: {' | '.join(tail)}")
            peak = usage.ru_maxrss
            if gnu_time.exists():
                with contextlib.suppress(ValueError, IndexError):
                    peak = int(Path(rss.name).read_text().split()[-1])
        return Sample(wall, usage.ru_utime + usage.ru_stime, peak / 1024)


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds of user + system time
    rss: float  # peak resident set size, MiB


def _wait4(pid: int, timeout: float) -> tuple[int, object]:
    deadline = time.monotonic() + timeout
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG)
        if got == pid:
            return status, usage
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.002)


def peak_rss_mib(cmd: Cmd, timeout: float) -> float:
    """Maximum resident set size of one run: `/usr/bin/time -v` when present, else os.wait4's rusage
    of that one child (RUSAGE_CHILDREN is a maximum over every child ever waited for, so deltas of it
    only show a child that beats all earlier ones)."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        p = subprocess.run(
            [str(gnu_time), "-v", *cmd.argv], stdin=subprocess.DEVNULL, capture_output=True, env=cmd.env, timeout=timeout
        )
        m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        if p.returncode == 0 and m:
            return int(m.group(1)) / 1024
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=cmd.env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise BenchError(f"`{cmd.label}` exited {proc.returncode}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


# --- data: generated once, cached; copied per run ------------------------------------------------


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    if shutil.which("cp"):
        subprocess.run(["cp", "-a", str(src), str(dst)], check=True)
    else:
        shutil.copytree(src, dst, symlinks=True)


def sync_tree(src: Path, dst: Path) -> None:
    """Make dst equal to src (a snapshot of it) by touching only what differs, keeping mtimes; so a
    file the command did not change keeps its inode and a cache entry for it stays valid."""
    src_files, src_dirs = _tree(src)
    dst_files, dst_dirs = _tree(dst)
    for rel in dst_files.keys() - src_files.keys():
        (dst / rel).unlink()
    for rel in sorted(dst_dirs - src_dirs, key=len, reverse=True):
        shutil.rmtree(dst / rel, ignore_errors=True)
    for rel in sorted(src_dirs - dst_dirs, key=len):
        (dst / rel).mkdir(parents=True, exist_ok=True)
    for rel, stamp in src_files.items():
        if dst_files.get(rel) != stamp:
            target = dst / rel
            if target.exists() or target.is_symlink():
                target.unlink()
            shutil.copy2(src / rel, target)
    for rel in sorted(src_dirs | {"."}, key=len, reverse=True):  # folder mtimes too (a scan may compare them)
        st = os.stat(src / rel)
        os.utime(dst / rel, ns=(st.st_atime_ns, st.st_mtime_ns))


def _tree(root: Path) -> tuple[dict[str, tuple[int, int]], set[str]]:
    files: dict[str, tuple[int, int]] = {}
    dirs: set[str] = set()
    for base, dnames, fnames in os.walk(root):
        rel_base = os.path.relpath(base, root)
        for d in dnames:
            dirs.add(os.path.normpath(os.path.join(rel_base, d)))
        for f in fnames:
            st = os.lstat(os.path.join(base, f))
            files[os.path.normpath(os.path.join(rel_base, f))] = (st.st_size, st.st_mtime_ns)
    return files, dirs


def task_version() -> str | None:
    exe = shutil.which("task")
    if not exe:
        return None
    p = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return p.stdout.strip() or None


def cache_root() -> Path:
    return Path(tempfile.gettempdir()) / "fivefold-bench-cache"


def generator_hash() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]


def cached_workspace(n: int, seed: int, log: Callable[[str], None]) -> Path:
    """The pristine generated workspace for N items (generated on first use)."""
    path = cache_root() / f"ws-{generator_hash()}-s{seed}-n{n}"
    if (path / "fivefold.yaml").exists():
        return path
    log(f"generating {n} items …")
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=path.name + ".", dir=cache_root()))
    generate.write_workspace(generate.build(n, seed), tmp / "ws")
    shutil.rmtree(path, ignore_errors=True)
    (tmp / "ws").rename(path)
    shutil.rmtree(tmp, ignore_errors=True)
    log(f"generated {n} items in {time.perf_counter() - t0:.1f} s")
    return path


def cached_taskdata(n: int, seed: int, all_pending: bool, version: str, log: Callable[[str], None]) -> Path:
    """A Taskwarrior data folder holding the same N tasks (imported on first use)."""
    mode = "allpending" if all_pending else "mirror"
    path = cache_root() / f"tw-{generator_hash()}-s{seed}-n{n}-{mode}-{version}"
    if (path / "pending.data").exists():
        return path
    log(f"importing {n} tasks into Taskwarrior …")
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=path.name + ".", dir=cache_root()))
    data = tmp / "data"
    data.mkdir()
    rc = tmp / "taskrc"
    rc.write_text(TASKRC.format(data=data), encoding="utf-8")
    generate.write_taskwarrior(generate.build(n, seed), tmp / "tasks.json", seed, all_pending)
    env = base_env()
    for args in (["import", str(tmp / "tasks.json")], ["list"]):  # `list` once: gc moves completed tasks out
        p = subprocess.run(["task", f"rc:{rc}", *args], stdin=subprocess.DEVNULL, capture_output=True, env=env)
        if p.returncode not in (0, 1):  # `list` exits 1 when nothing matches
            raise BenchError(f"task {args[0]} failed: {p.stderr.decode(errors='replace')[-300:]}")
    shutil.rmtree(path, ignore_errors=True)
    data.rename(path)
    shutil.rmtree(tmp, ignore_errors=True)
    log(f"imported {n} tasks in {time.perf_counter() - t0:.1f} s")
    return path


@dataclass
class Setup:
    """One size's data copied into the run folder: a workspace and a Taskwarrior rc + data folder."""

    n: int
    root: Path
    ws: Path
    rc: Path | None
    ff: list[str]
    ff_env: dict[str, str]
    tw_env: dict[str, str]
    items: list[generate.GenItem] = field(default_factory=list)

    def fivefold(self, *args: str, ws: Path | None = None) -> Cmd:
        argv = [*self.ff, "--plans", str(ws or self.ws), *args]
        return Cmd(argv, self.ff_env, "fivefold " + " ".join(args))

    def task(self, *args: str, rc: Path | None = None) -> Cmd:
        return Cmd(["task", f"rc:{rc or self.rc}", *args], self.tw_env, "task " + " ".join(args))


def make_setup(
    n: int, seed: int, run_dir: Path, use_task: bool, all_pending: bool, version: str | None, log: Callable[[str], None]
) -> Setup:
    master = cached_workspace(n, seed, log)
    root = run_dir / f"n{n}"
    root.mkdir(parents=True, exist_ok=True)
    ws = root / "ws"
    copy_tree(master, ws)
    rc = None
    if use_task and version:
        data = root / "taskdata"
        copy_tree(cached_taskdata(n, seed, all_pending, version, log), data)
        rc = root / "taskrc"
        rc.write_text(TASKRC.format(data=data), encoding="utf-8")
    ff_env = {**base_env(), **FIVEFOLD_ENV}
    return Setup(n, root, ws, rc, fivefold_cmd(), ff_env, base_env())


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Result:
    """Samples of A and (when there is a reference) B, taken in pairs; medians and ratios are over CPU
    time (user + sys) unless said otherwise: on a shared machine it moves far less than wall time."""

    sa: list[Sample]
    sb: list[Sample] | None

    @property
    def a(self) -> list[float]:
        return [s.cpu for s in self.sa]

    @property
    def b(self) -> list[float] | None:
        return [s.cpu for s in self.sb] if self.sb else None

    @property
    def a_med(self) -> float:
        return statistics.median(self.a)

    @property
    def b_med(self) -> float | None:
        return statistics.median(self.b) if self.b else None

    @property
    def ratio(self) -> float | None:
        return statistics.median(x / y for x, y in zip(self.a, self.b, strict=True)) if self.b else None

    @property
    def wall_ratio(self) -> float | None:
        if not self.sb:
            return None
        return statistics.median(x.wall / y.wall for x, y in zip(self.sa, self.sb, strict=True))

    @property
    def a_wall(self) -> float:
        return statistics.median(s.wall for s in self.sa)

    @property
    def a_rss(self) -> float:
        return statistics.median(s.rss for s in self.sa)

    @property
    def b_rss(self) -> float | None:
        return statistics.median(s.rss for s in self.sb) if self.sb else None

    @property
    def diff(self) -> float | None:
        return statistics.median(x - y for x, y in zip(self.a, self.b, strict=True)) if self.b else None


def interleaved(
    a: Cmd,
    b: Cmd | None,
    runs: int,
    timeout: float,
    prepare: Callable[[], None] | None = None,
    prepare_b: Callable[[], None] | None = None,
) -> Result:
    """A B A B …: one warm-up pair, then `runs` timed pairs; `prepare` runs untimed before A, and
    `prepare_b` (default: `prepare`) before B."""
    ta: list[Sample] = []
    tb: list[Sample] = []
    before_b = prepare_b or prepare
    for i in range(runs + 1):
        if prepare:
            prepare()
        x = a.timed(timeout)
        if b is not None and before_b is not None:
            before_b()
        y = b.timed(timeout) if b is not None else None
        if i == 0:
            continue  # warm-up
        ta.append(x)
        if y is not None:
            tb.append(y)
    return Result(ta, tb or None)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_ratio(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}"


def met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


# --- the benchmark -------------------------------------------------------------------------------


def pick_targets(items: list[generate.GenItem]) -> tuple[str, str, str]:
    """An item in the middle that is active with an open step: (id for note, id for step done, step)."""
    mid = len(items) // 2
    order = sorted(range(len(items)), key=lambda i: abs(i - mid))
    for i in order:
        it = items[i]
        if it.state == "active":
            open_steps = [s.id for s in it.steps if s.id not in it.done]
            if open_steps:
                return it.id, it.id, open_steps[0]
    raise BenchError("no active item with an open step")


def task_id_of(setup: Setup, item: str) -> str:
    """The Taskwarrior working-set id of the task made from an item (via its uuid5)."""
    uid = generate.task_uuid(item)
    p = setup.task("_get", f"{uid}.id").run(60)
    tid = p.stdout.decode().strip()
    if not tid or tid == "0":
        raise BenchError(f"task {uid} is not pending (id {tid!r})")
    return tid


def prefixed_copy(src: Path, dst: Path, prefix: str, name: str) -> None:
    """A copy of a generated workspace whose ids carry another prefix (each unit has its own, README:
    several workspaces) and whose fivefold.yaml gives it a name."""
    copy_tree(src, dst)
    shutil.rmtree(dst / ".fivefold", ignore_errors=True)
    old, new = f"{generate.PREFIX}-", f"{prefix}-"
    folder = dst / generate.PLAN
    for path in folder.glob(f"{old}*.yaml"):
        path.with_name(new + path.name[len(old) :]).write_text(path.read_text("utf-8").replace(old, new), "utf-8")
        path.unlink()
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(f"prefix: {generate.PREFIX}", f"prefix: {prefix}"), "utf-8")
    with open(dst / "fivefold.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"name: {name}\n")


def several_workspaces(setup: Setup, runs: int, timeout: float) -> Result:
    """Three copies of the workspace (own prefixes) listed together (`--plans A --plans B --plans C
    list`) against the three listed one by one, in the same rounds: A, then each alone; the reference
    sample of a round is the sum of the three alone (CPU and wall summed, peak memory the largest)."""
    spaces = []
    for letter in "ABC":
        ws = setup.root / f"ws-{letter.lower()}"
        prefixed_copy(setup.ws, ws, f"N{letter}", f"基准单位{letter}")
        spaces.append(ws)
    together = Cmd([*setup.ff, *(a for ws in spaces for a in ("--plans", str(ws))), "list"], setup.ff_env, "list ×3 together")
    alone = [setup.fivefold("list", ws=ws) for ws in spaces]
    for cmd in (*alone, together):  # every workspace's cache built outside the timed runs
        cmd.run(timeout)
    ta: list[Sample] = []
    tb: list[Sample] = []
    for i in range(runs + 1):
        x = together.timed(timeout)
        each = [cmd.timed(timeout) for cmd in alone]
        if i == 0:
            continue  # warm-up
        ta.append(x)
        tb.append(Sample(sum(s.wall for s in each), sum(s.cpu for s in each), max(s.rss for s in each)))
    for ws in spaces:
        shutil.rmtree(ws, ignore_errors=True)
    return Result(ta, tb)


def main_table(args: argparse.Namespace, setup: Setup, log: Callable[[str], None]) -> list[str]:
    runs, timeout = args.runs, args.timeout
    have_task = setup.rc is not None
    rows: list[str] = []
    notes: list[str] = []
    wanted = set(args.rows.split(",")) if args.rows else None

    def want(key: str) -> bool:
        return wanted is None or key in wanted

    def row(label: str, res: Result, target: str, ok: bool | None, ratio: str | None = None) -> None:
        rss = f"{res.a_rss:.0f}" + ("" if res.b_rss is None else f" / {res.b_rss:.0f}")
        cells = [
            label,
            fmt_time(res.a_med),
            fmt_time(res.b_med),
            ratio or fmt_ratio(res.ratio),
            fmt_ratio(res.wall_ratio) if res.sb else fmt_time(res.a_wall),
            rss,
            target,
            met(ok),
        ]
        rows.append("| " + " | ".join(cells) + " |")
        spread = f"fivefold cpu {fmt_time(min(res.a))}–{fmt_time(max(res.a))}, wall {fmt_time(res.a_wall)}"
        if res.b:
            spread += f"; reference cpu {fmt_time(min(res.b))}–{fmt_time(max(res.b))}"
        log(f"  {label}: {spread}; ratio {fmt_ratio(res.ratio)}")

    def ratio_ok(res: Result, limit: float) -> bool | None:
        return None if res.ratio is None else res.ratio <= limit

    task_list = setup.task("list") if have_task else None

    # warm the cache (and check the workspace) once, outside every timed region
    log("warming fivefold's cache (list --json) …")
    t0 = time.perf_counter()
    listed = setup.fivefold("list", "--json").run(timeout)
    count = listed.stdout.count(b'"id":')
    log(f"  {count} items listed in {time.perf_counter() - t0:.1f} s (first run)")
    if count != setup.n:
        notes.append(f"`fivefold list --json` showed {count} items, expected {setup.n}.")
    if have_task:
        shown = len([ln for ln in setup.task("list").run(timeout).stdout.splitlines() if ln.strip()])
        log(f"  task list shows {shown} rows")

    note_id, step_id, step = pick_targets(setup.items)
    # "after a note": a `note` on one item (untimed) before each timed read, so the read finds one
    # file changed since its caches were written, as it does in real use
    counter = iter(range(1_000_000))

    def noted() -> None:
        setup.fivefold("note", note_id, f"bench {next(counter)}").run(timeout)

    def nothing() -> None:
        pass

    reads = [
        ("list", "`fivefold list` vs `task list`", ("list",), task_list, 0.45, None),
        ("list-note", "`list` right after a `note` vs `task list`", ("list",), task_list, 0.6, noted),
        ("dashboard", "`fivefold dashboard` vs `task list`", ("dashboard",), task_list, 1.0, None),
        ("dashboard-note", "`dashboard` right after a `note` vs `task list`", ("dashboard",), task_list, 1.0, noted),
        ("report", "`fivefold report --format json` vs `task export`", REPORT_JSON, "export", 1.0, None),
        ("report-note", "`report` json right after a `note` vs `task export`", REPORT_JSON, "export", 1.0, noted),
    ]
    for key, label, ff_args, ref, limit, prepare in reads:
        if not want(key):
            continue
        log(f"{key} …")
        b = setup.task(ref) if isinstance(ref, str) and have_task else ref if not isinstance(ref, str) else None
        res = interleaved(setup.fivefold(*ff_args), b, runs, timeout, prepare=prepare, prepare_b=nothing if prepare else None)
        row(label, res, f"≤ {limit}", ratio_ok(res, limit))

    if want("spaces"):
        log("three workspaces together …")
        res = several_workspaces(setup, runs, timeout)
        row(
            f"`list` over three {setup.n:,}-item workspaces together vs the sum of each alone (ratio of CPU)",
            res,
            "≤ 1.05",
            ratio_ok(res, 1.05),
        )

    if want("check"):
        log("check, warm …")
        check = setup.fivefold("check")
        check.ok = (0, 1)  # the generated items include ones that fail the five checks
        check.run(timeout)
        res = interleaved(check, None, runs, timeout)
        row("`fivefold check`, warm (CPU; wall in the next column)", res, "≤ 1.0 s", res.a_med <= 1.0)

    # writes: every run starts from a fresh copy of both data sets
    if any(want(k) for k in ("note", "step", "new")):
        wws, snap = setup.root / "ws-write", setup.root / "ws-snap"
        copy_tree(setup.ws, wws)
        setup.fivefold("list", ws=wws).run(timeout)  # its cache, built at the path the writes use
        copy_tree(wws, snap)
        wrc = None
        tw_snap = tw_data = None
        if have_task:
            tw_snap = setup.root / "taskdata-snap"
            tw_data = setup.root / "taskdata-write"
            copy_tree(setup.root / "taskdata", tw_snap)
            copy_tree(tw_snap, tw_data)
            wrc = setup.root / "taskrc-write"
            wrc.write_text(TASKRC.format(data=tw_data), encoding="utf-8")
            tid = task_id_of(setup, step_id)

        def fresh() -> None:
            sync_tree(snap, wws)
            if tw_snap is not None and tw_data is not None:
                sync_tree(tw_snap, tw_data)

        done = setup.task(tid, "done", rc=wrc) if have_task else None
        writes = [
            ("note", f'`fivefold note {note_id} "x"` vs `task N done`', setup.fivefold("note", note_id, "x", ws=wws), done, 1.2),
            (
                "step",
                f"`fivefold step done {step_id} {step}` vs `task N done`",
                setup.fivefold("step", "done", step_id, step, ws=wws),
                done,
                1.2,
            ),
            (
                "new",
                "`fivefold new …` vs `task add …`",
                setup.fivefold("new", NEW_TITLE, "--plan", generate.PLAN, "--area", "industry", "--due", NEW_DUE, ws=wws),
                setup.task("add", NEW_TITLE, "project:industry", f"due:{NEW_DUE}", rc=wrc) if have_task else None,
                1.5,
            ),
        ]
        for key, label, a, b, limit in writes:
            if want(key):
                log(f"{key} …")
                res = interleaved(a, b, runs, timeout, prepare=fresh)
                row(label, res, f"≤ {limit}", ratio_ok(res, limit))
        fresh()

    if want("version"):
        log("--version …")
        py = Cmd([sys.executable, "-c", "pass"], setup.ff_env, "python -c pass")
        res = interleaved(Cmd([*setup.ff, "--version"], setup.ff_env, "fivefold --version"), py, runs, timeout)
        diff = res.diff
        row(
            "`fivefold --version` vs `python -c pass`",
            res,
            "≤ +100 ms",
            None if diff is None else diff <= 0.1,
            ratio=f"{diff * 1000:+.0f} ms (median of pairwise differences)" if diff is not None else None,
        )

    if want("memory"):
        log("peak memory of list …")
        ma: list[float] = []
        mb: list[float] = []
        for _ in range(args.mem_runs):
            ma.append(peak_rss_mib(setup.fivefold("list"), timeout))
            if task_list is not None:
                mb.append(peak_rss_mib(task_list, timeout))
        a, b = statistics.median(ma), (statistics.median(mb) if mb else None)
        r = a / b if b else None
        rows.append(
            f"| peak memory: `fivefold list` vs `task list` (MiB) | {a:.0f} MiB | {'—' if b is None else f'{b:.0f} MiB'} | "
            f"{fmt_ratio(r)} | — | — | ≤ 2.0 | {met(None if r is None else r <= 2.0)} |"
        )

    if want("cold"):
        log("list, cold …")
        state = setup.ws / ".fivefold"

        def cold() -> None:
            shutil.rmtree(state, ignore_errors=True)

        res = interleaved(setup.fivefold("list"), None, args.cold_runs, timeout, prepare=cold)
        row("`fivefold list`, cold (no `.fivefold/`; CPU, wall next)", res, "≤ 10 s", res.a_wall <= 10)

    if setup.n != 10000:
        notes.append("The targets are set for 10,000 items; at fewer items fivefold's fixed start-up weighs more.")
    if not have_task:
        notes.append(
            "No Taskwarrior (`--no-task`, or `task` not on PATH): reference columns are empty (apt-get install taskwarrior)."
        )
    head = [
        f"### {setup.n:,} items, {runs} interleaved runs after a warm-up (medians of CPU time, user + sys)",
        "",
        "| command | fivefold CPU | reference CPU | ratio (CPU, median of pairs) | ratio (wall) or wall | peak MiB (ff / ref) "
        "| target | met? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    return head + rows + ([""] + [f"- {n}" for n in notes] if notes else [])


def curve_table(
    args: argparse.Namespace, sizes: list[int], run_dir: Path, use_task: bool, version: str | None, log: Callable[[str], None]
) -> list[str]:
    lines = [
        f"### By size: warm `list` ({args.runs} interleaved runs after a warm-up, CPU medians), cold `list`, `report`, `check` "
        "and peak memory",
        "",
        "| items | cold list (wall / CPU / peak MiB) | warm list CPU | task list CPU | ratio | warm list peak MiB "
        "| report json (CPU / peak MiB) | warm check (CPU / peak MiB) | per 1,000 items | growth vs previous size |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    prev: tuple[int, float] | None = None
    for n in sizes:
        setup = make_setup(n, args.seed, run_dir, use_task, not args.tw_mirror, version, log)
        log(f"curve {n}: cold list …")
        cold = setup.fivefold("list").timed(args.timeout)
        log(f"  cold {fmt_time(cold.wall)} wall, {fmt_time(cold.cpu)} cpu, {cold.rss:.0f} MiB")
        res = interleaved(setup.fivefold("list"), setup.task("list") if setup.rc else None, args.runs, args.timeout)
        log(f"curve {n}: report json …")
        setup.fivefold("report", "--format", "json").run(args.timeout)
        rep = setup.fivefold("report", "--format", "json").timed(args.timeout)
        log(f"curve {n}: check …")
        check = setup.fivefold("check")
        check.ok = (0, 1)  # the generated items include ones that fail the five checks
        check.run(args.timeout)  # its per-file records built, untimed
        chk = check.timed(args.timeout)
        growth = "—"
        if prev is not None:
            tf, nf = res.a_med / prev[1], n / prev[0]
            growth = f"time ×{tf:.2f} for items ×{nf:g} ({'ok' if tf <= nf else '**faster than N**'})"
        lines.append(
            f"| {n:,} | {fmt_time(cold.wall)} / {fmt_time(cold.cpu)} / {cold.rss:.0f} | {fmt_time(res.a_med)} | "
            f"{fmt_time(res.b_med)} | {fmt_ratio(res.ratio)} | {res.a_rss:.0f} | {fmt_time(rep.cpu)} / {rep.rss:.0f} | "
            f"{fmt_time(chk.cpu)} / {chk.rss:.0f} | "
            f"{res.a_med / n * 1000 * 1000:.1f} ms | {growth} |"
        )
        prev = (n, res.a_med)
        if not args.keep:
            shutil.rmtree(setup.root, ignore_errors=True)
    return lines


def install_kind() -> str:
    """How the measured fivefold is installed: a regular install has its bytecode compiled at install
    time; an editable one runs from the source tree (and recompiles it under PYTHONDONTWRITEBYTECODE)."""
    import importlib.metadata as md
    import json

    try:
        text = md.distribution("fivefold").read_text("direct_url.json")
    except md.PackageNotFoundError:
        return "nowhere (run from the source tree)"
    editable = bool(text and json.loads(text).get("dir_info", {}).get("editable"))
    return "editable (pip install -e: not what a user runs)" if editable else "regular (pip install, not editable)"


def machine(ff: list[str], version: str | None, env: dict[str, str]) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    p = subprocess.run([*ff, "--version"], capture_output=True, text=True, env=env)
    ffv = p.stdout.strip() or p.stderr.strip()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- fivefold installed {install_kind()} in {sys.prefix}",
        f"- machine: {usable} cores (nproc), {cpu}; {platform.system()} {platform.release()}; load average {load}",
        f"- Python {platform.python_version()} ({sys.executable}); {ffv}",
        f"- Taskwarrior: {'task ' + version if version else 'not used (reference skipped)'}",
        f"- run at {dt.datetime.now().isoformat(timespec='seconds')}; FIVEFOLD_TODAY={TODAY}",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark fivefold against Taskwarrior (see bench/README.md).")
    ap.add_argument("--items", type=int, help="N for the main table (default 10000; omitted with --curve: curve only)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command after one warm-up (default 5, at least 5)")
    ap.add_argument("--cold-runs", type=int, help="runs of the cold list (default: --runs)")
    ap.add_argument("--mem-runs", type=int, default=3, help="runs of each peak-memory measurement (default 3)")
    ap.add_argument("--curve", help="comma-separated sizes for the by-size table, e.g. 100,1000,10000")
    ap.add_argument("--large", action="store_true", help="the by-size table at 10k, 50k and 100k (long: the cold 100k list)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="keep the run's workspaces and Taskwarrior data in DIR")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--rows",
        help="only these rows: list,list-note,dashboard,dashboard-note,report,report-note,spaces,check,note,step,new,"
        "version,memory,cold",
    )
    ap.add_argument("--no-task", action="store_true", help="skip Taskwarrior even when it is installed")
    ap.add_argument(
        "--tw-mirror",
        action="store_true",
        help="import closed items as completed and cancelled as deleted (default: all N tasks pending, "
        "like the issue's reference figures, so `task list` shows N rows as `fivefold list` does)",
    )
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per command (default 900)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.runs < 5:
        ap.error("--runs must be at least 5 (the method asks for ≥ 5 runs)")
    if args.cold_runs is None:
        args.cold_runs = args.runs
    sizes = [int(s.replace("_", "")) for s in args.curve.split(",")] if args.curve else []
    if args.large:
        sizes = sorted({*sizes, 10000, 50000, 100000})
    if args.items is None and not sizes:
        args.items = 10000

    def log(msg: str) -> None:
        if not args.quiet:
            print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    cache_root().mkdir(parents=True, exist_ok=True)
    version = None if args.no_task else task_version()
    use_task = version is not None
    if args.keep:
        run_dir = args.keep.resolve()
        run_dir.mkdir(parents=True, exist_ok=True)
    else:
        run_dir = Path(tempfile.mkdtemp(prefix="fivefold-bench-"))
    ff_env = {**base_env(), **FIVEFOLD_ENV}
    out = ["## fivefold vs Taskwarrior", "", *machine(fivefold_cmd(), version, ff_env)]
    try:
        if args.items:
            setup = make_setup(args.items, args.seed, run_dir, use_task, not args.tw_mirror, version, log)
            setup.items = generate.build(args.items, args.seed)
            pending = sum(1 for it in setup.items if it.state in generate.OPEN)
            tw = ""
            if use_task:
                tw = f"; Taskwarrior: {args.items:,} tasks imported, {args.items if not args.tw_mirror else pending:,} pending"
            out.append(f"- data: {args.items:,} generated items ({pending:,} open) in one plan, seed {args.seed}{tw}")
            out += ["", *main_table(args, setup, log)]
        if sizes:
            out += ["", *curve_table(args, sizes, run_dir, use_task, version, log)]
    except BenchError as exc:
        print("\n".join(out), flush=True)
        print(f"\nbench: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            log(f"kept the run's data in {run_dir}")
    print("\n".join(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
