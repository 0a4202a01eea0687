-- External sources of people and companies, one row per configured source of a tenant.
create table external_sources (
    id                           uuid primary key,
    tenant_id                    uuid not null references tenants (id) on delete cascade,
    name                         text not null,
    type                         text not null,
    settings                     jsonb not null,
    secret_protected             text,
    status                       text not null,
    status_reason                text,
    status_checked_at            timestamptz,
    expires_on                   date,
    last_updated_by_account_id   text not null,
    last_updated_by_name         text not null,
    last_updated_at              timestamptz not null,
    created_at                   timestamptz not null
);
create unique index external_sources_name on external_sources (tenant_id, lower(name));

-- What happened to sources over time (status changes, edits), append-only.
create table source_events (
    id           bigserial primary key,
    tenant_id    uuid not null references tenants (id) on delete cascade,
    source_id    uuid not null,
    occurred_at  timestamptz not null,
    kind         text not null,
    detail       text not null
);
create index source_events_source on source_events (tenant_id, source_id, occurred_at);

-- Uploaded files (CSV sources), stored in chunks so that no request or import holds a whole file.
create table source_files (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id) on delete cascade,
    file_name   text not null,
    size_bytes  bigint not null,
    created_at  timestamptz not null
);
create table source_file_chunks (
    file_id  uuid not null references source_files (id) on delete cascade,
    seq      integer not null,
    data     bytea not null,
    primary key (file_id, seq)
);
