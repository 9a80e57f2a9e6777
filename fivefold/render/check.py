"""The report of `fivefold check`: broken files, failing checks by 化, warnings."""

from __future__ import annotations

from typing import Any

from fivefold.controlchars import visible
from fivefold.i18n import t
from fivefold.render.text import paint


def _where(p: Any) -> str:
    return p.path + (f":{p.line}:{p.column or 1}" if p.line is not None else "")


def _finding(key: str, params: dict[str, Any], lang: str, labels: dict[int, str]) -> str:
    if key == "check_draft":
        return f"{labels[params['n']]}: {t(params['key'], lang, **params['params'])}"
    return t(key, lang, **params)


def check_json(report: Any, lang: str, labels: dict[int, str]) -> dict[str, Any]:
    failing = {r.item_id for r in report.failing}
    return {
        "ok": report.ok,
        "broken": [
            {"path": p.path, "line": p.line, "column": p.column, "code": p.key, "message": t(p.key, lang, **p.params)}
            for p in report.problems
        ],
        "items": [
            {
                "id": r.item_id,
                "passed": r.passed,
                "failing": r.item_id in failing,
                "failures": [
                    {"check": n, "label": labels[n], "code": key, "message": t(key, lang, **params)}
                    for n, found in sorted(r.failures.items())
                    for key, params in found
                ],
                "warnings": [
                    {"code": key, "message": _finding(key, params, lang, labels)}
                    for key, params in report.warnings.get(r.item_id, [])
                ],
            }
            for r in report.results
        ],
    }


def render_check(report: Any, lang: str, labels: dict[int, str], colour: bool = False) -> str:
    """Paths, ids, check labels and messages may quote user text: each is shown through `visible`."""
    labels = {n: visible(label) for n, label in labels.items()}
    lines = []
    for p in report.problems:
        broken = paint(t("word.broken", lang), "red", colour)
        lines.append(f"{visible(_where(p))}: {broken}: {visible(t(p.key, lang, **p.params))}")
    for r in report.failing:
        for n, found in sorted(r.failures.items()):
            for key, params in found:
                fail = paint(t("word.fail", lang), "red", colour)
                lines.append(f"{visible(r.item_id)}: {fail} {n}·{labels[n]}: {visible(t(key, lang, **params))}")
    for item_id, warnings in report.warnings.items():
        for key, params in warnings:
            warn = paint(t("word.warn", lang), "yellow", colour)
            lines.append(f"{visible(item_id)}: {warn}: {visible(_finding(key, params, lang, labels))}")
    failed = len(report.failing)
    if not report.problems and not failed and not report.warnings:
        lines.append(t("check_ok", lang, count=len(report.results)))
    else:
        warnings = sum(len(w) for w in report.warnings.values())
        lines.append(
            t("check_summary", lang, count=len(report.results), failed=failed, warnings=warnings, broken=len(report.problems))
        )
    return "\n".join(lines)
