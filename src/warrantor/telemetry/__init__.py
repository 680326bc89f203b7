"""Watching the product run (issue #22): structured logs (``logs``), Prometheus metrics
(``metrics``) and OpenTelemetry traces (``tracing``).

One outside concern, like ``mail/`` or ``smart/``: it knows the libraries and
nothing of the product's layers above it, so services, ``http/``, ``api/`` and
``jobs/`` can all count and log through it.
"""
