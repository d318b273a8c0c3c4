-- Settings a superadmin changes at run time; a missing key takes the configuration's default.
create table platform_settings (
    key text primary key check (char_length(key) between 1 and 100),
    value bigint not null,
    updated_by uuid references users (id) on delete set null,
    updated_at timestamptz not null default now()
);
grant select, insert, update, delete on platform_settings to hirevoo_app;

-- Every instance re-reads them when one changes.
create function announce_settings_change() returns trigger
    language plpgsql
    as $$
begin
    perform pg_notify('hirevoo_events', json_build_object(
        'kind', 'settings', 'tenant', null, 'id', '00000000-0000-0000-0000-000000000000')::text);
    return null;
end $$;

create trigger platform_settings_announce after insert or update or delete on platform_settings
    for each statement execute function announce_settings_change();
