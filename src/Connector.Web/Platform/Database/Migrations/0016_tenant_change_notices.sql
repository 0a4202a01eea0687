-- Every change to a tenant row, from any instance and any code path, is announced: instances that keep tenants in
-- memory (TenantCache) forget that one at once.
create function notify_tenant_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('tenants_changed', coalesce(new.id, old.id)::text);
    return null;
end $$;
create trigger tenants_changed after insert or update or delete on tenants for each row execute function notify_tenant_changed();
