"""The built-in rules files (``*.yaml``, data: one file per entry and regime).

The loader is :mod:`exportctl.classification.ruleset`; it is re-exported here because
``load_rules`` reads this folder by default. Prefer ``from exportctl.classification import
load_rules``.
"""

from exportctl.classification.ruleset import DEFAULT_RULES_DIR, RuleSet, load_rules

__all__ = ["DEFAULT_RULES_DIR", "RuleSet", "load_rules"]
