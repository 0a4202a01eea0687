-- The safety stop: a Full Import that would deactivate more than this share of the connection's customers pauses
-- before deactivating, until an admin confirms (or cancels). A paused run still holds its connection's single flight.
alter table connections add column safety_stop_percent integer not null default 10;
alter table import_runs add column deactivation_confirmed boolean not null default false;
drop index import_runs_one_active;
create unique index import_runs_one_active on import_runs (connection_id) where status in ('queued', 'running', 'paused');
