"""Use cases of customers' help requests: a serial the installed base lacks, a unit another
account owns (issue #23, items 6 and 7)."""
