"""What a decision still needs reads back from its stored English into its sentence and is
shown in the reader's language (issue #26, item 1); the model a sentence names stays as the
policy gives it, and an unknown sentence is shown as given."""

from __future__ import annotations

import pytest

from warrantor.errors import Said
from warrantor.i18n.sentences import localised, read_back
from warrantor.policy.missing_words import NEEDED, SPECIAL_REVIEW_CONTACT

VALUES = {"model": "NS-100 (1TB)", "contact": "support@example.com"}


@pytest.mark.parametrize("template", NEEDED)
def test_each_sentence_reads_back_and_is_translated(template: str) -> None:
    values = {name: value for name, value in VALUES.items() if f"%({name})s" in template}
    stored = str(Said(template, **values))
    again = read_back(stored, NEEDED)
    assert again is not None and again.template == template and dict(again.values) == values
    assert localised(again, "en") == stored
    for locale in ("de", "zh_Hans"):
        shown = localised(again, locale)
        assert shown != stored and all(str(v) in shown for v in values.values()), shown


def test_the_longer_sentence_is_read_before_its_shorter_form() -> None:
    stored = "a person to review this special application (consult the maker by fax 123)"
    again = read_back(stored, NEEDED)
    assert again is not None and again.template == SPECIAL_REVIEW_CONTACT
    assert localised(again, "zh_Hans") == "由专人审核此特殊用途（请通过 fax 123 咨询制造商）"


def test_a_sentence_of_no_template_is_not_read() -> None:
    assert read_back("the colour of the box", NEEDED) is None
    assert read_back("the manufacturing date, please", NEEDED) is None
