"""Why a certificate was revoked reads back from its stored English (issue #26, item 1): the
sentences the system writes are translated, a reason someone typed is shown as given."""

from __future__ import annotations

from datetime import UTC, datetime

from warrantor.certificates.revocation_words import revocation_said
from warrantor.certificates.signing import revoked
from warrantor.i18n.sentences import localised


def test_a_reissue_for_a_replaced_unit_is_translated_and_a_typed_reason_kept() -> None:
    replaced = "reissued as EW-2026-000002: unit replaced by Q2 on RMA QNAP-2026-000001"
    assert localised(revocation_said(replaced), "zh_Hans") == (
        "已重新签发为 EW-2026-000002：设备已在 RMA QNAP-2026-000001 中更换为 Q2"
    )
    typed = "reissued as EW-2026-000003: buyer name corrected"
    assert localised(revocation_said(typed), "de") == (
        "neu ausgestellt als EW-2026-000003: buyer name corrected"
    )
    assert revocation_said("refunded on request") == "refunded on request"
    assert localised(revocation_said(replaced), "en") == replaced


def test_the_verifiers_reason_keeps_its_english_and_translates_the_revocation() -> None:
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    said = revoked(at, "unit replaced by Q2 on RMA QNAP-2026-000001")
    assert (
        str(said) == "revoked on 2026-11-23T12:00:00Z: unit replaced by Q2 on RMA QNAP-2026-000001"
    )
    assert localised(said, "de").endswith(
        ": Gerät ersetzt durch Q2 im Rahmen der RMA QNAP-2026-000001"
    )
