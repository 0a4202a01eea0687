-- Preview changes reads the whole source without writing: it marks the records it saw here (never the ledger's own
-- last_seen_run_id), so the customers a Full Import would deactivate can be counted and listed.
alter table imported_records add column last_previewed_run_id uuid;
