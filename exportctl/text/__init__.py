"""Text normalisation for matching: scripts and transliteration, legal forms, name tokens,
phonetic keys.

The entry point is :func:`exportctl.text.names.analyze_name`; the data tables it reads are in
``exportctl/text/data`` (each with its sources). See docs/screening.md, section 1.
"""
