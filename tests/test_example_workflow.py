"""examples/forgejo-remind.yml (issue 13 §2): valid YAML in the shape Forgejo/Gitea Actions read, whose
fivefold command lines name real commands and options, and whose notify: sample is valid settings."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from typer.main import get_command

from fivefold.cli.main import make_app
from fivefold.notify.targets import parse

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "forgejo-remind.yml"
GLOBALS_WITH_VALUE = {"--plans", "--as-of", "--lang", "--by"}


def _workflow() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _command_lines() -> list[list[str]]:
    lines = []
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                words = shlex.split(line)
                if words and words[0].endswith("/fivefold"):
                    lines.append(words[1:])
    return lines


def test_the_workflow_has_a_schedule_and_the_runner_steps():
    data = _workflow()
    assert data["on"]["schedule"][0]["cron"] == "30 0 * * 1-5" and "workflow_dispatch" in data["on"]
    steps = data["jobs"]["remind"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert any("checkout" in u for u in uses) and any("upload-artifact" in u for u in uses)
    secrets = steps[3]["env"]
    assert all(v == f"${{{{ secrets.{k} }}}}" for k, v in secrets.items())


def test_its_command_lines_name_real_commands_and_options():
    app = get_command(make_app())
    lines = _command_lines()
    assert [words[words.index("--plans") + 2] for words in lines] == ["remind", "report"]
    for words in lines:
        rest = iter(words)
        for word in rest:
            if word in GLOBALS_WITH_VALUE:
                next(rest)
            else:
                command = app.commands[word]  # type: ignore[attr-defined]
                break
        known = {opt for p in command.params for opt in p.opts}
        assert {w for w in rest if w.startswith("--")} <= known
    assert lines[0][-3:] == ["--send", "--days", "5"]


def test_the_settings_in_its_comment_are_valid():
    comment = "\n".join(line[2:] for line in EXAMPLE.read_text("utf-8").splitlines() if line.startswith("#   "))
    notify, issues = parse(yaml.safe_load(comment))
    assert issues == [] and set(notify.targets) == {"区工信局", "区发改局", "default"}
    assert notify.smtp is not None and notify.smtp.password_env == "SMTP_PASSWORD"
    named = set(re.findall(r"\$\{([A-Z_]+)\}", comment)) | {notify.smtp.password_env}
    assert named == set(_workflow()["jobs"]["remind"]["steps"][3]["env"])  # every secret it needs is passed in


def test_the_readme_notify_sample_is_valid():
    readme = (EXAMPLE.parent.parent / "README.md").read_text("utf-8")
    block = readme.split("#### Sending it: `remind --send`", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    notify, issues = parse(yaml.safe_load(block))
    assert issues == [] and set(notify.targets) == {"区工信局", "区发改局", "default"} and notify.timeout == 10
