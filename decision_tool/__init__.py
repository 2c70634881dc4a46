"""decision_tool: a CSE screening aid that supports, and never replaces, professional judgement."""

from .catalog import Catalog, load_catalog
from .engine import assess
from .errors import AnswersError, RecordError, RulesError, UserError
from .loader import load_rules, parse_rules
from .result import Assessment, Override

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
