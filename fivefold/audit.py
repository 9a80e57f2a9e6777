"""The audit that does not trust the YAML (issue 12): each log entry that closes, rejects, cancels,
reopens or moves a deadline, with the git commit that added it and its author, flagged when its
`by` was not allowed to write it (by the settings and people of that commit) or the author's email
is not theirs. The pre-commit check applies the same judgement to the entries being committed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from fivefold.errors import Invalid
from fivefold.gitrepo import Repo
from fivefold.model import Entry, Item, Settings
from fivefold.people import PEOPLE_FILE, Directory
from fivefold.roles import Refusal, refusal
from fivefold.workflow import log_key, ordered, replay
from fivefold.workspace import ITEM_FILE, SETTINGS_FILE

# The entries that decide an item's fate: accept, reject, cancel, reopen, and extensions granted
# (`extend`, also a verifier's approval) or refused (`extend_denied`).
AUDITED = frozenset({"accept", "reject", "extend", "extend_denied", "cancel", "reopen"})


@dataclass(slots=True)
class Rules:
    """The settings and the directory of people as one revision holds them."""

    settings: Settings = field(default_factory=Settings)
    directory: Directory | None = None


def rules_at(repo: Repo, rev: str, ws_rel: str) -> Rules:
    """The workspace's settings and people at `rev` ("" for git's index); what does not load counts
    as absent (the check of the file itself reports it)."""
    from fivefold import codec

    prefix = "" if ws_rel in ("", ".") else f"{ws_rel}/"
    rules = Rules()
    text = repo.blob(f"{rev}:{prefix}{SETTINGS_FILE}")
    try:
        if text is not None:
            rules.settings = codec.load_settings(text, SETTINGS_FILE)
        rules.directory = rules.settings.people
        people = repo.blob(f"{rev}:{prefix}{PEOPLE_FILE}")
        if rules.directory is None and people is not None:
            rules.directory = codec.load_people(people, PEOPLE_FILE)
    except Invalid:
        pass
    return rules


def added_entries(before: Item | None, after: Item) -> list[Entry]:
    """The audited entries of `after` that `before` did not have (by when, who and what)."""
    seen = {(e.at, e.date, e.by, e.event) for e in before.log} if before is not None else set()
    return [e for e in after.log if e.event in AUDITED and (e.at, e.date, e.by, e.event) not in seen]


def judge(item: Item, entry: Entry, rules: Rules) -> list[Refusal]:
    """Why `entry.by` was not allowed to write this entry, as the item stood just before it."""
    prior = tuple(e for e in ordered(item.log) if log_key(e) < log_key(entry))
    status = replay(replace(item, log=prior))
    flags: list[Refusal] = []
    directory = rules.directory
    if directory is not None and directory.find(entry.by) is None and not directory.is_unit(entry.by):
        flags.append(("unknown_actor", {"name": entry.by, "file": directory.source}))
    found = refusal(entry.event, entry.by, item, status, rules.settings, directory)
    if found is not None:
        flags.append(found)
    return flags


def email_flag(directory: Directory | None, by: str, email: str) -> Refusal | None:
    """The commit author's email is not `by`'s: the directory gives `by` another one, or gives
    this one to someone else."""
    if directory is None or not email:
        return None
    person = directory.find(by)
    owner = directory.by_email(email)
    if person is not None and person.email and person.email.strip().lower() != email.strip().lower():
        return "audit_email", {"email": email, "by": by}
    if owner is not None and owner is not person:
        return "audit_email", {"email": email, "by": by}
    return None


def _item(text: str | None, rel: str) -> Item | None:
    from fivefold import codec

    if text is None:
        return None
    path = PurePosixPath(rel)
    try:
        item: Item = codec.load_item(text, rel, plan=path.parent.name, file_id=path.stem)
    except Invalid:
        return None
    return item


def audit(repo: Repo, ws_rel: str, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Every audited entry added by a commit (merges aside: their entries come from the commits they
    join), oldest first: commit, author, email, item, event, by, date, and the flags."""
    rows: list[dict[str, Any]] = []
    if not repo.ok("rev-parse", "--verify", "-q", "HEAD"):
        return rows
    log = repo.out("log", "--reverse", "--no-merges", "--format=%H%x1f%an%x1f%ae%x1f%cs", "--", ws_rel)
    for line in log.splitlines():
        sha, author, email, committed = line.split("\x1f")
        changed = repo.lines("diff-tree", "--no-commit-id", "--root", "-r", "--name-only", "-z", sha, "--", ws_rel)
        rules: Rules | None = None
        for rel in changed:
            if not ITEM_FILE.match(PurePosixPath(rel).name):
                continue
            after = _item(repo.blob(f"{sha}:{rel}"), rel)
            if after is None:
                continue
            for entry in added_entries(_item(repo.blob(f"{sha}^:{rel}"), rel), after):
                if since is not None and entry.date < since:
                    continue
                rules = rules or rules_at(repo, sha, ws_rel)
                flags = judge(after, entry, rules)
                mismatch = email_flag(rules.directory, entry.by, email)
                if mismatch is not None:
                    flags.append(mismatch)
                rows.append(
                    {"commit": sha, "author": author, "email": email, "committed": committed, "id": after.id,
                     "event": entry.event, "by": entry.by, "date": entry.date.isoformat(), "flags": flags}
                )  # fmt: skip
    return rows


def staged_refusals(repo: Repo, rel: str, base: str, item: Item, rules: Rules) -> list[Refusal]:
    """For the pre-commit check: the entries `rev` adds to this item file over `base` that break
    the role rules."""
    found: list[Refusal] = []
    for entry in added_entries(_item(repo.blob(f"{base}:{rel}"), rel), item):
        found.extend(judge(item, entry, rules))
    return found
