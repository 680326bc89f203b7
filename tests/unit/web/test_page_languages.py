"""The page templates in each language (issue #26): text is translated, data is escaped and
left as given, names of states and coverage kinds follow the page's language."""

from __future__ import annotations

from datetime import date

import pytest

from warrantor.web.forms import Form
from warrantor.web.page_templates import templates_for


@pytest.mark.parametrize("locale", ["en", "de", "zh_Hans"])
def test_a_message_shown_in_a_form_is_escaped_in_every_language(locale: str) -> None:
    form = Form.of({"serial": "x"}, {"serial": "Serial number"})
    form.add("<script>alert('x')</script> is 100% wrong", "serial")
    form.add("is required", "serial")
    env = templates_for(locale).env
    html = env.from_string(
        '{% import "_forms.html" as f %}{{ f.error_summary(form) }}{{ f.input(form, "serial", '
        '_("Serial number")) }}'
    ).render(form=form)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; is 100% wrong" in html
    required = {"en": "is required", "de": "ist erforderlich", "zh_Hans": "为必填项"}[locale]
    assert required in html


def test_filters_write_names_days_and_money_in_the_pages_language() -> None:
    source = (
        "{{ 'awaiting_unit' | rma_state }}|{{ 'extended' | coverage_kind }}|"
        "{{ day | day }}|{{ 129900 | money('EUR') }}"
    )
    rendered = {
        locale: templates_for(locale).env.from_string(source).render(day=date(2027, 4, 29))
        for locale in ("en", "de", "zh_Hans")
    }
    assert rendered["en"] == "Waiting for the unit|extended warranty|29 April 2027|EUR 1299.00"
    assert (
        rendered["de"] == "Wartet auf das Gerät|Garantieverlängerung|29. April 2027|1.299,00\xa0€"
    )
    assert rendered["zh_Hans"] == "等待设备寄达|延长保修|2027年4月29日|€1,299.00"
