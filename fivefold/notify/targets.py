"""`notify:`, `smtp:` and `notify_timeout:` in fivefold.yaml as typed data, each problem collected with its
key path (schema.parse_settings reports them against the file); which robot a webhook is. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fivefold.errors import DeliveryFailed

KINDS = ("wecom", "dingtalk", "generic")
TARGET_KEYS = ("webhook", "kind", "secret", "email")
SMTP_KEYS = ("host", "port", "user", "password_env", "from", "starttls")
DEFAULT_TIMEOUT = 10.0  # seconds a webhook or mail server may take to answer
HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk"}  # the robots' own hosts
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")  # ${NAME}: a CI secret, kept out of the shared file

Issues = list[tuple[tuple[Any, ...], str, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Target:
    """Where one lead unit's digest goes (`name` is the unit, or `default` for units without their own)."""

    name: str
    webhook: str | None = None  # may hold ${NAME}: the value of that environment variable when sending
    kind: str | None = None  # None: guessed from the webhook's host when sending
    secret: str | None = None
    email: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Smtp:
    host: str
    port: int = 587
    user: str | None = None
    password_env: str | None = None  # the environment variable holding the password: never the file
    sender: str = ""
    starttls: bool = True  # false only for a relay on the same machine or network that offers no TLS


@dataclass(frozen=True, slots=True)
class Notify:
    targets: dict[str, Target]
    smtp: Smtp | None
    timeout: float = DEFAULT_TIMEOUT

    def target_of(self, unit: str | None) -> Target | None:
        """The unit's own target, else `default`, else none."""
        return self.targets.get(unit or "") or self.targets.get("default")


def guess_kind(url: str) -> str:
    from urllib.parse import urlsplit  # here: settings are read by every command, `list` included

    host = (urlsplit(url).hostname or "").lower()
    return HOSTS.get(host, "generic")


def shown_url(url: str) -> str:
    """A webhook as messages show it: the robot's key or access token (a password in all but name) masked."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = urlencode([(k, "***" if v else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)], safe="*")
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def expand(text: str, environ: Mapping[str, str]) -> str:
    """`${NAME}` replaced by that environment variable's value; a variable unset or empty is an error."""

    def one(match: re.Match[str]) -> str:
        value = environ.get(match.group(1))
        if not value:
            raise DeliveryFailed("notify_no_env", env=match.group(1))
        return value

    return _PLACEHOLDER.sub(one, text)


def webhook_of(target: Target, environ: Mapping[str, str]) -> tuple[str, str, str | None]:
    """The webhook to post to, its kind and 钉钉's secret, with `${NAME}` filled in from the environment."""
    url = expand(target.webhook or "", environ)
    if not _url_ok(url):
        raise DeliveryFailed("notify_bad_url", unit=target.name, url=shown_url(url)[:80])
    secret = expand(target.secret, environ) if target.secret else None
    return url, target.kind or guess_kind(url), secret


def _url_ok(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)


def parse(data: Mapping[str, Any]) -> tuple[Notify, Issues]:
    issues: Issues = []

    def add(path: tuple[Any, ...], key: str, **params: Any) -> None:
        issues.append((path, key, params))

    smtp = _smtp(data.get("smtp"), add)
    timeout = data.get("notify_timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        add(("notify_timeout",), "notify_bad_timeout", value=str(timeout))
        timeout = DEFAULT_TIMEOUT
    raw = data.get("notify")
    targets: dict[str, Target] = {}
    if raw is not None and not isinstance(raw, Mapping):
        add(("notify",), "not_mapping", field="notify")
        raw = {}
    for name, spec in (raw or {}).items():
        path = ("notify", name)
        if not isinstance(name, str) or not name.strip():
            add(path, "not_text", field="notify")
            continue
        target = _target(name.strip(), spec, path, smtp is not None, add)
        if target is not None:
            targets[target.name] = target
    return Notify(targets, smtp, float(timeout)), issues


def _target(name: str, spec: Any, path: tuple[Any, ...], has_smtp: bool, add: Any) -> Target | None:
    if isinstance(spec, str):  # `区工信局: https://…`: a webhook and nothing else
        spec = {"webhook": spec}
    if not isinstance(spec, Mapping):
        add(path, "not_mapping", field=".".join(("notify", name)))
        return None
    for key in spec:
        if key not in TARGET_KEYS:
            add((*path, key), "bad_setting", name=".".join(("notify", name, str(key))), allowed=", ".join(TARGET_KEYS))
    webhook = spec.get("webhook")
    if webhook is not None and (not isinstance(webhook, str) or not (_PLACEHOLDER.search(webhook) or _url_ok(webhook))):
        add((*path, "webhook"), "notify_bad_url", unit=name, url=str(webhook)[:80])
        webhook = None
    kind = spec.get("kind")
    if kind is not None and kind not in KINDS:
        add((*path, "kind"), "notify_bad_kind", unit=name, value=str(kind), allowed=", ".join(KINDS))
        kind = None
    secret = spec.get("secret")
    if secret is not None and not isinstance(secret, str):
        add((*path, "secret"), "not_text", field=".".join(("notify", name, "secret")))
        secret = None
    emails = spec.get("email") or []
    if isinstance(emails, str):
        emails = [emails]
    if not isinstance(emails, list) or not all(isinstance(e, str) and _ADDRESS.match(e.strip()) for e in emails):
        add((*path, "email"), "notify_bad_email", unit=name)
        emails = []
    if emails and not has_smtp:
        add((*path, "email"), "notify_email_needs_smtp", unit=name)
    if webhook is None and not emails:
        if "webhook" not in spec and "email" not in spec:
            add(path, "notify_no_target", unit=name)
        return None
    return Target(name, webhook, str(kind) if kind else None, secret, tuple(e.strip() for e in emails))


def _smtp(raw: Any, add: Any) -> Smtp | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        add(("smtp",), "not_mapping", field="smtp")
        return None
    for key in raw:
        if key == "password":  # a shared file is no place for it
            add(("smtp", key), "notify_password_in_file")
        elif key not in SMTP_KEYS:
            add(("smtp", key), "bad_setting", name=".".join(("smtp", str(key))), allowed=", ".join(SMTP_KEYS))
    host = raw.get("host")
    if not isinstance(host, str) or not host.strip():
        add(("smtp", "host"), "missing_field", field="smtp.host")
    port = raw.get("port", 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        add(("smtp", "port"), "notify_bad_port", value=str(port))
    sender = raw.get("from")
    if not isinstance(sender, str) or not _ADDRESS.match(sender.strip()):
        add(("smtp", "from"), "notify_bad_from", value=str(sender))
    user, env = raw.get("user"), raw.get("password_env")
    if user is not None and not isinstance(user, str):
        add(("smtp", "user"), "not_text", field="smtp.user")
    if env is not None and (not isinstance(env, str) or not _ENV_NAME.match(env)):
        add(("smtp", "password_env"), "notify_bad_env", value=str(env))
    elif user is not None and env is None:
        add(("smtp",), "notify_user_needs_env")
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        add(("smtp", "starttls"), "not_bool", field="smtp.starttls", value=str(starttls))
    if not isinstance(host, str) or not host.strip() or not isinstance(sender, str):
        return None
    return Smtp(
        host.strip(),
        port if isinstance(port, int) and not isinstance(port, bool) else 587,
        user if isinstance(user, str) else None,
        env if isinstance(env, str) else None,
        sender.strip(),
        starttls is not False,
    )
