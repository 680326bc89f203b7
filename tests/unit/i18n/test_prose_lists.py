"""Lists in prose are joined as each language joins one (issue #26): never an English comma
and "and" in a German or Chinese sentence."""

from __future__ import annotations

from warrantor.i18n.formats import listing


def test_a_list_is_joined_with_each_languages_words() -> None:
    items = ["parts", "labour", "remote troubleshooting"]
    assert listing(items) == "parts, labour and remote troubleshooting"
    assert listing(["Ersatzteile", "Arbeitszeit"], "de") == "Ersatzteile und Arbeitszeit"
    assert listing(["零件", "人工", "远程故障排查"], "zh_Hans") == "零件、人工和远程故障排查"


def test_a_choice_is_joined_with_or() -> None:
    assert listing(["QNAP", "Netac", "Crucial"], style="or") == "QNAP, Netac or Crucial"
    assert listing(["QNAP", "Netac"], "de", "or") == "QNAP oder Netac"
    assert listing(["QNAP", "Netac"], "zh_Hans", "or") == "QNAP或Netac"


def test_one_item_stands_alone_and_empty_ones_are_left_out() -> None:
    assert listing(["parts"], "de") == "parts"
    assert listing(["", "labour", ""], "zh_Hans") == "labour"
    assert listing([], "de") == ""
