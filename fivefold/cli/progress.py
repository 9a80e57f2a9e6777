"""A progress bar on stderr for long loads (a cold cache over thousands of files), terminal only."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO


def terminal_progress(label: str, stream: IO[str]) -> Callable[[int], Callable[[int], None]]:
    """A `Progress` for fivefold.loading, drawn on `stream` (a terminal): total -> advance(n)."""

    def start(total: int) -> Callable[[int], None]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
        )
        task = bar.add_task(label, total=total)
        bar.start()
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            bar.advance(task, n)
            if done >= total:
                bar.stop()

        return advance

    return start
