"""Extraction: from article text to observations with evidence."""
