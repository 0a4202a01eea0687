-- Personal data reporting: which Atlassian accounts we hold data about were last reported to Atlassian, per
-- tenant (reports are made in the tenant's context), so each is reported once per cycle.
create table personal_data_reports (
    tenant_id    uuid not null references tenants (id) on delete cascade,
    account_id   text not null,
    reported_at  timestamptz not null,
    primary key (tenant_id, account_id)
);
-- The CSM credential named who saved it only by display name; the account id lets a closed account be erased.
alter table csm_access add column updated_by_account_id text;
