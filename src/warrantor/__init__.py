"""Warrantor: warranty policies as data, the installed base, extensions and the RMA desk."""

__version__ = "0.1.0"
