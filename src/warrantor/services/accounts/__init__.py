"""Use cases about one account as a whole: the staff's page per customer (issue #23, item 7)."""
