"""What the API and the web pages share: who is calling, CSRF, the session cookie, error
bodies, the public check's guard.
"""
