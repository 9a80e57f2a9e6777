"""Shell completion of values: item ids, plans, areas, states, lights, buckets and formats, offered as
the user types (`fivefold completion bash` prints the script that asks for them). A workspace that
cannot be read completes nothing rather than failing the shell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _workspace(ctx: Any) -> Any:
    from fivefold.cli.env import Env

    plans = ctx.find_root().params.get("plans") or ()
    return Env(plans=tuple(plans)).workspaces[0]


def _safely(find: Callable[[Any], list[str]]) -> Callable[[Any, str], list[str]]:
    def complete(ctx: Any, incomplete: str) -> list[str]:
        from fivefold.errors import FivefoldError

        try:
            found = find(ctx)
        except (FivefoldError, OSError):
            return []
        return [value for value in found if value.casefold().startswith(incomplete.casefold())]

    return complete


ids = _safely(lambda ctx: _workspace(ctx).item_ids())


def _plans(ctx: Any) -> list[str]:
    from fivefold.loading import read_plans

    plans = read_plans(_workspace(ctx))[0]
    return sorted({*plans, *(p.prefix for p in plans.values())})


def _areas(ctx: Any) -> list[str]:
    from fivefold.loading import read_plans

    return sorted({key for plan in read_plans(_workspace(ctx))[0].values() for key in plan.areas})


plans = _safely(_plans)
areas = _safely(_areas)


def choices(*values: str) -> Callable[[Any, str], list[str]]:
    """The fixed values of an option (and, for comma-separated lists, the last one being typed)."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        head = f"{done}," if done else ""
        return [head + v for v in values if v.startswith(last)]

    return complete


def states(ctx: Any, incomplete: str) -> list[str]:
    from fivefold.model import STATES

    return choices(*STATES)(ctx, incomplete)


def lights(ctx: Any, incomplete: str) -> list[str]:
    from fivefold.schedule import LIGHTS

    return choices(*LIGHTS)(ctx, incomplete)


def buckets(ctx: Any, incomplete: str) -> list[str]:
    from fivefold.schedule import BUCKETS

    return choices(*BUCKETS)(ctx, incomplete)


def formats(ctx: Any, incomplete: str) -> list[str]:
    from fivefold.export import FORMATS

    return choices(*FORMATS)(ctx, incomplete)
