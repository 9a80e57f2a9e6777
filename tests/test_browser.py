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


# --- the weekly report on screen, on a phone and on paper (issue 10 §5) -----------------------------

SHIPPED = Path(__file__).resolve().parent.parent / "plans"
MEASURE = Path(__file__).resolve().parent / "data" / "measure_report.js"
needs_browser = pytest.mark.skipif(
    BROWSER is None and not os.environ.get("FIVEFOLD_REQUIRE_BROWSER"),
    reason="no chromium on PATH (apt-get install chromium); .ci/run installs it and runs this test",
)


def _shipped_report(tmp_path: Path) -> Path:
    """The shipped example's weekly report with the 红黑榜, as of 2026-11-27, as HTML."""
    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED, plans, ignore=shutil.ignore_patterns(".fivefold"))
    page = tmp_path / "report.html"
    from tests.conftest import Runner

    Runner(plans)("--lang", "zh", "--as-of", "2026-11-27", "report", "--format", "html", "--period", "week", "--rank",
                  "--out", str(page))  # fmt: skip
    return page


def _measure(tmp_path: Path, page: Path, width: int) -> dict:
    """Rendered widths, measured in Chromium with JavaScript (tests/data/measure_report.js) at a viewport
    width: a page `width` pixels wide inside a frame, since a headless window is at least 500 wide."""
    import json
    import re

    measured = tmp_path / f"measured-{width}.html"
    script = MEASURE.read_text("utf-8")
    measured.write_text(page.read_text("utf-8").replace("</body>", f"<script>{script}</script></body>"), "utf-8")
    frame = tmp_path / f"frame-{width}.html"
    frame.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe src="{measured.name}" style="width:{width}px;height:800px;border:0"></iframe>'
        "<script>window.addEventListener('message', e => {"
        "document.body.innerHTML = '<pre id=\"result\">' + e.data + '</pre>'; });</script></body></html>",
        "utf-8",
    )
    result = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900", "--allow-file-access-from-files",
         "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout)
    assert found, f"no measurement: {result.stderr[-500:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@needs_browser
@pytest.mark.parametrize("width", [1280, 390])
def test_no_cell_is_squeezed_and_the_gantt_fits_at_desk_and_phone_width(tmp_path: Path, width: int):
    assert BROWSER is not None
    measured = _measure(tmp_path, _shipped_report(tmp_path), width)
    assert measured["view"] == width and measured["cells"] > 100
    assert measured["narrow"] == [], "cells of two or more characters narrower than 2 em (or their text)"
    assert measured["svg"] == [], "a Gantt wider than the page"
    assert measured["width"] <= width + 1, "the page itself scrolls sideways: only a table's own box may"


@needs_browser
def test_the_shipped_weekly_report_prints_on_a_few_a4_landscape_pages(tmp_path: Path):
    import re

    assert BROWSER is not None
    page = _shipped_report(tmp_path)
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    data = pdf.read_bytes()
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert box, "no page size in the PDF"
    width, height = (float(v) for v in box.groups())
    assert (round(width), round(height)) == (842, 595), "A4 landscape, in points"
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", data))
    assert 4 <= pages <= 14, pages  # the summary sections, then a page per focus area (six in the example)
