"""The HTML report in a real browser: headless Chromium renders it to a PNG that is not blank.

Run by .ci/run (which installs Debian's chromium when it is missing, and sets
FIVEFOLD_REQUIRE_BROWSER=1 so a missing browser fails there instead of skipping)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real browser

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _distinct_bytes(png: bytes) -> int:
    """How many distinct byte values the decompressed image data holds (1–2 for a blank page)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat)))


@pytest.mark.skipif(
    BROWSER is None and not os.environ.get("FIVEFOLD_REQUIRE_BROWSER"),
    reason="no chromium on PATH (apt-get install chromium); .ci/run installs it and runs this test",
)
def test_html_report_renders_in_chromium(tmp_path: Path, ff, complete_item):
    assert BROWSER is not None, "FIVEFOLD_REQUIRE_BROWSER is set but no chromium is on PATH"
    complete_item()
    complete_item("第二个事项 <b>not bold</b>")
    page = tmp_path / "report.html"
    ff("--lang", "zh", "report", "--format", "html", "--out", str(page))
    shot = tmp_path / "report.png"
    subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert shot.exists(), "chromium wrote no screenshot"
    assert _distinct_bytes(shot.read_bytes()) > 8, "the rendered page is blank"
