-- Incremental reads: a Full Import of a source that can report changes reads only what changed since the connection's
-- last read (changes_since holds that read's change token; null reads everything), and keeps the token its last page gave.
alter table import_runs add column changes_since text;
alter table import_runs add column change_token text;

-- Where each connection's next read of only what changed starts, what it was read with (source settings and mapping:
-- another basis reads everything again), and when everything was last read (the periodic full read finds deletions).
create table change_marks (
    connection_id uuid primary key references connections (id) on delete cascade,
    tenant_id     uuid not null references tenants (id) on delete cascade,
    change_token  text not null,
    basis         text not null,
    full_read_at  timestamptz not null
);
