-- A tenant may come through Connect (a clientKey and a shared secret), through Forge (an installation with an
-- app system token), or both (a Connect app on Forge: its install payload names the installation).
alter table tenants alter column client_key drop not null;
alter table tenants alter column shared_secret_protected drop not null;
alter table tenants add column forge_installation_id text;
alter table tenants add column forge_environment_id text;
alter table tenants add column forge_api_base_url text;
alter table tenants add column forge_system_token_protected text;
alter table tenants add column forge_system_token_expires_at timestamptz;
create unique index tenants_forge_installation on tenants (forge_installation_id) where forge_installation_id is not null;
