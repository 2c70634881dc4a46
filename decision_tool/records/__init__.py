"""Records written out and read back: the record model and its Markdown, PDF and JSON forms, and earlier
records re-assessed on today's rules (history)."""
