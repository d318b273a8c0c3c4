-- Platform incidents: what is wrong, whom it affects, and the timeline of updates. A platform
-- table (no tenant's own rows): the tenants affected are listed on the incident.
create table incidents (
    id uuid primary key,
    title text not null check (char_length(title) between 1 and 200),
    severity text not null check (severity in ('minor', 'major', 'critical')),
    status text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
    components text[] not null default '{}',
    all_tenants boolean not null default true,
    tenant_ids uuid[] not null default '{}',
    -- Null while a draft (opened by an alert, say): drafts are seen only in the console.
    published_at timestamptz,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    resolved_at timestamptz,
    check ((status = 'resolved') = (resolved_at is not null))
);
create index incidents_open_idx on incidents (published_at) where resolved_at is null;
create index incidents_created_idx on incidents (created_at desc);

create table incident_updates (
    id uuid primary key,
    incident_id uuid not null references incidents (id) on delete cascade,
    status text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
    message text not null check (char_length(message) between 1 and 4000),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index incident_updates_incident_idx on incident_updates (incident_id, created_at);

grant select, insert, update on incidents, incident_updates to hirevoo_app;

-- Who in an organization hears of incidents: without a row, its admins do and nobody else.
create table incident_subscriptions (
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    subscribed boolean not null,
    primary key (tenant_id, user_id)
);
select app_protect_tenant_table('incident_subscriptions');
