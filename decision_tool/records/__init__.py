"""Records written out and read back: one record model (``model``), its one layout (``layout``), one
module per format (``markdown``, ``pdf``, ``json_record``, ``ics``), and earlier records re-assessed on
today's rules (``history``). The public names are importable from here."""

from .ics import record_ics
from .json_record import answers_that_still_fit, read_record, record_json
from .layout import answer_text, long_date, recency_line, record_lines, record_title
from .markdown import record_markdown, record_text
from .model import (
    DETAIL_LABELS,
    DISCLAIMER,
    EXPLOITATION_MODELS,
    MAX_RECORD_BYTES,
    RECORD_FORMAT,
    RECORD_KIND,
    Record,
    RecordDetails,
    is_emergency,
    make_record,
    steps_to_show,
)
from .pdf import new_pdf, record_pdf, write_pdf_lines

__all__ = [
    "DETAIL_LABELS",
    "DISCLAIMER",
    "EXPLOITATION_MODELS",
    "MAX_RECORD_BYTES",
    "RECORD_FORMAT",
    "RECORD_KIND",
    "Record",
    "RecordDetails",
    "answer_text",
    "answers_that_still_fit",
    "is_emergency",
    "long_date",
    "make_record",
    "new_pdf",
    "read_record",
    "recency_line",
    "record_ics",
    "record_json",
    "record_lines",
    "record_markdown",
    "record_pdf",
    "record_text",
    "record_title",
    "steps_to_show",
    "write_pdf_lines",
]
