"""Sending a digest by e-mail: SMTP with STARTTLS (refused when the server does not offer it, unless the
settings say `starttls: false`), logging in with the password from the environment variable the
settings name. Standard library only; each failure is a DeliveryFailed in the user's words."""

from __future__ import annotations

from typing import Any

from fivefold.errors import DeliveryFailed
from fivefold.notify.targets import Smtp


def send(smtp: Smtp, password: str | None, to: tuple[str, ...], subject: str, text: str, *, timeout: float) -> None:
    import smtplib
    import ssl
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(text)  # UTF-8, as every mail client reads
    server = f"{smtp.host}:{smtp.port}"
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as client:
            client.ehlo()
            if smtp.starttls:
                if not client.has_extn("starttls"):  # never send the password or the digest in the clear
                    raise DeliveryFailed("mail_no_starttls", server=server)
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if smtp.user:
                client.login(smtp.user, password or "")
            refused = client.send_message(message)  # some recipients refused, the others took it
    except DeliveryFailed:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryFailed("mail_auth", server=server, user=smtp.user or "", reply=_reply(exc)) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryFailed("mail_refused", server=server, to=", ".join(exc.recipients)) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed("mail_error", server=server, reply=_reply(exc)) from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise DeliveryFailed("mail_unreachable", server=server, reason=reason) from None
    if refused:
        raise DeliveryFailed("mail_refused", server=server, to=", ".join(refused))


def _reply(exc: Any) -> str:
    """An SMTP error reply on one line: its code and text."""
    message = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {' '.join(message.split())}"
