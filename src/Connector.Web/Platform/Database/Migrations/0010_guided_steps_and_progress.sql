-- The three steps guide: Build is done for a mapping when the fields of exactly that mapping were built, so a
-- changed mapping asks for Build again before Test and Full Import.
alter table connections add column built_fields_key text;
alter table connections add column built_at timestamptz;
-- Progress that tells: whether a run's total is the source's own count or an estimate from the previous run.
alter table import_runs add column total_estimated boolean not null default false;
