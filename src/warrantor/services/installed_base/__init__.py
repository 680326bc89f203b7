"""Use cases of the installed base: the catalogue, units, import, registration and the
coverage check.
"""
