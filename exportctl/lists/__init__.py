"""Restricted-party lists: formats, sources, fetching and diffs."""
