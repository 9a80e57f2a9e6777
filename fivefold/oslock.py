"""An exclusive lock on a file, tried without waiting: flock(2) on POSIX, msvcrt.locking on Windows.
The system releases it when its holder dies. The waiting (bounded by work) is transaction.hold's job;
this is only the try. (It replaces the filelock package, whose import cost 30–50 ms of every write.)"""

from __future__ import annotations

import contextlib
import os

# The real system's call, not portable.WINDOWS: tests switch that one to run the path and rename branches
# of Windows on Linux, and no lock call of the other system can run here.
WINDOWS = os.name == "nt"


class Busy(Exception):
    """Someone else holds the lock right now."""


class FileLock:
    """The lock on one file; `acquire` tries once, `release` lets it go. Not re-entrant: the workspace
    takes its lock once per command."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now or raise Busy; an OSError when the lock file cannot be opened (a folder in
        its place, no permission) or the system cannot lock it."""
        if self.fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            held = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not held:
            os.close(fd)
            raise Busy(self.path)
        if not WINDOWS and os.fstat(fd).st_nlink == 0:  # the file was removed between open and lock: another one
            os.close(fd)
            raise Busy(self.path)
        self.fd = fd

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)


def _try_lock(fd: int) -> bool:
    if WINDOWS:
        import errno
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    import errno
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if WINDOWS:
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
