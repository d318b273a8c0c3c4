-- The funnel's daily rollups (seed 003's daily job analytics, per step and source): how many
-- applications entered each step of a requisition's funnel that day, and how long the ones that
-- left a step that day had spent in it. Reports read these rows, not every event.

create table funnel_daily (
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    day date not null,
    kind text not null check (kind in ('applied', 'screening', 'assessment', 'interview', 'offer', 'hired')),
    source text not null,
    entered integer not null default 0,
    rejected integer not null default 0,
    -- Seconds spent in the step by each application that left it that day, for medians.
    seconds_in_step integer[] not null default '{}',
    primary key (requisition_id, day, kind, source)
);
create index funnel_daily_tenant_day_idx on funnel_daily (tenant_id, day);

-- Up to which day (exclusive of later ones) a tenant's rollups are final; today is always recomputed.
create table funnel_rollups (
    tenant_id uuid primary key references tenants (id) on delete cascade,
    through date not null,
    refreshed_at timestamptz not null default '-infinity'
);

-- The refresh reads a tenant's events since a day.
create index stage_events_tenant_time_idx on stage_events (tenant_id, created_at);

select app_protect_tenant_table(t) from unnest(array['funnel_daily', 'funnel_rollups']) t;
