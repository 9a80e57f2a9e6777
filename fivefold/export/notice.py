"""The 督办通知单 (fivefold.notice's data) as Markdown, HTML or a Word document (python-docx, loaded
only here). Every format says the same lines, in the same order (`lines`)."""

from __future__ import annotations

import html
from typing import Any

from fivefold.export.common import printable_page
from fivefold.i18n import t


def lines(n: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The notice as (kind, text) lines: title, ref, to, para, head, item, sign."""
    from fivefold.wording import reasons_words

    L = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
    none = L("notice.none")
    latest = n["latest_report"]
    steps = "；".join(L("notice.step", step=s["step"], title=s["title"], days=s["days"]) for s in n["overdue_steps"]) or none
    days = n["overdue_days"]
    due = L("notice.overdue", due=n["due"], days=days) if days else L("notice.due", due=n["due"] or none)
    progress_key = "notice.progress" if n["lag"] > 0 else "notice.progress_even"  # no "behind by -6 points"
    out = [("title", L("notice.title"))]
    out += [("ref", n["ref"])] if n["ref"] else []
    out += [
        ("to", L("notice.to", unit=n["to"] or none)),
        ("para", L("notice.opening", id=n["id"], title=n["title"])),
        ("head", L("notice.facts")),
        ("item", due),
        ("item", L(progress_key, progress=n["progress"], expected=n["expected"], lag=n["lag"])),
        ("item", L("notice.steps", steps=steps)),
        ("item", L("notice.latest", report=f"{latest['date']} {latest['text']}".strip() if latest else none)),
        ("item", L("notice.reasons", reasons=("；" if lang == "zh" else "; ").join(reasons_words(n["reasons"], lang)) or none)),
        ("head", L("notice.requirements")),
        ("para", L("notice.require_text", reply_by=n["reply_by"], issuer=n["issuer"] or L("notice.issuer_default"))),
        ("sign", n["issuer"] or ""),
        ("sign", n["date"]),
    ]
    return out


def markdown(n: dict[str, Any], lang: str) -> str:
    out = []
    for kind, text in lines(n, lang):
        out.append({"title": f"# {text}", "head": f"## {text}", "item": f"- {text}", "ref": f"**{text}**"}.get(kind, text))
    return "\n\n".join(out) + "\n"


def html_page(n: dict[str, Any], lang: str) -> str:
    tags = {"title": "h1", "head": "h2", "item": "li", "ref": "p class=ref", "sign": "p class=sign"}
    body = []
    for kind, text in lines(n, lang):
        tag = tags.get(kind, "p")
        body.append(f"<{tag}>{html.escape(text)}</{tag.split()[0]}>")
    style = (
        "body{font-family:'FangSong','STFangsong',serif;max-width:40em;margin:2em auto}"
        "h1{text-align:center}.ref,.sign{text-align:right}@page{size:A4;margin:25mm}"
    )
    return printable_page(t("notice.title", lang), style, body, lang)


def docx_bytes(n: dict[str, Any], lang: str) -> bytes:
    from fivefold.export.worddoc import new_document, paragraph, save  # python-docx: only this format needs it

    document = new_document(margins_mm=(37, 27), size_pt=16)  # GB/T 9704: 三号仿宋 on A4, its margins
    for kind, text in lines(n, lang):
        if kind == "title":
            paragraph(document, text, style="Title", center=True)
        elif kind == "head":
            paragraph(document, text, style="Heading 1")
        elif kind == "item":
            paragraph(document, text, style="List Bullet")
        else:
            paragraph(document, text, right=kind in ("ref", "sign"))
    return save(document)


def render(n: dict[str, Any], fmt: str, lang: str) -> bytes:
    if fmt == "docx":
        return docx_bytes(n, lang)
    return (markdown(n, lang) if fmt == "md" else html_page(n, lang)).encode("utf-8")
