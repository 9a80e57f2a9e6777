"""The console entry point: answers `--version` before importing anything, else runs the typer app."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from fivefold import __version__

        sys.stdout.write(f"fivefold {__version__}\n")
        return
    from fivefold.cli.main import main as run

    run()
