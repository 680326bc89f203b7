"""Watching browser pages for Content-Security-Policy violations (the e2e fixtures use it).

Imported by ``conftest.py`` and the tests of this folder (pytest puts the folder on the path).
"""

from __future__ import annotations

from typing import Any

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
    "CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber));
"""
"""Run in every page before its own scripts: each violation the page reports is logged."""


class CspViolations:
    """The Content-Security-Policy violations the pages of watched browser contexts report."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def watch(self, context: Any) -> Any:
        """Listen in every page of ``context`` (now and later); returns ``context``."""
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        return context

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            self.found.append(f"{message.location.get('url', '')}: {text}")
