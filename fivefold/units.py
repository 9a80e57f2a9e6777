"""Units written several ways (区工信局, 工信局, 双阳区工业和信息化局): `units:` in fivefold.yaml maps each
canonical name to its aliases; here the lookup, the closest suggestion for an unknown name, and list rows
with their units under the canonical name. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fivefold.records import Row


def alias_map(units: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Every name a unit is written (its canonical name too) -> the canonical name."""
    found = {}
    for name, aliases in units.items():
        found[name] = name
        for alias in aliases:
            found.setdefault(alias, name)
    return found


def canonical(name: str | None, names: Mapping[str, str]) -> str | None:
    """The canonical name of a unit; a name the list does not know stays as written."""
    if name is None:
        return None
    return names.get(name.strip(), name)


def closest(name: str, units: Mapping[str, Iterable[str]]) -> str | None:
    """The canonical unit whose name or alias is nearest to `name` (for a warning), or None."""
    import difflib

    names = alias_map(units)
    match = difflib.get_close_matches(name, list(names), n=1, cutoff=0.4)
    if not match:  # short names against long ones score low: a name held in another is close enough
        match = [n for n in names if name in n or n in name][:1]
    return names[match[0]] if match else None


def canonical_rows(rows: list[Row], units: Mapping[str, Iterable[str]]) -> list[Row]:
    """List rows with lead and partner units under their canonical names (partners once each)."""
    if not units:
        return rows
    names = alias_map(units)
    out = []
    for r in rows:
        partners = list(dict.fromkeys(canonical(p, names) or p for p in r.partner_units))
        out.append(r._replace(lead_unit=canonical(r.lead_unit, names), partner_units=partners))
    return out
