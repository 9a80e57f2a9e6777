"""Commands that create, list, show and change items: new, list, show, update, edit, step add."""

from __future__ import annotations

import sys

import typer

from fivefold.cli.env import Env, env_of

JSON = typer.Option(False, "--json", help="Machine-readable output (see README).")
# Options shared by `new` and `update`.
PLAN = typer.Option(None, "--plan", help="Plan folder name or id prefix.")
AREA = typer.Option(None, "--area", help="Focus area key (a new key is added to the plan).")
PARENT = typer.Option(None, "--parent", help="Parent item id (重点任务 → 子任务).")
GOAL = typer.Option(None, "--goal", help="One-sentence goal (目标).")
LEAD = typer.Option(None, "--lead-unit", help="Lead unit (牵头单位).")
PARTNER = typer.Option([], "--partner", help="Partner unit (配合单位), repeatable.")
LEADER = typer.Option(None, "--leader", help="Responsible leader (责任领导).")
OWNER = typer.Option(None, "--owner", help="Responsible person (责任人).")
START = typer.Option(None, "--start", help="Start date.")
DUE = typer.Option(None, "--due", help="Due date (完成时限).")
STEP = typer.Option([], "--step", help='A roadmap step "TITLE@DUE", repeatable.')
TARGET = typer.Option([], "--target", help='A measurable target "NAME=VALUE UNIT", repeatable.')
ACCEPT = typer.Option(None, "--acceptance", help="Acceptance standard (验收标准).")
DELIVER = typer.Option([], "--deliverable", help="Deliverable (成果形式), repeatable.")
CADENCE = typer.Option(None, "--cadence", help="weekly | biweekly | monthly | quarterly.")


def _prompt_missing(env: Env, fields: object) -> None:
    """On a terminal, ask for what the five checks will want; never when piped or scripted."""
    if not (sys.stdin.isatty() and env.is_tty):
        return
    for attr, label in (
        ("goal", "f.goal"),
        ("lead_unit", "f.lead_unit"),
        ("owner", "f.owner"),
        ("start", "f.start"),
        ("due", "f.due"),
    ):
        if getattr(fields, attr) is None:
            answer = typer.prompt(env.t(label), default="", show_default=False)
            setattr(fields, attr, answer.strip() or None)


def register(app: typer.Typer) -> None:
    step_app = typer.Typer(help="Roadmap steps: add, done, progress.", no_args_is_help=True)
    app.add_typer(step_app, name="step")

    @app.command()
    def new(
        ctx: typer.Context,
        title: str = typer.Argument(..., help="The item's title."),
        plan: str = PLAN,
        area: str = AREA,
        parent: str = PARENT,
        goal: str = GOAL,
        lead_unit: str = LEAD,
        partner: list[str] = PARTNER,
        leader: str = LEADER,
        owner: str = OWNER,
        start: str = START,
        due: str = DUE,
        step: list[str] = STEP,
        target: list[str] = TARGET,
        acceptance: str = ACCEPT,
        deliverable: list[str] = DELIVER,
        cadence: str = CADENCE,
        json: bool = JSON,
    ) -> None:
        """Create an item (a draft) and print its id."""
        from fivefold.actions import ItemFields, new_item

        env = env_of(ctx)
        fields = ItemFields(
            title,
            area,
            parent,
            goal,
            lead_unit,
            partner,
            leader,
            owner,
            start,
            due,
            step,
            target,
            acceptance,
            deliverable,
            cadence,
        )
        _prompt_missing(env, fields)
        item = new_item(env.context(), plan, fields)
        if json:
            _print_detail(env, item.id)
        else:
            env.print(item.id)

    @app.command("list")
    def list_(
        ctx: typer.Context,
        plan: str = typer.Option(None, "--plan"),
        area: str = typer.Option(None, "--area"),
        state: str = typer.Option(
            None, "--state", help="draft, ready, active, blocked, review, closed, cancelled (comma-separated)."
        ),
        unit: str = typer.Option(None, "--unit", help="Lead or partner unit."),
        owner: str = typer.Option(None, "--owner"),
        light: str = typer.Option(None, "--light", help="green, yellow, red, done, none (comma-separated)."),
        bucket: str = typer.Option(None, "--bucket", help="ongoing, upcoming, future, closed, cancelled."),
        overdue: bool = typer.Option(False, "--overdue", help="Only open items past their due date."),
        due_before: str = typer.Option(None, "--due-before", help="Only items due on or before this date."),
        sort: str = typer.Option("id", "--sort", help="id | due | progress | lag."),
        json: bool = JSON,
    ) -> None:
        """Every matching item, one row each."""
        from fivefold.cli.output import print_json, report_problems
        from fivefold.queries import Filters, list_rows

        env = env_of(ctx)
        filters = Filters(plan, area, state, unit, owner, light, bucket, overdue, due_before)
        listing = list_rows(env.context(every=True), filters, sort)
        report_problems(env, listing.problems)
        rows = listing.rows
        if json:
            print_json(env, rows)
            return
        from fivefold.render.listing import render_list

        env.print(render_list(rows, env.lang, colour=env.color, max_width=env.width if env.is_tty else None))

    @app.command()
    def show(ctx: typer.Context, item_id: str = typer.Argument(..., metavar="ID"), json: bool = JSON) -> None:
        """The 任务书, 路线图 and 时间表 of one item, with progress, light and log."""
        _print_detail(env_of(ctx), item_id, json=json)

    @app.command()
    def update(
        ctx: typer.Context,
        item_id: str = typer.Argument(..., metavar="ID"),
        title: str = typer.Option(None, "--title"),
        area: str = AREA,
        parent: str = PARENT,
        goal: str = GOAL,
        lead_unit: str = LEAD,
        partner: list[str] = PARTNER,
        leader: str = LEADER,
        owner: str = OWNER,
        start: str = START,
        due: str = DUE,
        step: list[str] = STEP,
        target: list[str] = TARGET,
        acceptance: str = ACCEPT,
        deliverable: list[str] = DELIVER,
        cadence: str = CADENCE,
    ) -> None:
        """Change fields (same options as new). After start: --due is refused (use extend);
        --owner/--lead-unit are recorded as a reassignment."""
        from fivefold.actions import ItemFields, update_item

        env = env_of(ctx)
        fields = ItemFields(
            title,
            area,
            parent,
            goal,
            lead_unit,
            partner,
            leader,
            owner,
            start,
            due,
            step,
            target,
            acceptance,
            deliverable,
            cadence,
        )
        outcome = update_item(env.context(), item_id, fields)
        env.print(env.t("updated", id=outcome.item.id, fields=", ".join(outcome.changed)))

    @app.command()
    def edit(ctx: typer.Context, item_id: str = typer.Argument(..., metavar="ID")) -> None:
        """Open the item's file in $VISUAL/$EDITOR; validate on save; never keep an invalid file."""
        from fivefold.cli.editor import edit_item

        edit_item(env_of(ctx), item_id)

    @step_app.command("add")
    def step_add(
        ctx: typer.Context,
        item_id: str = typer.Argument(..., metavar="ID"),
        title: str = typer.Argument(...),
        due: str = typer.Option(None, "--due"),
        after: list[str] = typer.Option([], "--after", help="A step this one follows (repeatable)."),
        owner: str = typer.Option(None, "--owner"),
        deliverable: str = typer.Option(None, "--deliverable"),
        weight: float = typer.Option(None, "--weight", min=0.001),
    ) -> None:
        """Add a roadmap step (ids s1, s2, … in order)."""
        from fivefold.actions import step_add as action

        env = env_of(ctx)
        item, sid = action(
            env.context(), item_id, title, due=due, after=after, owner=owner, deliverable=deliverable, weight=weight
        )
        env.print(f"{item.id} {sid}")

    from fivefold.cli import loop

    loop.register_steps(step_app)


def _print_detail(env: Env, item_id: str, json: bool = True) -> None:
    from fivefold.actions import log_lines, show_item
    from fivefold.cli.output import print_json
    from fivefold.views import detail

    context = env.context()
    item, assessment, snap = show_item(context, item_id)
    data = detail(item, assessment)
    if json:
        print_json(env, data)
        return
    import datetime as dt

    from fivefold.render.history import render_history
    from fivefold.render.item import render_item

    plan = snap.plan_of(item)
    log = render_history(log_lines(item, dt.date.min, context.today), env.lang).splitlines()
    area_label = plan.areas.get(item.area) if plan and item.area else None
    env.print(render_item(data, log, env.lang, area_label, colour=env.color))
