"""The job layer (issue #20): an entry point, like the API, that runs work later.

``duties`` declares every periodic duty once (what it does, when). Two
workers run the same duty functions: on PostgreSQL, Procrastinate
(``procrastinate_app``: one task per duty, scheduled by its periodic
deferrer, with a queueing lock and a job lock per duty); on the embedded
SQLite default, one polling loop (``polling``). ``status`` is what
``warrantor worker --status`` shows.
"""
