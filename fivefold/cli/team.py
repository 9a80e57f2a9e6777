"""Commands for team use through git: sync, git-setup, and the merge driver git calls."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import typer

from fivefold.cli.env import Env, env_of


def _report(env: Env, done: Any) -> None:
    if done.aborted:
        env.print(env.t("sync.aborted"))
        for old, new in done.restored:
            env.print(env.t("sync.renumber_undone", old=old, new=new))
        if done.kept_detail:  # the rebase is given up, but the branch is not back where the sync found it
            kept = ", ".join(f"{old} → {new}" for old, new in done.kept)
            key = "sync.abort_kept_renumbering" if kept else "sync.abort_not_restored"
            env.warn(f"fivefold: {env.t(key, kept=kept, detail=done.kept_detail)}")
        return
    _progress(env, done)
    if done.remote is None:
        env.print(env.t("sync.no_remote"))
        return
    if done.pulled:
        env.print(env.t("sync.pulled", count=done.pulled, upstream=done.upstream))
    else:
        env.print(env.t("sync.up_to_date", upstream=done.upstream))
    env.print(env.t("sync.pushed", count=done.pushed, upstream=done.upstream) if done.pushed else env.t("sync.no_push"))


def _progress(env: Env, done: Any) -> None:
    """What a sync did before pulling: also told when a conflict stops it later."""
    env.print(env.t("sync.committed", subject=done.committed) if done.committed else env.t("sync.nothing"))
    for old, new in done.renumbered:
        env.print(env.t("sync.renumbered", old=old, new=new))
    for path in done.merged_logs:
        env.print(env.t("sync.merged_log", path=path))
    for path in done.merged_keys:
        env.print(env.t("sync.merged_keys", path=path))


def _blocking(env: Env, report: Any) -> None:
    """Why what sync was about to push fails the checks, as `fivefold check` says it (warnings left out)."""
    from fivefold.actions import CheckReport
    from fivefold.cli.output import check_labels
    from fivefold.render.check import render_check

    blocking = CheckReport(report.problems, report.results, report.failing, {})
    env.warn(render_check(blocking, env.lang, check_labels(env)))


def register(app: typer.Typer) -> None:
    @app.command()
    def sync(
        ctx: typer.Context,
        resume: bool = typer.Option(False, "--continue", help="Finish a sync stopped by a conflict, once the files are fixed."),
        abort: bool = typer.Option(False, "--abort", help="Give up a stopped sync: back to your local commits."),
    ) -> None:
        """Share the workspace through git: commit fivefold changes, pull (rebase), push.

        Two people's log entries on one item are both kept; a new item whose id was taken upstream
        meanwhile is renumbered. Exit 0 with no remote (committed locally, said so); exit 1 on a
        conflict, with the files named and the repository left for `sync --continue` or `--abort`."""
        from fivefold import gitsync
        from fivefold.cli.output import error_message
        from fivefold.errors import FivefoldError

        env = env_of(ctx)
        spaces = env.workspaces
        actor = env.context(every=True).actor
        failed = False
        for found in gitsync.repositories(spaces, prompt=env.stdin_isatty):
            try:
                if isinstance(found, FivefoldError):
                    raise found
                repo, members = found
                if len(spaces) > 1:
                    env.print(env.t("sync.repo", path=str(repo.root)))
                folders = [repo.rel(ws.root) for ws in members]
                with _locked(members):
                    if abort:
                        done = gitsync.abort(repo)
                    elif resume:
                        done = gitsync.resume(repo, folders, actor)
                    else:
                        done = gitsync.sync(repo, folders, actor)
            except FivefoldError as exc:
                if (partial := exc.params.pop("done", None)) is not None:
                    _progress(env, partial)
                if (report := exc.params.pop("report", None)) is not None:
                    _blocking(env, report)
                if len(spaces) == 1:
                    raise
                env.warn(f"fivefold: {error_message(env, exc)}")  # one repository's trouble; the others go on
                # a workspace kept outside git is only noted; so, with --continue/--abort over several,
                # is a repository that was not stopped (only the stopped one has something to finish)
                failed = failed or exc.key not in ("git.not_repo", "git.not_syncing")
                continue
            _report(env, done)
        if failed:
            raise typer.Exit(1)

    @app.command("git-setup")
    def git_setup(
        ctx: typer.Context,
        hook: bool = typer.Option(True, "--hook/--no-hook", help="Install the pre-commit check (default) or not."),
    ) -> None:
        """Make the workspace's repository merge-friendly: .gitattributes with the log-union merge
        driver, the driver in git's config, and a pre-commit hook running `fivefold check --staged`."""
        from fivefold.gitsetup import git_setup as action

        env = env_of(ctx)
        done = action(env.workspace.root, hook=hook)
        shown = str(done.attributes)
        env.print(env.t("setup.attributes", path=shown) if done.attributes_written else env.t("setup.attributes_ok", path=shown))
        ignore = str(done.ignore)
        added = ", ".join(done.ignore_added)
        env.print(env.t("setup.ignore", path=ignore, lines=added) if added else env.t("setup.ignore_ok", path=ignore))
        env.print(env.t("setup.driver"))
        if done.hook is None:
            env.print(env.t("setup.no_hook"))
        else:
            env.print(env.t("setup.hook" if done.hook_written else "setup.hook_ok", path=str(done.hook)))
        env.print(env.t("setup.commit"))

    @app.command("merge-driver", hidden=True)
    def merge_driver(
        base: str = typer.Argument(...),
        ours: str = typer.Argument(...),
        theirs: str = typer.Argument(...),
        path: str = typer.Argument(""),
    ) -> None:
        """git's merge driver for item files (%O %A %B %P): the log-union merge, else a 3-way text merge."""
        from fivefold.logmerge import driver

        raise typer.Exit(driver(base, ours, theirs, path))


@contextlib.contextmanager
def _locked(spaces: list[Any]) -> Iterator[None]:
    """Every workspace's lock, so that no fivefold write lands in the middle of a sync."""
    with contextlib.ExitStack() as stack:
        for ws in spaces:
            stack.enter_context(ws.lock())
        yield
