-- Who did what to a tenant's configuration, and when: one row per admin action (or schedule, or operator).
-- Never a secret: a replaced key is recorded as "replaced". Changes are a JSON list of {field, before, after}.
create table audit_entries (
    id                bigserial primary key,
    tenant_id         uuid not null references tenants (id) on delete cascade,
    at                timestamptz not null,
    actor             text not null,
    actor_account_id  text,
    action            text not null,
    subject           text not null,
    changes           jsonb not null default '[]'
);
create index audit_entries_tenant_at on audit_entries (tenant_id, at desc, id desc);
