"""The git plumbing fivefold needs, through the `git` command: finding the repository, running a
command (its failure becomes a GitError naming git's own words), reading the index and trees."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fivefold.errors import GitError

# Paths with Chinese names come back as they are, not as octal escapes.
_BASE = ("git", "-c", "core.quotepath=off")


# How `fivefold check` marks what blocks a commit (render/check.py), in English and Chinese.
_HOOK_FAILS = (": error:", ": FAIL ", ": 错误:", ": 未通过 ")


def detail(stderr: str, stdout: str = "") -> str:
    """git's own explanation, on one line: its fatal/error lines first, else the last lines it wrote."""
    lines = [line.strip() for line in (stderr or stdout).splitlines() if line.strip()]
    if not lines:
        lines = [line.strip() for line in stdout.splitlines() if line.strip()]
    loud = [
        line
        for line in lines
        if line.startswith(("fatal:", "error:", "CONFLICT", "! [")) or any(mark in line for mark in _HOOK_FAILS)
    ]
    chosen = loud or lines[-3:]
    return "; ".join(chosen[:3]) or "?"


@dataclass
class Repo:
    """A working tree: commands run at its top level."""

    root: Path
    prompt: bool = True  # False: git may not ask for a password (scripts, tests)

    @classmethod
    def find(cls, path: Path, *, prompt: bool = True) -> Repo:
        """The repository holding `path`; a GitError when there is none (or no git at all)."""
        probe = cls(path, prompt)
        result = probe.run("rev-parse", "--show-toplevel", check=False)
        if result.returncode != 0:
            raise GitError("git.not_repo", path=str(path))
        return cls(Path(result.stdout.strip()).resolve(), prompt)

    def run(
        self, *args: str, check: bool = True, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = dict(os.environ)
        if not self.prompt:
            full_env["GIT_TERMINAL_PROMPT"] = "0"
        full_env.update(env or {})
        try:
            result = subprocess.run(
                [*_BASE, *args],
                cwd=self.root,
                capture_output=True,
                encoding="utf-8",
                errors="surrogateescape",
                input=input,
                env=full_env,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitError("git.missing", reason=str(exc)) from None
        if check and result.returncode != 0:
            raise GitError("git.failed", command=args[0], detail=detail(result.stderr, result.stdout))
        return result

    def out(self, *args: str, env: dict[str, str] | None = None) -> str:
        return self.run(*args, env=env).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def lines(self, *args: str) -> list[str]:
        """A -z listing, split."""
        return [part for part in self.run(*args).stdout.split("\0") if part]

    def rel(self, path: Path) -> str:
        """A path as git names it: relative to the top level, with forward slashes ('.' for the top)."""
        return Path(os.path.relpath(path.resolve(), self.root)).as_posix()

    def git_path(self, name: str) -> Path:
        """A file inside .git (hooks/pre-commit, rebase-merge …), honouring worktrees and core.hooksPath."""
        return (self.root / self.out("rev-parse", "--git-path", name)).resolve()

    # --- state -----------------------------------------------------------------------------------

    def rebasing(self) -> bool:
        return self.git_path("rebase-merge").is_dir() or self.git_path("rebase-apply").is_dir()

    def busy(self) -> str | None:
        """What git is in the middle of, if anything: rebase, merge, cherry-pick."""
        if self.rebasing():
            return "rebase"
        for name, what in (("MERGE_HEAD", "merge"), ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert")):
            if self.git_path(name).exists():
                return what
        return None

    def branch(self) -> str | None:
        """The current branch, also while a rebase has detached HEAD; None when detached."""
        result = self.run("symbolic-ref", "--short", "-q", "HEAD", check=False)
        if result.returncode == 0:
            return result.stdout.strip()
        head_name = self.git_path("rebase-merge/head-name")
        if head_name.is_file():
            return head_name.read_text("utf-8").strip().removeprefix("refs/heads/")
        return None

    def has_commits(self) -> bool:
        return self.ok("rev-parse", "--verify", "-q", "HEAD")

    def config(self, key: str) -> str | None:
        result = self.run("config", "--get", key, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def unmerged(self) -> list[str]:
        return sorted(set(self.lines("diff", "--name-only", "--diff-filter=U", "-z")))

    # --- content ---------------------------------------------------------------------------------

    def blob(self, spec: str) -> str | None:
        """The text of `<rev>:<path>` or `:<stage>:<path>`; None when there is no such file."""
        result = self.run("cat-file", "-p", spec, check=False)
        return result.stdout if result.returncode == 0 else None

    def object_id(self, spec: str) -> str | None:
        result = self.run("rev-parse", "-q", "--verify", spec, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def files(self, rev: str, paths: list[str]) -> list[str]:
        """The files of a commit under some folders."""
        return self.lines("ls-tree", "-r", "-z", "--name-only", rev, "--", *paths)

    def count(self, revisions: str) -> int:
        return int(self.out("rev-list", "--count", revisions))


def merge_file(
    ours: str, base: str, theirs: str, labels: tuple[str, str, str] = ("ours", "base", "theirs"), *, diff3: bool = False
) -> tuple[str, int]:
    """git's own three-way text merge: (result, number of conflicts; negative on error). diff3: the
    conflicts show base's lines too."""
    with tempfile.TemporaryDirectory(prefix="fivefold-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            paths.append(str(path))
        style = ["--diff3"] if diff3 else []
        args = ["git", "merge-file", "-p", *style, "-L", labels[0], "-L", labels[1], "-L", labels[2], *paths]
        result = subprocess.run(args, capture_output=True)
    text = result.stdout.decode("utf-8", "surrogateescape")
    code = result.returncode
    return text, (code if code < 128 else -1)
