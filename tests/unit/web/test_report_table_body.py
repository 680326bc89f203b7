"""A report's table body, written in one pass (``ReportView.body``): every value escaped as
the template escaped it, each cell opened with its column's label, figures right-aligned."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import Markup

from warrantor.web.reports import ReportView


def view(rows: list[tuple[object, ...]]) -> ReportView:
    return ReportView(
        name="expiring",
        title="t",
        intro="i",
        chart=Markup(""),
        columns=("ends_on", "serial", "owner", "units"),
        rows=rows,
        numeric=frozenset({3}),
    )


def test_each_value_is_escaped_and_each_cell_labelled() -> None:
    body = view([(date(2026, 12, 19), "<script>x</script>", "A & B \"Ltd\" 'x'", 7)]).body

    assert isinstance(body, Markup)
    assert body == (
        '<tr><td data-label="ends on">2026-12-19</td>'
        '<td data-label="serial">&lt;script&gt;x&lt;/script&gt;</td>'
        '<td data-label="owner">A &amp; B &#34;Ltd&#34; &#39;x&#39;</td>'
        '<td data-label="units" class="num">7</td></tr>\n'
    )


def test_a_value_that_is_already_markup_is_kept_and_none_is_written_as_jinja_wrote_it() -> None:
    body = view([(None, Markup("<b>S1</b>"), "", 0)]).body

    assert '<td data-label="ends on">None</td>' in body
    assert '<td data-label="serial"><b>S1</b></td>' in body
    assert '<td data-label="owner"></td>' in body


def test_rows_follow_each_other_and_none_is_empty() -> None:
    two = view([(date(2026, 1, 1), "A", "", 1), (date(2026, 1, 2), "B", "", 2)]).body

    assert two.count("<tr>") == 2 and two.index(">A<") < two.index(">B<")
    assert view([]).body == ""


def test_a_row_of_the_wrong_width_is_an_error_not_a_shifted_table() -> None:
    with pytest.raises(ValueError):
        _ = view([(date(2026, 1, 1), "A", "")]).body
