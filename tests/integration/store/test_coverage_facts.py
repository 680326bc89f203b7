"""The chunked read of coverage facts gives what the check's one-unit read gives."""

from __future__ import annotations

from typing import Any

from test_coverage_read import UNIT, give_the_unit_everything

from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.coverage_facts import read_coverage_facts
from warrantor.store.coverage_read import CoverageReader


def test_a_chunk_reads_each_unit_as_the_one_unit_read_does(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([UNIT, {**UNIT, "serial": "NQ0002"}])
    with uow_factory() as uow:
        rich = uow.units.id_of("Netac", "NQ0001")
        plain = uow.units.id_of("Netac", "NQ0002")
        assert rich is not None and plain is not None
        give_the_unit_everything(uow, rich)

        found = read_coverage_facts(uow.connection, [plain, rich, 10**9])
        reader = CoverageReader(uow.connection)

        assert set(found) == {rich, plain}  # an id no unit has is left out
        assert found[rich].record == reader.read("Netac", "NQ0001")
        assert found[plain].record == reader.read("Netac", "NQ0002")
        assert found[rich].record.unit.voiding_findings == ("sticker_removed", "counterfeit")
        assert len(found[rich].record.extensions) == 2
        assert found[plain].brand_id == found[rich].brand_id
