"""The importer on PostgreSQL."""

from __future__ import annotations

from aimak_desktop.models.ids import new_id
from aimak_desktop.sync import schema


def test_a_reversal_is_written_after_its_charge():
    """The portable path's order of new rows (PostgreSQL checks each INSERT statement)."""
    from aimak_desktop.sync.apply import parents_first

    info = schema.synced_tables()["charges"]
    charge, other = {"id": new_id(), "reverses_id": None}, {"id": new_id(), "reverses_id": None}
    reversal = {"id": new_id(), "reverses_id": charge["id"]}
    elsewhere = {"id": new_id(), "reverses_id": new_id()}  # its charge is already stored
    rows = parents_first(info, [reversal, elsewhere, charge, other])
    assert rows.index(charge) < rows.index(reversal) and len(rows) == 4
    village = schema.synced_tables()["villages"]
    assert parents_first(village, [reversal, charge]) == [reversal, charge]
