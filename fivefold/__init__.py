"""fivefold: work items run by the 五化 closed-loop method, as plain YAML files."""

__version__ = "0.2.0.dev0"  # the caches are tagged with it: a change of what they hold bumps it
