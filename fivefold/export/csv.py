"""The 台账 as CSV for Excel: one row per item, UTF-8 with BOM, formula-like cells neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from fivefold.export.common import note_text, reasons_cell, spreadsheet_cell, steps_text, targets_text
from fivefold.i18n import t

COLUMNS = (
    "rep.seq",
    "f.id",
    "f.title",
    "f.area",
    "f.parent",
    "f.lead_unit",
    "f.partner_units",
    "f.leader",
    "f.owner",
    "f.start",
    "f.due",
    "f.due_planned",
    "f.state",
    "f.progress",
    "f.expected",
    "f.light",
    "rep.reasons",
    "f.overdue_days",
    "f.bucket",
    "f.goal",
    "f.targets",
    "doc.roadmap",
    "f.acceptance",
    "rep.latest",
)


def render(report: dict[str, Any], lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t(c, lang) for c in COLUMNS])
    n = 0
    for area in report["areas"]:
        for r in area["items"]:
            n += 1
            writer.writerow(
                spreadsheet_cell(v)
                for v in (
                    r.get("ref") or n,  # the 序号 of the office's own table, when it came from one
                    r["id"],
                    r["title"],
                    r["area_label"],
                    r["parent"],
                    r["lead_unit"],
                    "、".join(r["partner_units"]),
                    r["leader"],
                    r["owner"],
                    r["start"],
                    r["due"],
                    r["due_planned"],
                    t("state." + r["state"], lang),
                    round(r["progress"]),
                    round(r["expected"]),
                    t("light." + r["light"], lang),
                    reasons_cell(r, lang),
                    r["overdue_days"],
                    t("bucket." + r["bucket"], lang),
                    r["goal"],
                    targets_text(r),
                    steps_text(r, lang),
                    r["acceptance"],
                    note_text(r),
                )
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
