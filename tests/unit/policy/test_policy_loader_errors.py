"""A wrong policy file gets an error naming the file, the line and the key; nothing loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_samples import BASE, line_of

from warrantor.policy.book import PolicyBook
from warrantor.policy.errors import PolicyError
from warrantor.policy.loader import load_policy


def _error(write_policy, text: str) -> PolicyError:  # type: ignore[no-untyped-def]
    path = write_policy(text)
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert raised.value.file == path
    return raised.value


def test_the_acme_sample_loads(write_policy) -> None:  # type: ignore[no-untyped-def]
    policy = load_policy(write_policy())
    assert policy.brand == "Acme"


def test_a_misspelt_key_is_named_with_its_line_and_a_hint(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("standard_years = 2", "standard_yeers = 2")
    error = _error(write_policy, text)
    assert error.key == "standard_yeers"
    assert error.line == line_of(text, "standard_yeers")
    assert "did you mean 'standard_years'" in error.message


def test_a_misspelt_key_inside_a_rule_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("days = 30", "dayz = 30")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("dayz", line_of(text, "dayz"))


def test_a_wrong_type_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("years = 4", 'years = "four"')
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("years", line_of(text, 'years = "four"'))


def test_an_unknown_rule_kind_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('kind = "maximum_term"', 'kind = "maximum_terms"')
    error = _error(write_policy, text)
    assert error.key == "kind"
    assert error.line == line_of(text, "maximum_terms")
    assert "unknown rule kind" in error.message


def test_a_reference_to_an_unknown_clause_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('clauses = ["acme.max"]', 'clauses = ["acme.maximum"]')
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("clauses", line_of(text, "acme.maximum"))
    assert "acme.maximum" in error.message


def test_a_reference_to_an_unknown_line_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('lines = ["W"]', 'lines = ["X"]')
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("lines", line_of(text, 'lines = ["X"]'))


def test_a_bad_regular_expression_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("patterns = ['W-[0-9]{3}']", "patterns = ['W-[0-9{3}']")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("patterns", line_of(text, "patterns"))
    assert "regular expression" in error.message


def test_a_clause_not_found_verbatim_in_its_source_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("Cables are not covered.", "Cables are never covered.")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("text", line_of(text, "Cables are never"))


def test_a_missing_key_points_at_its_table(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('name = "Widgets"\n', "")
    error = _error(write_policy, text)
    assert error.key == "name"
    assert error.line == line_of(text, "[[lines]]")


def test_a_duplicate_clause_id_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('id = "acme.cables"', 'id = "acme.local"')
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("id", line_of(text, 'id = "acme.local"', nth=2))


def test_invalid_toml_is_named_with_its_line(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("years = 4", "years = = 4")
    error = _error(write_policy, text)
    assert error.line == line_of(text, "years = = 4")


def test_every_problem_is_reported_not_only_the_first(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("years = 4", 'years = "four"').replace("days = 30", "dayz = 30")
    error = _error(write_policy, text)
    assert {p.key for p in error.policy_problems} == {"years", "dayz", "days"}


def test_one_bad_file_stops_the_whole_book_from_loading(write_policy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_policy()
    write_policy(
        BASE.replace('brand = "Acme"', 'brand = "Other"').replace(
            "standard_years = 2", "standard_years = -1"
        ),
        name="other.toml",
    )
    with pytest.raises(PolicyError) as raised:
        PolicyBook.from_dir(tmp_path)
    assert raised.value.file.name == "other.toml"
