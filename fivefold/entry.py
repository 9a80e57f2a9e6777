"""The console entry point: sets up the output streams, answers `--version` before importing
anything, runs the hot commands without typer (cli/fast.py), else runs the typer app; the cyclic
garbage collector off; `run` (the console script, `python -m fivefold`) ends the process without
tearing down what the command built."""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def _streams() -> None:
    """A stream that cannot encode a character (PYTHONIOENCODING=ascii, a pipe in the C locale)
    shows it as `?` instead of stopping the command with UnicodeEncodeError halfway through its output.
    On Windows the streams are UTF-8 whatever the console's code page (portable.utf8_console)."""
    from fivefold.portable import utf8_console

    utf8_console((sys.stdout, sys.stderr))
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent when a caller swapped in its own stream
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # closed or detached: nothing will be written to it
                reconfigure(errors="replace")


def main() -> None:
    # A command is a short process that makes many small objects and almost no cycles: the collector's
    # passes over them were 16 % of a warm `list` at 10k (28 % at 100k), and reference counting frees
    # the memory all the same (parsing 3,000 item files with the collector off grew the peak by 0.4 MiB
    # and left 360 objects in cycles).
    gc.disable()
    _streams()
    if sys.argv[1:] == ["--version"]:
        from fivefold import __version__

        sys.stdout.write(f"fivefold {__version__}\n")
        return
    from fivefold.cli.fast import run as fast

    code = fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from fivefold.cli.main import main as run

    run()


def run() -> None:
    """The console script: `main`, then the end of the process without freeing, object by object, what
    the command built (a list at 10,000 items: some 15 ms of deallocation), when nothing else would
    run at exit: the output flushed, no atexit callback, no other thread, no worker pool. Otherwise, or
    for an exit that is not a number, the interpreter's own ending."""
    try:
        main()
    except SystemExit as exc:
        if (exc.code is not None and type(exc.code) is not int) or not _quiet_ending():
            raise
        os._exit(exc.code or 0)
    if _quiet_ending():
        os._exit(0)


def _quiet_ending() -> bool:
    """Whether ending now would skip nothing: the streams flushed, nothing registered to run at exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # a closed pipe …: the interpreter's ending says so as it always did
        return False
    if "multiprocessing" in sys.modules or "concurrent.futures" in sys.modules:
        return False
    # atexit._ncallbacks and threading._threading_atexits are CPython's own (read on 3.10 to 3.13); where
    # one is missing the interpreter ends the process as usual
    threading = sys.modules.get("threading")
    if threading is not None and (threading.active_count() > 1 or getattr(threading, "_threading_atexits", None)):
        return False
    callbacks = getattr(__import__("atexit"), "_ncallbacks", None)
    return callbacks is not None and callbacks() == 0
