-- Field-level delta writes: a short hash of each detail value as last written ({"Country":"1f2e3d4c5b6a7988"}), so an
-- update writes only the fields whose value changed, and clears those that lost their value. Null for rows written
-- before this existed: their next update writes every present value once, and records the hashes.
alter table imported_records add column field_hashes jsonb;
