"""fivefold: work items run by the 五化 closed-loop method, as plain YAML files."""

__version__ = "0.1.0"
