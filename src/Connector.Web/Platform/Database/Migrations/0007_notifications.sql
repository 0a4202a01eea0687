-- Notify Me: who hears about what.
create table notification_settings (
    tenant_id         uuid primary key references tenants (id) on delete cascade,
    emails            text[] not null,
    on_run_failed     boolean not null,
    on_record_errors  boolean not null,
    on_credentials    boolean not null,
    on_expiry         boolean not null,
    updated_at        timestamptz not null
);

-- Incidents the admins are told about. At most one open alert per incident, however often it recurs,
-- so a run failing five times sends one email; it closes (and says so) when things recover.
create table alerts (
    id                   uuid primary key,
    tenant_id            uuid not null references tenants (id) on delete cascade,
    incident_key         text not null,
    kind                 text not null,
    title                text not null,
    body                 text not null,
    link_path            text,
    opened_at            timestamptz not null,
    occurrences          integer not null default 1,
    resolved_at          timestamptz,
    acknowledged_at      timestamptz,
    emailed              boolean not null default false
);
create unique index alerts_one_open_per_incident on alerts (tenant_id, incident_key) where resolved_at is null;
