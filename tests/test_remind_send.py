"""`fivefold remind --send` (issue 13 §2): each unit's digest to its `notify:` target — 企业微信 and 钉钉
group robots (钉钉 signed), a generic webhook, e-mail over SMTP — against a local HTTP server and a small
local SMTP server in threads (no network): errcodes, 5xx with one retry, a closed connection, a timeout,
a port with nothing listening, SMTP refusals, a missing password; the sent-log; --dry-run; bad settings."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from fivefold.notify import webhook
from fivefold.notify.targets import guess_kind, shown_url

# --- a local webhook server ------------------------------------------------------------------------


class Hooks:
    """What the server was sent, and how each path answers."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, list[str]], dict]] = []
        self.hits: dict[str, int] = {}


def _handler(hooks: Hooks) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            path = parts.path
            hooks.hits[path] = hooks.hits.get(path, 0) + 1
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            hooks.calls.append((path, parse_qs(parts.query), body))
            if path == "/close":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if path == "/slow":
                time.sleep(1.5)
            if path == "/down" or (path == "/flaky" and hooks.hits[path] == 1):
                self._answer(500, b"oops")
                return
            if path == "/bad-sign":
                self._answer(200, json.dumps({"errcode": 310000, "errmsg": "sign not match"}).encode())
                return
            if path == "/html":
                self._answer(200, b"<html>login</html>")
                return
            self._answer(200, json.dumps({"errcode": 0, "errmsg": "ok"}).encode())

        def _answer(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with_suppress_write(self.wfile, data)

    return Handler


def with_suppress_write(stream, data: bytes) -> None:
    with contextlib.suppress(OSError):  # the client gave up (a timeout): nothing to answer to
        stream.write(data)


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Hooks, str]]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webhook, "RETRY_PAUSE", 0)
    state = Hooks()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- a local SMTP server ---------------------------------------------------------------------------


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []
        self.logins: list[str] = []
        self.offer_starttls = False
        self.refuse = ""  # an address RCPT refuses
        self.password = "s3cret"


def _smtp_handler(box: Mailbox) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode("utf-8") + b"\r\n")

        def handle(self) -> None:
            self.reply("220 localhost test ESMTP")
            sender, rcpts = "", []
            while True:
                raw = self.rfile.readline()
                if not raw:
                    return
                line = raw.decode("utf-8").rstrip("\r\n")
                verb = line.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250-localhost\r\n" + (b"250-STARTTLS\r\n" if box.offer_starttls else b""))
                    self.reply("250 AUTH PLAIN")
                elif verb == "STARTTLS":
                    self.reply("454 4.7.0 TLS not available")
                elif verb == "AUTH":
                    _, user, password = base64.b64decode(line.split()[2]).decode().split("\0")
                    box.logins.append(user)
                    self.reply("235 2.7.0 ok" if password == box.password else "535 5.7.8 bad credentials")
                elif verb == "MAIL":
                    sender, rcpts = line.split(":", 1)[1].strip("<> "), []
                    self.reply("250 ok")
                elif verb == "RCPT":
                    address = line.split(":", 1)[1].strip("<> ")
                    if address == box.refuse:
                        self.reply("550 5.1.1 no such user")
                    else:
                        rcpts.append(address)
                        self.reply("250 ok")
                elif verb == "DATA":
                    self.reply("354 go ahead")
                    lines = []
                    while (data := self.rfile.readline()) not in (b".\r\n", b""):
                        lines.append(data.decode("utf-8"))
                    box.messages.append((sender, rcpts, "".join(lines)))
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 ok")

    return Handler


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _smtp_handler(box))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield box, server.server_address[1]
    server.shutdown()
    server.server_close()


# --- the workspace ---------------------------------------------------------------------------------

ITEM = [
    "--area", "industry", "--goal", "目标", "--owner", "李某", "--start", "2026-01-05", "--due", "2026-11-20",
    "--acceptance", "验收", "--step", "完成@2026-11-10",
]  # fmt: skip


@pytest.fixture
def two_units(ff) -> dict[str, str]:
    """Two overdue items (today is 2026-11-27), one per lead unit."""
    ids = {}
    for unit, title in (("区工信局", "推动园区竣工投产"), ("区发改局", "编制产业规划")):
        ids[unit] = ff("new", title, "--lead-unit", unit, *ITEM).stdout.strip()
        ff("start", ids[unit], "--on", "2026-01-05")
    return ids


def settings(plans: Path, text: str) -> None:
    path = plans / "fivefold.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def configure(plans: Path, url: str, smtp_port: int | None = None, *, wecom: str = "/wecom", ding: str = "/ding") -> None:
    email = ", email: [fg@example.org]" if smtp_port else ""
    text = f"""notify_timeout: 0.5
notify:
  区工信局: {{webhook: "{url}{wecom}?key=KEY123", kind: wecom}}
  区发改局: {{webhook: "{url}{ding}?access_token=TOKEN9", kind: dingtalk, secret: SEC123{email}}}
"""
    if smtp_port:
        text += f"smtp: {{host: 127.0.0.1, port: {smtp_port}, user: mailer, password_env: FF_SMTP_PW, from: duban@example.org, "
        text += "starttls: false}\n"
    settings(plans, text)


def test_sends_to_each_robot_and_by_mail(ff, plans, two_units, hooks, mailbox, monkeypatch):
    state, url = hooks
    box, port = mailbox
    monkeypatch.setenv("FF_SMTP_PW", box.password)
    configure(plans, url, port)
    result = ff("--lang", "zh", "remind", "--send")
    assert "已发送：区工信局 → 企业微信群机器人" in result.stdout and "key=***" in result.stdout and "KEY123" not in result.stdout
    by_path = {path: (query, body) for path, query, body in state.calls}
    wecom = by_path["/wecom"][1]
    assert wecom["msgtype"] == "markdown"
    assert wecom["markdown"]["content"].startswith("### 【督办提醒】区工信局（截至 2026-11-27）")
    assert two_units["区工信局"] in wecom["markdown"]["content"] and two_units["区发改局"] not in wecom["markdown"]["content"]
    query, ding = by_path["/ding"]
    assert ding["msgtype"] == "markdown" and ding["markdown"]["title"] == "【督办提醒】区发改局（截至 2026-11-27）"
    stamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(b"SEC123", f"{stamp}\nSEC123".encode(), hashlib.sha256).digest()).decode()
    assert sign == expected and query["access_token"] == ["TOKEN9"] and abs(int(stamp) / 1000 - time.time()) < 60
    (sender, rcpts, data), = box.messages
    assert sender == "duban@example.org" and rcpts == ["fg@example.org"] and box.logins == ["mailer"]
    assert "Subject: =?utf-8?" in data and "Content-Type: text/plain; charset=\"utf-8\"" in data
    log = (plans / ".fivefold" / "remind-sent.json").read_text("utf-8")
    assert "KEY123" not in log and "example.org" not in log and json.loads(log)["schema"] == "fivefold.sent/1"


def test_nothing_twice_on_the_same_day_unless_forced(ff, plans, two_units, hooks):
    state, url = hooks
    configure(plans, url)
    ff("remind", "--send")
    assert len(state.calls) == 2
    result = ff("remind", "--send")
    assert result.stdout.count("sent earlier today, skipped") == 2 and len(state.calls) == 2
    ff("remind", "--send", "--force")
    assert len(state.calls) == 4
    ff("--as-of", "2026-11-30", "remind", "--send")  # another day: its own digest, sent
    assert len(state.calls) == 6


def test_dry_run_sends_nothing(ff, plans, two_units, hooks):
    state, url = hooks
    configure(plans, url)
    result = ff("remind", "--send", "--dry-run")
    assert "would send: 区工信局 → WeCom group robot" in result.stdout and "### Reminders for 区工信局" in result.stdout
    assert state.calls == [] and not (plans / ".fivefold" / "remind-sent.json").exists()
    assert "--dry-run goes with --send" in ff("remind", "--dry-run", expect=2).stderr


def test_a_failing_target_does_not_stop_the_others(ff, plans, two_units, hooks):
    state, url = hooks
    configure(plans, url, ding="/bad-sign")
    result = ff("remind", "--send", expect=1)
    assert "sent: 区工信局 → WeCom group robot" in result.stdout
    line = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(line) == 1 and "not sent: 区发改局 → DingTalk group robot" in line[0]
    assert "the robot answered errcode 310000: sign not match" in line[0] and "TOKEN9" not in line[0]
    ff("remind", "--send", expect=1)  # the failed one again; the one sent is not
    assert [p for p, _, _ in state.calls].count("/wecom") == 1 and state.hits["/bad-sign"] == 2


@pytest.mark.parametrize(
    ("path", "message", "attempts"),
    [
        ("/flaky", None, 2),  # 500, then taken on the retry
        ("/down", "the server answered HTTP 500", 2),
        ("/close", "cannot connect", 2),
        ("/slow", "no answer within 0.5 seconds", 1),  # no retry: the robot may have posted it
        ("/html", "the answer is not the robot's JSON: <html>login</html>", 1),
    ],
)
def test_server_failures(ff, plans, two_units, hooks, path, message, attempts):
    state, url = hooks
    configure(plans, url, wecom=path)
    result = ff("remind", "--send", "--unit", "区工信局", expect=1 if message else 0)
    assert state.hits[path] == attempts
    if message:
        assert message in result.stderr and result.stderr.count("\n") == 1
    else:
        assert "sent: 区工信局" in result.stdout


def test_unreachable_webhook(ff, plans, two_units, monkeypatch):
    monkeypatch.setattr(webhook, "RETRY_PAUSE", 0)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings(plans, f'notify: {{default: {{webhook: "http://127.0.0.1:{port}/x", kind: generic}}}}\n')
    result = ff("remind", "--send", expect=1)
    assert result.stderr.count("not sent:") == 2 and "cannot connect: Connection refused" in result.stderr


def test_generic_webhook_and_default_target(ff, plans, two_units, hooks):
    state, url = hooks
    settings(plans, f'notify: {{default: "{url}/generic"}}\n')
    ff("remind", "--send")
    bodies = sorted((body for _, _, body in state.calls), key=lambda b: b["unit"])
    assert [b["unit"] for b in bodies] == ["区发改局", "区工信局"]
    assert bodies[0]["title"].startswith("Reminders for 区发改局")
    assert bodies[0]["parts"] == 1 and bodies[0]["date"] == "2026-11-27"


def test_units_without_target_are_named(ff, plans, two_units, hooks):
    _, url = hooks
    settings(plans, f'notify: {{区工信局: "{url}/generic"}}\n')
    result = ff("remind", "--send")
    assert "区发改局: no notify: target for it in fivefold.yaml" in result.stderr


def test_no_notify_settings(ff, two_units):
    assert "fivefold.yaml has no notify: settings" in ff("remind", "--send", expect=1).stderr


# --- e-mail ---------------------------------------------------------------------------------------


def mail_only(plans: Path, port: int, **smtp: str) -> None:
    extra = "".join(f", {k}: {v}" for k, v in smtp.items())
    smtp_line = f"smtp: {{host: 127.0.0.1, port: {port}, user: mailer, password_env: FF_SMTP_PW, from: duban@example.org{extra}}}"
    settings(plans, f"notify: {{default: {{email: [a@example.org, b@example.org]}}}}\n{smtp_line}\n")


def test_mail_password_comes_from_the_environment(ff, plans, two_units, mailbox, monkeypatch):
    box, port = mailbox
    mail_only(plans, port, starttls="false")
    monkeypatch.delenv("FF_SMTP_PW", raising=False)
    result = ff("remind", "--send", expect=1)
    assert result.stderr.count("the environment variable FF_SMTP_PW is not set") == 2 and box.messages == []
    monkeypatch.setenv("FF_SMTP_PW", "wrong")
    assert "refused the login of mailer: 535 5.7.8 bad credentials" in ff("remind", "--send", expect=1).stderr
    monkeypatch.setenv("FF_SMTP_PW", box.password)
    ff("remind", "--send")
    assert len(box.messages) == 2 and box.messages[0][1] == ["a@example.org", "b@example.org"]


def test_mail_refusals(ff, plans, two_units, mailbox, monkeypatch):
    box, port = mailbox
    monkeypatch.setenv("FF_SMTP_PW", box.password)
    mail_only(plans, port)  # STARTTLS required (the default) and not offered
    assert "offers no STARTTLS" in ff("remind", "--send", "--unit", "区工信局", expect=1).stderr and box.logins == []
    box.offer_starttls = True  # offered, then refused
    assert "refused: 454 4.7.0 TLS not available" in ff("remind", "--send", "--unit", "区工信局", expect=1).stderr
    settings(plans, "")
    box.offer_starttls, box.refuse = False, "b@example.org"
    path = plans / "fivefold.yaml"
    text = path.read_text("utf-8").replace("from: duban@example.org}", "from: duban@example.org, starttls: false}")
    path.write_text(text, "utf-8")
    assert "refused the recipients: b@example.org" in ff("remind", "--send", "--unit", "区工信局", expect=1).stderr


def test_unreachable_mail_server(ff, plans, two_units, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("FF_SMTP_PW", "x")
    mail_only(plans, port)
    assert f"cannot reach the mail server 127.0.0.1:{port}: Connection refused" in ff("remind", "--send", expect=1).stderr


# --- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('notify: {区工信局: {webhook: "ftp://example.org/hook"}}\n', "notify: 区工信局's webhook is no URL: ftp://example.org/hook"),
        ('notify: {区工信局: {webhook: "https://"}}\n', "notify: 区工信局's webhook is no URL"),
        ('notify: {区工信局: {webhook: "https://example.org/x", kind: feishu}}\n', "kind is unknown: feishu (there is"),
        ("notify: {区工信局: {email: [a@example.org]}}\n", "has e-mail addresses but fivefold.yaml has no smtp:"),
        ("notify: {区工信局: {email: [not-an-address]}}\n", "email must be a list of e-mail addresses"),
        ("notify: {区工信局: {}}\n", "has neither a webhook nor an email"),
        ('notify: {区工信局: {webhook: "https://example.org/x", token: 1}}\n', "no setting notify.区工信局.token"),
        ("notify: [a]\n", "notify must be a mapping"),
        ("notify_timeout: 0\n", "notify_timeout must be seconds between 0 and 600: 0"),
        ("smtp: {host: mail.example.org, from: a@example.org, password: hunter2}\n", "no password in fivefold.yaml"),
        ("smtp: {host: mail.example.org, from: a@example.org, user: me}\n", "name the environment variable"),
        ("smtp: {host: mail.example.org, from: a@example.org, port: 99999}\n", "smtp.port must be a port number"),
    ],
)
def test_bad_settings_are_one_line_naming_the_file(ff, plans, two_units, text, message):
    settings(plans, text)
    result = ff("remind", "--send", expect=1)
    assert "fivefold.yaml:" in result.stderr and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_kind_guessed_from_the_host_and_keys_masked():
    assert guess_kind("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc") == "wecom"
    assert guess_kind("https://oapi.dingtalk.com/robot/send?access_token=abc") == "dingtalk"
    assert guess_kind("https://hooks.example.org/x") == "generic"
    assert shown_url("https://oapi.dingtalk.com/robot/send?access_token=abc&x=") == "https://oapi.dingtalk.com/robot/send?access_token=***&x="


def test_dingtalk_signature():
    url = webhook.signed("https://oapi.dingtalk.com/robot/send?access_token=t", "SECxyz", now_ms=1700000000000)
    sign = unquote_plus(parse_qs(urlsplit(url).query, keep_blank_values=True)["sign"][0].replace(" ", "+"))
    expected = base64.b64encode(hmac.new(b"SECxyz", b"1700000000000\nSECxyz", hashlib.sha256).digest()).decode()
    assert "&timestamp=1700000000000&sign=" in url and sign in (expected, expected.replace("+", " "))


def test_webhook_and_secret_from_the_environment(ff, plans, two_units, hooks, monkeypatch):
    """A CI runner's secrets arrive as environment variables: `${NAME}` keeps them out of the shared file."""
    state, url = hooks
    settings(plans, 'notify:\n  区工信局: {webhook: "${FF_WECOM}", kind: wecom}\n'
             '  区发改局: {webhook: "${FF_DING}", kind: dingtalk, secret: "${FF_DING_SECRET}"}\n')  # fmt: skip
    monkeypatch.setenv("FF_WECOM", f"{url}/wecom?key=K")
    monkeypatch.delenv("FF_DING", raising=False)
    result = ff("remind", "--send", expect=1)
    assert "sent: 区工信局 → WeCom group robot" in result.stdout and "key=***" in result.stdout
    assert "not sent: 区发改局 → DingTalk group robot ${FF_DING}: the environment variable FF_DING is not set" in result.stderr
    monkeypatch.setenv("FF_DING", f"{url}/ding?access_token=T")
    monkeypatch.setenv("FF_DING_SECRET", "S")
    ff("remind", "--send")
    query = next(q for path, q, _ in state.calls if path == "/ding")
    expected = base64.b64encode(hmac.new(b"S", f"{query['timestamp'][0]}\nS".encode(), hashlib.sha256).digest()).decode()
    assert query["sign"] == [expected] and [p for p, _, _ in state.calls].count("/wecom") == 1


@pytest.mark.slow
def test_list_with_notify_settings_loads_nothing_of_remind(tmp_path):
    """Settings are read by every command: `notify:` in them must not bring the digest, HTTP or mail
    modules onto the warm `list` path."""
    import shutil
    import subprocess
    import sys

    plans = tmp_path / "plans"
    shutil.copytree(Path(__file__).parent / "data" / "workspace", plans, ignore=shutil.ignore_patterns(".fivefold"))
    settings(plans, 'notify: {default: {webhook: "https://oapi.dingtalk.com/robot/send?access_token=x", secret: s}}\n')
    heavy = "{'fivefold.digest', 'fivefold.notify.webhook', 'fivefold.notify.mail', 'urllib.request', 'smtplib', 'email.message'}"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: sys.stderr.write(repr(sorted(set(sys.modules) & {heavy}))))\n"
        f"sys.argv = ['fivefold', '--plans', {str(plans)!r}, '--as-of', '2026-11-27', 'list']\n"
        "from fivefold.cli.main import main\n"
        "main()\n"
    )
    for _ in range(2):  # cold, then warm
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_two_runs_keep_each_others_records(tmp_path):
    """Two sends at once each record what they sent; neither record is lost when the other writes."""
    import datetime as dt

    from fivefold.notify.sentlog import SentLog

    day = dt.date(2026, 11, 27)
    first, second = SentLog(tmp_path, day), SentLog(tmp_path, day)
    first.add("wecom:a", "one")
    second.add("wecom:b", "two")
    again = SentLog(tmp_path, day)
    assert again.has("wecom:a", "one") and again.has("wecom:b", "two") and not again.has("wecom:a", "two")
    assert not SentLog(tmp_path, day + dt.timedelta(days=1)).has("wecom:a", "one")  # another day
    assert SentLog(tmp_path, day + dt.timedelta(days=60)).records == []  # old records are dropped
    (tmp_path / "remind-sent.json").write_text("{not json", "utf-8")
    assert SentLog(tmp_path, day).records == []  # a damaged log is started anew


def test_send_json_for_scripts(ff, plans, two_units, hooks):
    _, url = hooks
    configure(plans, url, ding="/bad-sign")
    rows = json.loads(ff("remind", "--send", "--dry-run", "--json").stdout)
    assert [(r["unit"], r["kind"], r["status"], r["messages"]) for r in rows] == [
        ("区发改局", "dingtalk", "dry-run", 1), ("区工信局", "wecom", "dry-run", 1),
    ]  # fmt: skip
    assert rows[1]["texts"][0].startswith("### Reminders for 区工信局") and "KEY123" not in json.dumps(rows)
    result = ff("remind", "--send", "--json", expect=1)
    rows = {r["unit"]: r for r in json.loads(result.stdout)}
    assert rows["区工信局"]["status"] == "sent" and rows["区工信局"]["error"] is None and "texts" not in rows["区工信局"]
    assert rows["区发改局"]["status"] == "failed" and "errcode 310000" in rows["区发改局"]["error"]
    rows = {r["unit"]: r for r in json.loads(ff("remind", "--send", "--json", expect=1).stdout)}
    assert rows["区工信局"]["status"] == "skipped" and rows["区工信局"]["sent_before"] == 1


def test_a_long_digest_reaches_wecom_in_parts_it_accepts(ff, plans, hooks):
    state, url = hooks
    for n in range(30):
        item_id = ff("new", f"第{n}项" + "很长的标题" * 12, "--lead-unit", "区财政局", *ITEM).stdout.strip()
        ff("start", item_id, "--on", "2026-01-05")
    settings(plans, f'notify: {{区财政局: {{webhook: "{url}/wecom?key=K", kind: wecom}}}}\n')
    ff("--lang", "zh", "remind", "--send")
    contents = [body["markdown"]["content"] for _, _, body in state.calls]
    assert len(contents) > 1 and all(len(c) <= 2000 and len(c.encode("utf-8")) <= 4096 for c in contents)
    lines = [line for c in contents for line in c.split("\n") if line.startswith("- ")]
    assert len(lines) == 60 and all(line.endswith("｜李某") for line in lines)  # every item and step, each line whole


def test_check_names_bad_notify_settings(ff, plans, two_units):
    settings(plans, 'notify: {区工信局: {webhook: "ftp://example.org/hook"}}\n')
    result = ff("check", expect=1)
    assert "fivefold.yaml:" in result.stdout + result.stderr and "webhook is no URL" in result.stdout + result.stderr
