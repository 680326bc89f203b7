"""Demo data for ``make run`` and ``warrantor demo``: imports services and bootstrap; only
the CLI imports it.
"""
