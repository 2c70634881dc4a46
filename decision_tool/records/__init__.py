"""Records written out and read back: the record model and its Markdown, PDF and JSON forms."""
