"""Who may write which event (issue 12): the owner never accepts or rejects his own item, `accept_by`
narrows it further, extensions need a verifier under `extension_approval: required`, 批示 is a
leader's or admin's, 催办 a verifier's. Judged from the settings, the directory and the item, so a
write, the pre-commit check and the audit all apply the same rules. No I/O."""

from __future__ import annotations

from typing import Any

from fivefold.events import TABLE, Status
from fivefold.model import Item, Settings
from fivefold.people import Directory, normalise, same_person

Refusal = tuple[str, dict[str, Any]]  # a message key and its parameters


def holds(directory: Directory | None, name: str, *roles: str) -> bool:
    person = directory.find(name) if directory is not None else None
    return person is not None and any(role in person.roles for role in roles)


def needs_approval(settings: Settings, directory: Directory | None, actor: str) -> bool:
    """Whether `extend` by this actor must be a request that a verifier approves."""
    return settings.extension_approval and not holds(directory, actor, "verifier")


def refusal(
    event: str, actor: str, item: Item, status: Status, settings: Settings, directory: Directory | None
) -> Refusal | None:
    """Why `actor` may not write `event` on this item, naming the rule and who may; None when they may."""
    spec = TABLE[event]
    units = [u for u in (status.lead_unit, item.lead_unit, *item.partner_units) if u]
    if any(normalise(actor) == normalise(u) for u in units) or (directory is not None and directory.is_unit(actor)):
        return "actor_is_unit", {"name": actor, "file": directory.source if directory is not None else f"{item.id}.yaml"}
    if spec.verifier and not settings.self_review and same_person(actor, status.owner, directory):
        return "refused_owner", {"actor": actor, "id": item.id, "event": event}
    if spec.role == "accept":
        return _accept_rule(event, actor, status, settings, directory)
    if spec.role == "approver" and (settings.extension_approval or event != "extend"):
        return _only(event, actor, directory, "only_verifier", "extension_approval: required", ("verifier",))
    if spec.role == "leader" and directory is not None:
        return _only(event, actor, directory, "only_leader", "instruct", ("leader", "admin"))
    if spec.role == "verifier" and directory is not None:
        return _only(event, actor, directory, "only_verifier", "urge", ("verifier",))
    return None


def _accept_rule(event: str, actor: str, status: Status, settings: Settings, directory: Directory | None) -> Refusal | None:
    rule = settings.accept_by
    if rule == "not_owner":
        return None
    if directory is None:
        return "rule_needs_people", {"rule": f"accept_by: {rule}"}
    if rule == "verifier":
        return _only(event, actor, directory, "only_verifier", "accept_by: verifier", ("verifier",))
    person = directory.find(actor)
    lead = status.lead_unit
    if person is not None and lead and normalise(person.unit) == normalise(lead):
        return "refused_same_unit", {"actor": person.name, "unit": lead, "event": event}
    return None


def _only(event: str, actor: str, directory: Directory | None, key: str, rule: str, roles: tuple[str, ...]) -> Refusal | None:
    if directory is None:
        return "rule_needs_people", {"rule": rule}
    if holds(directory, actor, *roles):
        return None
    names = [name for role in roles for name in directory.with_role(role)]
    return key, {"event": event, "names": "、".join(dict.fromkeys(names)) or "-", "rule": rule}
