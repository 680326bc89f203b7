"""Use cases of access: sign-in and sessions, users and roles, API tokens, rate limits."""
