"""The locator maps a Pydantic error path to the line of that key in the TOML text."""

from __future__ import annotations

from warrantor.policy.locate import KeyLocator

TEXT = """\
[policy]
id = "x"

[[lines]]
id = "a"
patterns = [
  'TS-[0-9]{2}[]]',
  "b = c",
]
standard_years = 2

[[lines]]
id = "b"
standard_years = 3
"quoted.key" = 1

[[cases]]
name = "one"
[cases.given]
model = "m"
inline = { a = 1 }

[[cases]]
name = "two"
[cases.given]
model = "m2"
notes = '''
fake = "not a key"
'''
after = 1
"""


def test_a_table_key_is_found() -> None:
    assert KeyLocator(TEXT).line_of(("policy", "id")) == 2


def test_array_entries_are_counted() -> None:
    locator = KeyLocator(TEXT)
    assert locator.line_of(("lines", 0, "standard_years")) == 10
    assert locator.line_of(("lines", 1, "standard_years")) == 14


def test_an_item_of_a_multiline_list_points_at_its_key() -> None:
    assert KeyLocator(TEXT).line_of(("lines", 0, "patterns", 1)) == 6


def test_lines_inside_a_multiline_value_are_not_keys() -> None:
    assert not KeyLocator(TEXT).has(("lines", 0, "b"))


def test_quoted_keys_are_found() -> None:
    assert KeyLocator(TEXT).line_of(("lines", 1, "quoted.key")) == 15


def test_a_subtable_of_an_array_entry_belongs_to_that_entry() -> None:
    locator = KeyLocator(TEXT)
    assert locator.line_of(("cases", 0, "given", "model")) == 20
    assert locator.line_of(("cases", 1, "given", "model")) == 26


def test_a_key_of_an_inline_table_points_at_the_inline_table() -> None:
    assert KeyLocator(TEXT).line_of(("cases", 0, "given", "inline", "a")) == 21


def test_multiline_strings_are_skipped() -> None:
    locator = KeyLocator(TEXT)
    assert not locator.has(("cases", 1, "given", "fake"))
    assert locator.line_of(("cases", 1, "given", "after")) == 30


def test_a_missing_entry_falls_back_to_its_table() -> None:
    assert KeyLocator(TEXT).line_of(("lines", 1, "examples")) == 12


def test_an_unknown_path_has_no_line() -> None:
    assert KeyLocator(TEXT).line_of(("nothing", 0)) is None
