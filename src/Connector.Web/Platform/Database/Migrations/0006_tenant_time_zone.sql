-- The site's time zone, as the product reports it on page loads (tz); daily and weekly imports run in its night.
alter table tenants add column time_zone text;
