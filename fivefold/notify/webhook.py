"""Posting a message to a webhook: a 企业微信 or 钉钉 group robot (their markdown bodies, 钉钉's signature)
or any service that takes a JSON POST. Standard library only (urllib), a timeout, one retry when the
connection fails or the server answers 5xx; anything else is a DeliveryFailed naming what went wrong."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote_plus

from fivefold.errors import DeliveryFailed

RETRY_PAUSE = 1.0  # seconds before the one retry
MAX_ANSWER = 64 * 1024  # bytes of an answer read: a robot answers in a few dozen


def body(kind: str, title: str, text: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the robot expects: 企业微信 {"msgtype": "markdown", "markdown": {"content"}}, 钉钉 the same with
    a title (shown in the notification), anything else {"title", "text", …extra}."""
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"title": title, "text": text, **(extra or {})}


def signed(url: str, secret: str, now_ms: int | None = None) -> str:
    """钉钉's 加签: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, URL-encoded, appended
    with the timestamp (milliseconds; the robot refuses one more than an hour off)."""
    stamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode("ascii"))
    return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"


def post(url: str, payload: dict[str, Any], *, kind: str, timeout: float, secret: str | None = None) -> None:
    """POST the payload as JSON; raises DeliveryFailed unless the target took it (a robot: HTTP 200 and
    errcode 0; anything else: a 2xx answer)."""
    import http.client
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    from fivefold import __version__

    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    for attempt in (1, 2):
        target = signed(url, secret) if secret and kind == "dingtalk" else url  # signed anew: the stamp must be fresh
        request = Request(target, data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("User-Agent", f"fivefold/{__version__}")
        try:
            with urlopen(request, timeout=timeout) as answer:  # noqa: S310 - the scheme is checked in notify.targets
                status, text = answer.status, answer.read(MAX_ANSWER)
        except HTTPError as exc:
            if exc.code >= 500 and attempt == 1:
                time.sleep(RETRY_PAUSE)
                continue
            raise DeliveryFailed("notify_http", status=exc.code, reason=str(exc.reason)) from None
        except TimeoutError:  # the request went out and no answer came: retrying could post it twice
            raise DeliveryFailed("notify_timed_out", seconds=f"{timeout:g}") from None
        except (URLError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            if attempt == 1:
                time.sleep(RETRY_PAUSE)
                continue
            if isinstance(reason, TimeoutError):
                raise DeliveryFailed("notify_timed_out", seconds=f"{timeout:g}") from None
            raise DeliveryFailed("notify_unreachable", reason=_reason(reason)) from None
        _check(kind, status, text)
        return


def _reason(exc: BaseException | str) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _check(kind: str, status: int, text: bytes) -> None:
    if not 200 <= status < 300:
        raise DeliveryFailed("notify_http", status=status, reason="")
    if kind not in ("wecom", "dingtalk"):
        return
    try:
        answer = json.loads(text.decode("utf-8"))
        code = answer.get("errcode")
    except (ValueError, AttributeError):
        raise DeliveryFailed("notify_bad_answer", answer=text[:80].decode("utf-8", "replace")) from None
    if code != 0:
        raise DeliveryFailed("notify_errcode", errcode=str(code), errmsg=str(answer.get("errmsg", "")))
