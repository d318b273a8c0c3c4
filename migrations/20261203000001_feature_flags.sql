-- Feature flags: platform-wide, read by every server instance into memory.
create table feature_flags (
    key text primary key check (key ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
    description text not null default '' check (char_length(description) <= 500),
    kind text not null check (kind in ('release', 'experiment', 'operational', 'kill_switch', 'permission')),
    owner text not null default '' check (char_length(owner) <= 120),
    default_on boolean not null default false,
    -- Engaged, the flag is off for everyone whatever the other rules say.
    killed boolean not null default false,
    tenants_on uuid[] not null default '{}',
    tenants_off uuid[] not null default '{}',
    plans text[] not null default '{}',
    rollout_percent smallint check (rollout_percent between 0 and 100),
    rollout_by text not null default 'tenant' check (rollout_by in ('tenant', 'user')),
    prerequisites text[] not null default '{}',
    archived_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
grant select, insert, update on feature_flags to hirevoo_app;

-- Every instance re-reads the flags when one changes.
create function announce_flag_change() returns trigger
    language plpgsql
    as $$
begin
    perform pg_notify('hirevoo_events', json_build_object(
        'kind', 'flags', 'tenant', null, 'id', '00000000-0000-0000-0000-000000000000')::text);
    return null;
end $$;

create trigger feature_flags_announce after insert or update on feature_flags
    for each statement execute function announce_flag_change();
grant execute on function announce_flag_change() to hirevoo_app;

insert into feature_flags (key, description, kind, owner, default_on) values
    ('careers-site', 'The public careers site: job pages, search, feeds for job boards, and applying.', 'permission', 'Recruiting', true),
    ('interview-self-scheduling', 'Candidates choose their interview time from a link instead of being given one.', 'permission', 'Interviews', true),
    ('candidate-import', 'Importing candidates from a CSV file.', 'permission', 'Recruiting', true),
    ('interview-calibration', 'The calibration report comparing interviewers'' recommendations and ratings.', 'release', 'Interviews', true);
