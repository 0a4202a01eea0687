-- ASP.NET Core Data Protection key ring, shared by every app instance.
create table data_protection_keys (
    id            bigserial primary key,
    friendly_name text,
    xml           text not null,
    created_at    timestamptz not null default now()
);

-- Keys the app generates for itself (for example the session-token signing key), stored protected.
create table app_keys (
    name            text primary key,
    protected_value text not null,
    created_at      timestamptz not null default now()
);
