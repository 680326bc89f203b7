"""Languages (issue #26): which one a reader gets, the translated words, and dates, numbers and
money written the way that language writes them.

``locales`` picks the language (a stored setting, else ``Accept-Language``) and loads the
catalogues; ``formats`` writes days and money per language. The catalogues are the ``.po``
files under ``locale/``, compiled in memory when first used, so a fresh clone needs no
build step (README: "Languages").
"""
