"""What differs between operating systems: syncing a folder, replacing a file, asking whether a process
is alive, which files may be written, where the user's config lives, the console's encoding and paths
typed with `\\`. Everything else in the package calls these instead of testing `os.name` itself."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from pathlib import Path
from typing import IO, Any

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


def config_dir() -> Path:
    """The folder of the user's own settings: %APPDATA%\\fivefold on Windows, else
    $XDG_CONFIG_HOME/fivefold (default ~/.config/fivefold)."""
    if WINDOWS:
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "fivefold"


def typed_path(text: str, base: Path | None = None) -> Path:
    """A path as typed: `plans\\demo` is a path on Windows. Elsewhere a backslash may be part of a
    file name, so it is read as a separator only when the path as typed does not exist and the
    one with `/` does (a path copied from a Windows colleague's instructions)."""
    path = Path(text)
    if WINDOWS or "\\" not in text:
        return path

    def found(p: Path) -> bool:
        return (p if base is None or p.is_absolute() else base / p).exists()

    if found(path):
        return path
    slashed = Path(text.replace("\\", "/"))
    return slashed if found(slashed) else path


def utf8_console(streams: tuple[IO[str], ...], environ: Any = os.environ) -> None:
    """On Windows, write UTF-8 to the console and to redirected output whatever the code page is (a
    legacy one cannot show every Chinese character, cp1252 none); PYTHONIOENCODING, when set, is the
    user's choice and stays. Elsewhere the locale's encoding is kept."""
    if not WINDOWS or environ.get("PYTHONIOENCODING"):
        return
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # closed or detached: nothing will be written to it
                reconfigure(encoding="utf-8", errors="replace")
