"""Use cases of the mail outbox: queue a message in the caller's transaction, send the queue."""
