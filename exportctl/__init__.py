"""exportctl: export-control and nonproliferation compliance engine."""

__version__ = "0.1.0"
