"""What differs between operating systems when fivefold writes files: syncing a folder, replacing a
file, asking whether a process is alive, and which files may be written. Everything else in the
package calls these instead of testing `os.name` itself."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

WINDOWS = os.name == "nt"
REPLACE_TRIES = 20  # Windows: a file held open by a virus scanner or an indexer is usually free within a second
REPLACE_PAUSE = 0.05
# A folder that cannot be synced on this file system (some network and FUSE mounts): the rename
# is as durable as the file system makes it, which is all that can be had there.
_NO_DIR_SYNC = {errno.EINVAL, errno.EBADF, errno.ENOTSUP, errno.EISDIR, errno.EACCES, errno.EPERM}


def fsync_dir(folder: Path) -> None:
    """Make the renames in a folder durable. Windows has no folder handle to sync (NTFS journals
    the rename itself), so there it does nothing."""
    if WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        if exc.errno in _NO_DIR_SYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_DIR_SYNC:
            raise
    finally:
        os.close(fd)


def replace(source: Path, target: Path) -> None:
    """Rename over the target atomically. On Windows the rename fails with PermissionError while
    another program has the target open without sharing it: try again for about a second."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not WINDOWS or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def pid_alive(pid: int) -> bool:
    """Is a process with this id running on this machine? (A temporary file's writer, for instance.)"""
    if pid <= 0:
        return False
    if WINDOWS:
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only the existence and permission checks
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except (OSError, OverflowError):
        return False  # no such process, or a number no process can have
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows: ask the kernel for its exit code instead.
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == 5  # type: ignore[attr-defined]  # ERROR_ACCESS_DENIED: it exists, and is not ours
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def read_only(st: os.stat_result) -> bool:
    """No write permission bit at all (0444; on Windows, the read-only attribute)."""
    return not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def writable(path: Path, st: os.stat_result) -> bool:
    """May this process replace the file's content? Refused for a read-only file even where the
    system would let us (as root, or by renaming over it), since someone made it read-only."""
    return not read_only(st) and os.access(path, os.W_OK)


def mode_of(st: os.stat_result) -> int:
    """The permission bits a replacement must keep (0660 stays 0660)."""
    return stat.S_IMODE(st.st_mode)


def set_mode(path: Path, mode: int) -> None:
    """Give a new file the mode of the file it replaces. On Windows only the read-only bit exists,
    and a file we replace is writable, so there is nothing to carry over."""
    if not WINDOWS:
        os.chmod(path, mode)
