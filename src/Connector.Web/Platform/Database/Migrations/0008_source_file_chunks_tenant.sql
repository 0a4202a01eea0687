-- File chunks carry their tenant like every other tenant-owned row, so the one tenant filter covers them
-- too (they were reachable only through a join a query had to remember).
alter table source_file_chunks add column tenant_id uuid references tenants (id) on delete cascade;
update source_file_chunks c set tenant_id = f.tenant_id from source_files f where f.id = c.file_id;
alter table source_file_chunks alter column tenant_id set not null;
