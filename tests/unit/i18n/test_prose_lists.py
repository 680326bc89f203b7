"""Lists in prose are joined as each language joins one (issue #26): never an English comma
and "and" in a German or Chinese sentence; a file's size and a wait are written in the
language too ("34,6 kB", "8 Sekunden")."""

from __future__ import annotations

from warrantor.i18n.formats import duration, file_size, listing


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


def test_a_file_size_is_written_with_the_languages_decimal_mark() -> None:
    # English keeps what the pages showed (Jinja's filesizeformat)
    assert [file_size(n) for n in (1, 512, 34_567, 1_234_567)] == [
        "1 Byte", "512 Bytes", "34.6 kB", "1.2 MB"
    ]  # fmt: skip
    assert [file_size(n, "de") for n in (512, 34_567, 999_999, 2_500_000_000)] == [
        "512 Byte", "34,6 kB", "1.000,0 kB", "2,5 GB"
    ]  # fmt: skip
    assert file_size(1_234_567, "zh_Hans") == "1.2 MB"


def test_a_wait_is_said_exactly_in_the_language() -> None:
    assert [duration(s) for s in (1, 45, 60, 900, 3600)] == [
        "1 second", "45 seconds", "1 minute", "15 minutes", "60 minutes"
    ]  # fmt: skip
    assert [duration(s, "de") for s in (8, 900)] == ["8 Sekunden", "15 Minuten"]
    assert [duration(s, "zh_Hans") for s in (8, 900)] == ["8秒钟", "15分钟"]
