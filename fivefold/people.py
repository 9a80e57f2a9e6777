"""The directory of people (DESIGN §12.4): who is who, in which unit, with which roles, and how two
names compare (Unicode NFKC, trimmed, blanks collapsed: "刘某 " is 刘某). No I/O."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

ROLES = ("owner", "leader", "verifier", "admin")
PEOPLE_FILE = "people.yaml"  # beside fivefold.yaml, for long lists


def normalise(name: str) -> str:
    """A name as it is compared and recorded: NFKC (full-width letters and spaces folded), trimmed,
    runs of blanks made one space."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).split())


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    unit: str
    roles: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    email: str | None = None


@dataclass(slots=True)
class Directory:
    """The people of a workspace, by their normalised name, and the file they were read from."""

    people: dict[str, Person]
    source: str = "fivefold.yaml"
    names: dict[str, str] = field(default_factory=dict)  # a normalised name or alias -> the person's name
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # people.yaml as read (its meta cache keeps this)

    def __post_init__(self) -> None:
        for person in self.people.values():
            self.names.setdefault(normalise(person.name), person.name)
            for alias in person.aliases:
                self.names.setdefault(normalise(alias), person.name)

    def find(self, name: str | None) -> Person | None:
        """The person a name or alias stands for, compared after normalising."""
        if not name:
            return None
        key = self.names.get(normalise(name))
        return self.people.get(key) if key is not None else None

    @property
    def units(self) -> set[str]:
        return {normalise(p.unit) for p in self.people.values() if p.unit}

    def is_unit(self, name: str | None) -> bool:
        return bool(name) and normalise(name or "") in self.units

    def with_role(self, role: str) -> list[str]:
        """The names of everyone holding a role, in the directory's order."""
        return [p.name for p in self.people.values() if role in p.roles]

    def by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        for person in self.people.values():
            if person.email and person.email.strip().lower() == wanted:
                return person
        return None


def same_person(a: str | None, b: str | None, directory: Directory | None = None) -> bool:
    """Whether two names stand for one person: equal once normalised, or (with a directory) a name
    and one of its aliases."""
    if not a or not b:
        return False
    if normalise(a) == normalise(b):
        return True
    if directory is None:
        return False
    pa, pb = directory.find(a), directory.find(b)
    return pa is not None and pa is pb
