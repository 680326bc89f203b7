"""Use cases of certificates: issue, revoke, download, verify, and a claim's certificate check."""
