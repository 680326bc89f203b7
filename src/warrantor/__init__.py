"""Warrantor: warranty policies as data, the installed base, extended warranties and the RMA desk."""

__version__ = "0.1.0"
