"""decision_tool: a CSE screening aid that supports, and never replaces, professional judgement."""

from .errors import AnswersError, RecordError, RulesError, UserError
from .rules.catalog import Catalog
from .rules.loader import load_rules, parse_rules
from .screening.engine import assess
from .screening.result import Assessment, Override
from .screening.scenarios import load_catalog

__version__ = "0.1.0"
__all__ = [
    "Assessment",
    "AnswersError",
    "Catalog",
    "Override",
    "RecordError",
    "RulesError",
    "UserError",
    "assess",
    "load_catalog",
    "load_rules",
    "parse_rules",
]
