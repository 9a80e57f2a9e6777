"""`fivefold remind`: the 督办提醒 digests (fivefold.digest) for the workspace as of today, due-soon counted
in working days (fivefold.workdays), for one lead unit or one owner when asked; with --send, each unit's
digest delivered to its `notify:` target (fivefold.notify), nothing twice on the same day."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fivefold.actions.reading import snapshot_assessed
from fivefold.context import Context
from fivefold.digest import digests
from fivefold.errors import DeliveryFailed, FivefoldError, NotFound, UsageError
from fivefold.units import alias_map, canonical, closest

DEFAULT_DAYS = 5  # working days ahead that count as due soon
MAX_DAYS = 250  # about a year of working days: further ahead is planning, not a reminder


def remind(ctx: Context, *, unit: str | None = None, owner: str | None = None, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    if not 0 <= days <= MAX_DAYS:
        raise UsageError("remind_bad_days", days=days, most=MAX_DAYS)
    snap, assessed = snapshot_assessed(ctx)
    names = alias_map(snap.settings.units)
    present = [item for item in snap.items if assessed[item.id].exists]
    if unit is not None:
        unit = canonical(unit, names)
        known = {canonical(assessed[i.id].status.lead_unit, names) for i in present} | set(snap.settings.units)
        if unit not in known:
            hint = closest(unit or "", {u: () for u in known if u}) or "-"
            raise NotFound("remind_unknown_unit", unit=unit, hint=hint)
    if owner is not None:
        owner = _person(ctx, owner)
        owners = {assessed[i.id].status.owner for i in present} | {s.owner for i in present for s in i.steps}
        if owner not in owners:
            raise NotFound("remind_unknown_owner", owner=owner)
    calendar = ctx.calendar()
    until = calendar.add_workdays(ctx.today, days) if days else ctx.today
    units = snap.settings.units
    return digests(present, assessed, ctx.today, until, calendar.workdays_between, units=units, unit=unit, owner=owner, days=days)


def _person(ctx: Context, name: str) -> str:
    """A person as the items name them: with a directory, an alias resolves to the person's name."""
    from fivefold.people import normalise

    name = normalise(name)
    directory = ctx.directory()
    person = directory.find(name) if directory is not None else None
    return person.name if person is not None else name


# --- delivery (--send) ---------------------------------------------------------------------------

_ROBOT_BYTES = {"wecom": 4096}  # 企业微信 refuses a markdown message over 4,096 UTF-8 bytes


@dataclass(slots=True)
class Delivery:
    """One digest to one target: its messages (a robot's parts, or one e-mail) and what became of them."""

    unit: str | None
    kind: str  # wecom | dingtalk | generic | email
    shown: str  # the webhook with its key masked, or the addresses
    title: str
    messages: list[str]
    address: str  # the webhook's URL, or the e-mail addresses joined by commas
    secret: str | None = None  # 钉钉's signing secret
    status: str = "pending"  # sent | skipped (sent earlier today) | failed | dry-run
    already: int = 0  # messages the sent-log says went out earlier the same day
    error: DeliveryFailed | None = None


def deliveries(ctx: Context, data: dict[str, Any], lang: str) -> tuple[list[Delivery], list[str | None]]:
    """What --send would deliver: each unit digest to its unit's target (or `default`), the units with
    neither; a workspace without `notify:` is an error."""
    from fivefold.export.remind import messages, render, title
    from fivefold.loading import read_settings
    from fivefold.notify.targets import parse, shown_url, webhook_of

    notify, _ = parse(read_settings(ctx.ws).raw)  # read_settings has refused a bad one already
    if not notify.targets:
        raise FivefoldError("notify_none")
    out: list[Delivery] = []
    unrouted: list[str | None] = []
    for digest in data["units"]:
        target = notify.target_of(digest["name"])
        if target is None:
            unrouted.append(digest["name"])
            continue
        head = title(digest, data["date"], lang)
        if target.webhook:
            try:
                url, kind, secret = webhook_of(target, os.environ)
            except DeliveryFailed as exc:  # a ${NAME} not set: this target fails, the others are still tried
                failed = Delivery(digest["name"], target.kind or "generic", target.webhook, head, [], target.webhook)
                failed.status, failed.error = "failed", exc
                out.append(failed)
            else:
                parts = messages(digest, data["date"], data["days"], lang, "md", max_bytes=_ROBOT_BYTES.get(kind))
                out.append(Delivery(digest["name"], kind, shown_url(url), head, parts, url, secret))
        if target.email:
            text = render(digest, data["date"], data["days"], lang, "text")
            out.append(Delivery(digest["name"], "email", ", ".join(target.email), head, [text], ",".join(target.email)))
    return out, unrouted


def send(
    ctx: Context, planned: list[Delivery], *, force: bool = False, dry_run: bool = False, done: Callable[[Delivery], None]
) -> list[Delivery]:
    """Deliver each planned digest (`done` is told of each as it ends); a failed target does not stop the
    others. Messages the sent-log has for today are skipped unless `force`; nothing is sent on a dry run."""
    from fivefold.loading import read_settings
    from fivefold.notify import mail, webhook
    from fivefold.notify.sentlog import SentLog
    from fivefold.notify.targets import parse

    notify, _ = parse(read_settings(ctx.ws).raw)
    log = SentLog(ctx.ws.state, ctx.today, lambda: ctx.ws.lock(command="remind --send"))
    for d in planned:
        target = f"{d.kind}:{d.address}"  # its identity in the sent-log
        d.already = sum(1 for m in d.messages if log.has(target, m))
        if d.status == "failed":
            pass  # it could not even be addressed (deliveries)
        elif dry_run:
            d.status = "dry-run"
        elif d.already == len(d.messages) and not force:
            d.status = "skipped"
        else:
            try:
                for n, message in enumerate(d.messages, start=1):
                    if log.has(target, message) and not force:
                        continue  # an earlier run got this part out before it failed
                    if d.kind == "email":
                        assert notify.smtp is not None  # notify.targets refuses e-mail without smtp:
                        password = _password(notify.smtp.password_env, notify.smtp.user)
                        mail.send(notify.smtp, password, tuple(d.address.split(",")), d.title, message, timeout=notify.timeout)
                    else:
                        extra = {"unit": d.unit, "date": ctx.today.isoformat(), "part": n, "parts": len(d.messages)}
                        payload = webhook.body(d.kind, d.title, message, extra)
                        webhook.post(d.address, payload, kind=d.kind, timeout=notify.timeout, secret=d.secret)
                    log.add(target, message)
                d.status = "sent"
            except DeliveryFailed as exc:
                d.status, d.error = "failed", exc
        done(d)
    return planned


def _password(env: str | None, user: str | None) -> str | None:
    """The SMTP password from the environment variable the settings name (never from the file)."""
    if not user or env is None:
        return None
    value = os.environ.get(env)
    if not value:
        raise DeliveryFailed("mail_no_password", env=env)
    return value
