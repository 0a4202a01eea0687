-- One row per Connect installation, keyed by the product's clientKey.
create table tenants (
    id                          uuid primary key,
    client_key                  text not null unique,
    base_url                    text not null,
    display_url                 text,
    product_type                text not null,
    shared_secret_protected     text not null,
    oauth_client_id             text,
    cloud_id                    text,
    service_entitlement_number  text,
    entitlement_id              text,
    entitlement_number          text,
    server_version              text,
    plugins_version             text,
    description                 text,
    installed                   boolean not null,
    enabled                     boolean not null,
    edition                     text not null,
    created_at                  timestamptz not null,
    updated_at                  timestamptz not null,
    uninstalled_at              timestamptz
);

create index tenants_uninstalled_at on tenants (uninstalled_at) where uninstalled_at is not null;
