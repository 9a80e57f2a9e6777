"""Who acts, on which workspace, and what day it is: passed to every use case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fivefold import clock
from fivefold.controlchars import refuse_controls
from fivefold.dates import parse_date
from fivefold.errors import Refused, UsageError
from fivefold.loading import Progress
from fivefold.people import Directory
from fivefold.workspace import Workspace

if TYPE_CHECKING:
    from fivefold.workdays import Calendar

_TEXTS = frozenset({"note", "reason", "evidence"})  # the free texts of a log entry


@dataclass
class Context:
    """Who acts, on which workspace, and what day it is (and how to show a long load's progress).
    The actor is found when first asked for, so read commands never look it up (nor run git)."""

    ws: Workspace
    today: dt.date
    now: dt.datetime | None = None  # fixed by tests; else each entry is stamped when it is made, under the lock
    by: str | None = None  # --by; else FIVEFOLD_USER, the user config, git, the login name
    progress: Progress | None = None
    _actor: str | None = field(default=None, repr=False)
    _people: tuple[Directory | None] | None = field(default=None, repr=False)  # read once, when first needed
    workspaces: list[Workspace] = field(default_factory=list)  # several shown together (spaces.py)
    _calendar: Calendar | None = field(default=None, repr=False)

    @property
    def spaces(self) -> list[Workspace]:
        """The workspaces a read over everything covers: several, or just `ws`."""
        return self.workspaces or [self.ws]

    @property
    def actor(self) -> str:
        if self._actor is None:
            from fivefold.people import normalise
            from fivefold.userconf import actor

            self._actor = normalise(actor(self.by))  # "刘某 " is 刘某 (issue 12)
            if not self._actor:
                raise UsageError("empty_actor")
        return self._actor

    def directory(self) -> Directory | None:
        """The workspace's people (fivefold.yaml or people.yaml), or None when it keeps none."""
        if self._people is None:
            from fivefold.loading import read_directory

            self._people = (read_directory(self.ws),)
        return self._people[0]

    def acting(self) -> str:
        """The actor as the log records them: with a directory, the person's own name (an alias
        resolves to it); an actor not in it, or a unit's name, is refused."""
        directory = self.directory()
        if directory is None:
            return self.actor
        if directory.is_unit(self.actor):
            raise Refused("actor_is_unit", name=self.actor, file=directory.source)
        person = directory.find(self.actor)
        if person is None:
            raise Refused("unknown_actor", name=self.actor, file=directory.source)
        return person.name

    def date(self, text: str | None) -> dt.date | None:
        return parse_date(text, self.today, calendar=self.calendar) if text else None

    def calendar_gaps(self) -> list[int]:
        """The years a working-day count fell back to Monday–Friday for want of official data."""
        return sorted(self._calendar.uncovered) if self._calendar is not None else []

    def calendar(self) -> Calendar:
        """The working days (China's official calendar and fivefold.yaml's overrides), read when first
        a date counts working days: other commands never load it."""
        if self._calendar is None:
            from fivefold.loading import read_settings
            from fivefold.workdays import from_settings

            self._calendar = from_settings(read_settings(self.ws).raw)
        return self._calendar

    def entry(self, event: str, on: dt.date | None = None, **fields: Any) -> dict[str, Any]:
        at = self.now or clock.now()  # not when the command started: it may have waited for the lock since
        data: dict[str, Any] = {"at": at.isoformat(), "date": on or self.today, "by": self.acting(), "event": event}
        data.update({k: v for k, v in fields.items() if v is not None and v != [] and v != ""})
        for key, value in data.items():  # a note, reason or evidence may run over several lines; nothing else
            if isinstance(value, str):
                refuse_controls("actor" if key == "by" else key, value, multiline=key in _TEXTS)
        return data
