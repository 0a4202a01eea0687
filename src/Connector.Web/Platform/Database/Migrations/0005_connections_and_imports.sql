-- How we reach the tenant's CSM API: a Jira administrator's email and API token (Connect JWTs are not
-- accepted there), checked and stored encrypted like a source's credentials.
create table csm_access (
    tenant_id                  uuid primary key references tenants (id) on delete cascade,
    email                      text not null,
    token_protected            text not null,
    status                     text not null,
    status_reason              text,
    checked_at                 timestamptz,
    updated_by_name            text not null,
    updated_at                 timestamptz not null
);

create table connections (
    id                   uuid primary key,
    tenant_id            uuid not null references tenants (id) on delete cascade,
    name                 text not null,
    -- A source cannot be deleted while a connection uses it.
    source_id            uuid not null references external_sources (id) on delete restrict,
    destination          text not null,
    schedule             text not null,
    schedule_time        time,
    schedule_day         integer,
    deactivation_policy  text not null,
    mapping              jsonb not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index connections_name on connections (tenant_id, lower(name));

create table import_runs (
    id                uuid primary key,
    tenant_id         uuid not null references tenants (id) on delete cascade,
    connection_id     uuid not null references connections (id) on delete cascade,
    kind              text not null,
    trigger           text not null,
    requested_by      text,
    status            text not null,
    cursor            text,
    records_read      integer not null default 0,
    created           integer not null default 0,
    updated           integer not null default 0,
    unchanged         integer not null default 0,
    skipped           integer not null default 0,
    failed            integer not null default 0,
    total_hint        integer,
    message           text,
    cancel_requested  boolean not null default false,
    queued_at         timestamptz not null,
    started_at        timestamptz,
    heartbeat_at      timestamptz,
    finished_at       timestamptz
);
-- Single flight, enforced by the database: at most one queued or running import per connection,
-- whichever instance, browser or button asks.
create unique index import_runs_one_active on import_runs (connection_id) where status in ('queued', 'running');
create index import_runs_connection on import_runs (tenant_id, connection_id, queued_at desc);

-- Everything a run did, down to each record that failed and why. Append-only.
create table import_events (
    id           bigserial primary key,
    tenant_id    uuid not null references tenants (id) on delete cascade,
    run_id       uuid not null references import_runs (id) on delete cascade,
    occurred_at  timestamptz not null,
    level        text not null,
    kind         text not null,
    record_key   text,
    message      text not null
);
create index import_events_run on import_events (run_id, id);

-- What each connection last wrote for each record: the CSM id and a hash of the mapped content,
-- so unchanged records cost no writes and vanished ones can be found.
create table imported_records (
    tenant_id        uuid not null references tenants (id) on delete cascade,
    connection_id    uuid not null references connections (id) on delete cascade,
    entity           text not null,
    identity_key     text not null,
    csm_id           text not null,
    content_hash     text not null,
    last_seen_run_id uuid not null,
    deactivated      boolean not null default false,
    primary key (connection_id, entity, identity_key)
);
create index imported_records_seen on imported_records (connection_id, last_seen_run_id);
