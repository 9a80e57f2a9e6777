"""The report as iCalendar: a VTODO per item and per step with its due date and status, and, since most
calendar apps ignore VTODO, an all-day VEVENT on each open deadline with a VALARM days before. User text
goes through `visible`: RFC 5545 allows no control character in a text value (icalendar escapes the
line breaks it writes itself, not ESC or U+202E)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fivefold.controlchars import visible
from fivefold.i18n import t

_STATUS = {
    "draft": "NEEDS-ACTION",
    "ready": "NEEDS-ACTION",
    "active": "IN-PROCESS",
    "blocked": "IN-PROCESS",
    "review": "IN-PROCESS",
    "closed": "COMPLETED",
    "cancelled": "CANCELLED",
}


def _event(uid: str, summary: str, due: str, stamp: dt.datetime, remind_days: int, description: str | None = None) -> Any:
    """An all-day event on a deadline, with an alarm `remind_days` before it (at 09:00 the day it rings)."""
    from icalendar import Alarm, Event

    day = dt.date.fromisoformat(due)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    if day < dt.date.max:  # all day: DTEND is the next day, exclusive; on the calendar's last day DTSTART alone says it
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(days=-remind_days, hours=9))
    event.add_component(alarm)
    return event


def render(report: dict[str, Any], lang: str, mode: str = "both", remind_days: int = 3) -> bytes:
    """`mode`: todo, event or both."""
    from icalendar import Calendar, Todo

    todos, events = mode in ("todo", "both"), mode in ("event", "both")

    stamp = dt.datetime.combine(dt.date.fromisoformat(report["as_of"]), dt.time(), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//fivefold//五化闭环工作法//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t("rep.title", lang))
    for area in report["areas"]:
        for r in area["items"]:
            item_uid = f"{r['id']}@fivefold"
            todo = Todo()
            todo.add("uid", item_uid)
            todo.add("dtstamp", stamp)
            todo.add("summary", visible(f"[{r['id']}] {r['title']}"))
            if r["start"]:
                todo.add("dtstart", dt.date.fromisoformat(r["start"]))
            if r["due"]:
                todo.add("due", dt.date.fromisoformat(r["due"]))
            todo.add("status", _STATUS[r["state"]])
            todo.add("percent-complete", round(r["progress"]))
            todo.add("categories", [visible(area["label"])])
            lines = [
                f"{t('f.goal', lang)}: {r['goal'] or ''}",
                f"{t('f.lead_unit', lang)}: {r['lead_unit'] or ''}",
                f"{t('f.owner', lang)}: {r['owner'] or ''}",
                f"{t('f.light', lang)}: {t('light.' + r['light'], lang)}",
            ]
            todo.add("description", "\n".join(map(visible, lines)))
            if r["parent"]:
                todo.add("related-to", f"{r['parent']}@fivefold")
            if todos:
                cal.add_component(todo)
            open_item = r["state"] not in ("closed", "cancelled")
            if events and open_item and r["due"]:
                summary = visible(f"{t('f.due', lang)} [{r['id']}] {r['title']}")
                described = "\n".join(map(visible, lines))
                cal.add_component(_event(f"{r['id']}-due@fivefold", summary, r["due"], stamp, remind_days, described))
            for s in r["steps_detail"]:
                step = Todo()
                step.add("uid", f"{r['id']}-{s['id']}@fivefold")
                step.add("dtstamp", stamp)
                step.add("summary", visible(f"[{r['id']} {s['id']}] {s['title']}"))
                if s["due"]:
                    step.add("due", dt.date.fromisoformat(s["due"]))
                done = s["done"] is not None
                step.add("status", "COMPLETED" if done else ("CANCELLED" if r["state"] == "cancelled" else "NEEDS-ACTION"))
                if done:
                    step.add(
                        "completed", dt.datetime.combine(dt.date.fromisoformat(s["done"]), dt.time(), tzinfo=dt.timezone.utc)
                    )
                step.add("percent-complete", round(s["progress"]))
                step.add("related-to", item_uid)
                if todos:
                    cal.add_component(step)
                if events and open_item and not done and s["due"]:
                    summary = visible(f"{t('f.due', lang)} [{r['id']} {s['id']}] {s['title']}")
                    cal.add_component(_event(f"{r['id']}-{s['id']}-due@fivefold", summary, s["due"], stamp, remind_days))
    return cal.to_ical()
