"""What `new`, `update` and `import` may set on an item, as given (text, not yet parsed), and the
rule that each of those fields is one line of text."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from fivefold.controlchars import control_error, first_control


@dataclass(slots=True)
class ItemFields:
    """What `new` and `update` may set; None means not given."""

    title: str | None = None
    area: str | None = None
    parent: str | None = None
    weight: str | None = None  # the item's weight in its parent's progress
    goal: str | None = None
    lead_unit: str | None = None
    partners: list[str] = field(default_factory=list)
    leader: str | None = None
    owner: str | None = None
    start: str | None = None
    due: str | None = None
    steps: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    baselines: list[str] = field(default_factory=list)  # "NAME=VALUE" for a falling target
    acceptance: str | None = None
    deliverables: list[str] = field(default_factory=list)
    cadence: str | None = None
    ref: str | None = None  # the 序号 in the office's table (import)
    extra: dict[str, str] = field(default_factory=dict)  # the table's other columns, by header (import)
    ongoing: bool = False  # 长期坚持, 常态化 (import)


# The label (f.<name> in i18n) an ItemFields field is called by in a message, where the names differ.
_FIELD_LABELS = {"partners": "partner_units", "steps": "step", "baselines": "baseline"}


def control_chars(f: ItemFields) -> list[tuple[str, str]]:
    """(field, U+XXXX) for each field holding a control character: every field of new, update and
    import is one line of text (a multi-line text belongs in a note)."""
    found = []
    for spec in fields(f):
        value = getattr(f, spec.name)
        texts = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for text in texts:
            if isinstance(text, str) and (char := first_control(text)):
                found.append((spec.name, char))
                break
    return found


def refuse_control_chars(f: ItemFields) -> None:
    """A usage error naming the first field that holds a control character (ESC, a line break, U+202E …)."""
    for name, char in control_chars(f):
        raise control_error(_FIELD_LABELS.get(name, name), char)
