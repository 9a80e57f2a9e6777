"""Real processes against one workspace: parallel writers lose nothing (the lock), and a writer killed
at any moment leaves every file whole (the atomic write). DESIGN §9."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fivefold import codec
from tests.conftest import BASE_ENV, run_process
from tests.helpers import state

pytestmark = pytest.mark.slow  # real processes: concurrent writers, kills, a terminal

TIMEOUT = 45  # seconds for a whole batch of processes; the lock itself waits up to 60 (conftest)


def spawn(plans: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fivefold", "--plans", str(plans), *args],
        env={**os.environ, **BASE_ENV},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    deadline = time.monotonic() + TIMEOUT
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
            results.append((proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return results


def load(plans: Path, item_id: str):
    path = plans / "demo" / f"{item_id}.yaml"
    text = path.read_text("utf-8")
    assert text.strip(), f"{path} is empty"
    return codec.load_item(text, str(path), plan="demo", file_id=item_id)


def notes(item) -> list[str]:
    return [e.note for e in item.log if e.event == "note"]


def test_parallel_notes_on_one_item_are_all_kept(ff, plans, complete_item):
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    before = path.read_bytes()
    procs = [spawn(plans, "note", item_id, f"并发进展{n:02d}") for n in range(16)]
    results = finish(procs)
    assert [rc for rc, _, _ in results] == [0] * 16, [err for _, _, err in results if err]
    item = load(plans, item_id)
    assert sorted(notes(item)) == [f"并发进展{n:02d}" for n in range(16)]
    assert [e.index for e in item.log] == list(range(len(item.log)))
    assert ff("check").exit_code == 0
    for _ in range(16):  # each writer journalled its own step back
        ff("undo")
    assert path.read_bytes() == before


def test_parallel_new_gives_distinct_ids(ff, plans):
    procs = [spawn(plans, "new", f"并发事项{n:02d}") for n in range(16)]
    results = finish(procs)
    assert [rc for rc, _, _ in results] == [0] * 16, [err for _, _, err in results if err]
    ids = [out.strip() for _, out, _ in results]
    assert sorted(ids) == [f"SY-{n:03d}" for n in range(1, 17)]
    for n, item_id in enumerate(ids):  # each process printed the id of the item it created
        assert load(plans, item_id).title == f"并发事项{n:02d}"


def test_parallel_transitions_on_different_items_all_land(ff, plans, complete_item):
    ids = [complete_item(f"事项{n}") for n in range(8)]
    results = finish([spawn(plans, "start", i) for i in ids])
    assert all(rc == 0 for rc, _, _ in results), results
    assert {load(plans, i).id: state(ff, i) for i in ids} == {i: "active" for i in ids}
    procs = [
        spawn(plans, "block", i, "--reason", "缺资金") if n % 2 else spawn(plans, "submit", i, "--evidence", "报告")
        for n, i in enumerate(ids)
    ]
    results = finish(procs)
    assert all(rc == 0 for rc, _, _ in results), results
    assert [state(ff, i) for i in ids] == ["review", "blocked"] * 4


# Imports everything a `note` needs, says so, then runs the CLI: the kill then lands in the command's
# own work (lock, read, journal, write) rather than in the interpreter's start-up.
WRITER = """
import sys
import fivefold.actions, fivefold.checks, fivefold.cli.loop, fivefold.codec, fivefold.i18n, fivefold.loading, fivefold.workspace
import fivefold.cli.main as main
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.argv = ["fivefold", *sys.argv[1:]]
main.main()
"""


def test_killed_writers_never_leave_a_torn_file(ff, plans, complete_item):
    ids = [complete_item(f"事项{n}") for n in range(3)]
    for item_id in ids:
        ff("start", item_id)
    rng = random.Random(20261127)
    started = finished = killed = 0
    texts: set[str] = set()
    for round_ in range(20):
        procs = []
        for k in range(2):  # two at once: one may be killed while the other waits for the lock
            text = f"第{round_}轮第{k}条"
            texts.add(text)
            proc = subprocess.Popen(
                [sys.executable, "-c", WRITER, "--plans", str(plans), "note", rng.choice(ids), text],
                env={**os.environ, **BASE_ENV},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            procs.append(proc)
        for proc in procs:
            assert proc.stdout is not None
            proc.stdout.readline()  # "ready" (or EOF if it died)
        for proc in procs:
            time.sleep(rng.uniform(0, 0.05))
            proc.send_signal(signal.SIGKILL)
        for proc in procs:
            proc.wait(timeout=TIMEOUT)
            started += 1
            if proc.returncode == -signal.SIGKILL:
                killed += 1
            elif proc.returncode == 0:
                finished += 1
            else:
                pytest.fail(f"a writer failed on its own: exit {proc.returncode}")
        for item_id in ids:
            load(plans, item_id)  # every file whole after every round
    assert killed > 0, "no writer was ever killed: the test proves nothing"

    recorded = [n for i in ids for n in notes(load(plans, i))]
    assert len(recorded) == len(set(recorded)), "a note was written twice"
    assert set(recorded) <= texts
    assert finished <= len(recorded) <= started

    leftovers = [p.name for p in plans.rglob("*.tmp")]
    for name in leftovers:
        assert re.match(r"^\..+\.\d+\.tmp$", name), name  # only our own temporary names
    listed = ff("list")
    assert listed.stderr == ""
    for item_id in ids:
        assert item_id in listed.stdout
    assert ff("check").exit_code == 0

    # the lock was not left held: a new writer gets through at once
    after = run_process("--plans", str(plans), "note", ids[0], "杀进程之后", env={"FIVEFOLD_LOCK_TIMEOUT": "5"})
    assert after.returncode == 0, after.stderr
    assert "杀进程之后" in notes(load(plans, ids[0]))


# Dies by SIGKILL at the worst moment: the temporary file is written and synced, the rename not yet done.
DIES_BEFORE_RENAME = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith(".yaml"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst, *args, **kwargs)
os.replace = replace
import fivefold.cli.main as main
sys.argv = ["fivefold", *sys.argv[1:]]
main.main()
"""


def test_a_writer_killed_before_its_rename_leaves_the_file_and_the_workspace_usable(ff, plans, complete_item):
    item_id = complete_item()
    ff("start", item_id)
    path = plans / "demo" / f"{item_id}.yaml"
    before = path.read_bytes()
    died = subprocess.run(
        [sys.executable, "-c", DIES_BEFORE_RENAME, "--plans", str(plans), "note", item_id, "没写完的进展"],
        env={**os.environ, **BASE_ENV},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert died.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    leftovers = list(path.parent.glob(".*.tmp"))
    assert len(leftovers) == 1 and "没写完的进展" in leftovers[0].read_text("utf-8")

    listed = ff("list")
    assert item_id in listed.stdout and listed.stderr == ""
    assert ff("check").exit_code == 0
    ff("note", item_id, "之后的进展")
    assert notes(load(plans, item_id)) == ["之后的进展"]

    # undo walks back over the command that never landed, to the ones that did
    ff("undo")
    assert path.read_bytes() == before
    ff("undo")
    assert load(plans, item_id).log[-1].event == "created"


def test_undo_right_after_a_killed_writer_reverts_the_last_command_that_landed(ff, plans, complete_item):
    item_id = complete_item()
    path = plans / "demo" / f"{item_id}.yaml"
    before = path.read_bytes()
    ff("start", item_id)
    died = subprocess.run(
        [sys.executable, "-c", DIES_BEFORE_RENAME, "--plans", str(plans), "block", item_id, "--reason", "缺资金"],
        env={**os.environ, **BASE_ENV},
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert died.returncode == -signal.SIGKILL
    assert "start" in ff("undo").stdout
    assert path.read_bytes() == before


# --- waiting for the lock (issue 16 §4, §13) -----------------------------------------------------------

# Holds the workspace lock for argv[2] seconds, as a long command would; says "held" once it has it.
HOLDER = """
import select, sys
from pathlib import Path
from fivefold.workspace import Workspace
ws = Workspace(Path(sys.argv[1]))
try:
    held = ws.lock(command="hold")
except TypeError:  # a version without the holder's card
    held = ws.lock()
with held:
    print("held", flush=True)
    select.select([sys.stdin], [], [], float(sys.argv[2]))  # a line on stdin lets go early
"""


def hold(plans: Path, seconds: float) -> subprocess.Popen[str]:
    """A process holding the workspace lock for `seconds`, or until a line is written to its stdin."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(plans), str(seconds)],
        env={**os.environ, **BASE_ENV},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def test_a_waiting_writer_stamps_its_entry_when_it_gets_the_lock(ff, plans, complete_item):
    """The entry's `at` is taken under the lock, not when the command started: a writer that waited
    must not sort before the entries written while it waited."""
    import datetime as dt

    item_id = complete_item()
    holder = hold(plans, 3)
    asked = time.time()
    rc, _, err = finish([spawn(plans, "note", item_id, "等锁之后的进展"), holder])[0]
    assert rc == 0, err
    entry = load(plans, item_id).log[-1]
    assert entry.note == "等锁之后的进展"
    assert dt.datetime.fromisoformat(entry.at).timestamp() >= asked + 2  # it waited about 3 s


def test_a_waiter_on_a_terminal_is_told_who_holds_the_lock(ff, plans, complete_item):
    import pty
    import select

    item_id = complete_item()
    # Held until the waiter on the terminal has said it waits (a busy machine may take seconds to start it).
    holder = hold(plans, TIMEOUT)
    master, slave = pty.openpty()
    on_terminal = subprocess.Popen(
        [sys.executable, "-m", "fivefold", "--plans", str(plans), "note", item_id, "终端里等锁"],
        env={**os.environ, **BASE_ENV},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    piped = spawn(plans, "note", item_id, "管道里等锁")
    shown = b""
    deadline = time.monotonic() + TIMEOUT
    while b"waiting" not in shown and time.monotonic() < deadline:
        if select.select([master], [], [], 1)[0]:
            shown += os.read(master, 4096)
    time.sleep(0.5)  # the piped writer has started waiting too, or never will: it must stay quiet either way
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    results = finish([piped, holder])
    on_terminal.wait(timeout=TIMEOUT)
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert on_terminal.returncode == 0 and results[0][0] == 0
    text = shown.decode("utf-8")
    assert re.search(rf"waiting for the workspace lock, held by process {holder.pid} \(hold\) since \d\d:\d\d:\d\d", text), text
    assert text.count("waiting") == 1
    assert "waiting" not in results[0][2]  # not a terminal: scripts and logs stay quiet


# A row of holders that never lets the lock go between them: each forks the next, which inherits the
# locked file (flock belongs to the open file, not the process), writes its own card and the parent
# leaves. From outside: argv[2] commands in a row, each holding the lock argv[3] seconds.
CHAIN = """
import fcntl, json, os, sys, time
state, turns, each = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fd = os.open(os.path.join(state, "lock"), os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
for turn in range(turns):
    card = {"pid": os.getpid(), "command": f"batch {turn}", "since": "2026-11-27T10:00:00+08:00"}
    with open(os.path.join(state, "holder.json"), "w") as fh:
        json.dump(card, fh)
    time.sleep(each)
    if turn < turns - 1 and os.fork() != 0:
        os._exit(0)
os.remove(os.path.join(state, "holder.json"))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the chain of holders forks")
def test_the_wait_is_bounded_by_work_not_by_the_clock(ff, plans, complete_item):
    """Four holders in a row keep the lock 2.4 s in all, none longer than 0.6 s: a writer with a 1 s
    timeout waits them out (others were getting through) instead of giving up after 1 s."""
    item_id = complete_item()
    (plans / ".fivefold").mkdir(exist_ok=True)
    chain = subprocess.Popen(
        [sys.executable, "-c", CHAIN, str(plans / ".fivefold"), "4", "0.6"], stdout=subprocess.PIPE, text=True
    )
    assert chain.stdout is not None and chain.stdout.readline() == "held\n"
    started = time.monotonic()
    result = run_process("--plans", str(plans), "note", item_id, "等过一串占用者", env={"FIVEFOLD_LOCK_TIMEOUT": "1"})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started > 1.5
    assert notes(load(plans, item_id)) == ["等过一串占用者"]
    chain.wait(timeout=TIMEOUT)


def test_one_holder_past_the_timeout_is_given_up_on_with_its_name(ff, plans, complete_item):
    item_id = complete_item()
    before = (plans / "demo" / f"{item_id}.yaml").read_bytes()
    holder = hold(plans, 4)
    result = run_process("--plans", str(plans), "note", item_id, "等不到", env={"FIVEFOLD_LOCK_TIMEOUT": "1"})
    holder.kill()
    holder.wait()
    assert result.returncode == 1
    assert f"locked by process {holder.pid} (hold) for over 1 s; nothing was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (plans / "demo" / f"{item_id}.yaml").read_bytes() == before
