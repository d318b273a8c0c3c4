-- How the product is used: raw events (page views, job board searches and the results opened
-- from them, applications, sign-ins), kept 90 days, and the daily figures rolled up from them,
-- which the usage dashboards read. A tenant reads its own figures; the platform's figures (tenant
-- null) count every event, including those of people who belong to no tenant (seekers, visitors).

create table analytics_events (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    kind text not null check (kind in ('page_view', 'search', 'search_click', 'application', 'sign_in')),
    -- The tenant the event happened in (a member's session, the job applied to or opened); null for none.
    tenant_id uuid references tenants (id) on delete cascade,
    user_id uuid references users (id) on delete set null,
    -- A sign-in's outcome; true for every other kind.
    success boolean not null default true,
    -- A page view's route (its pattern, never ids or query strings).
    path text check (char_length(path) <= 200),
    -- A search's words, normalized (lower case, single spaces); for a click, the search it came from.
    query text check (char_length(query) <= 100),
    -- A search's number of results.
    results integer check (results >= 0)
);
-- Appended in time order: a block range index finds a day's events at a fraction of a btree's size.
create index analytics_events_at_idx on analytics_events using brin (at) with (pages_per_range = 32);
-- Erasing an account clears its events' user.
create index analytics_events_user_idx on analytics_events (user_id) where user_id is not null;

-- One row per figure, day and scope. `dimension` is '' for a day's total, or what the figure is
-- broken down by: a search's words, a page's route, a cohort's sign-up week (YYYY-MM-DD).
-- A cohort's size is on the day its week begins: accounts made (the platform), members who joined (a tenant).
create table daily_metrics (
    tenant_id uuid references tenants (id) on delete cascade,
    metric text not null check (metric in (
        'page_views', 'page', 'searches', 'search', 'searches_without_results', 'search_without_results',
        'search_clicks', 'search_click', 'applications', 'sign_ins', 'sign_in_failures',
        'active_users', 'weekly_active_users', 'cohort_size', 'cohort_active'
    )),
    day date not null,
    dimension text not null default '' check (char_length(dimension) <= 200),
    value bigint not null check (value >= 0),
    constraint daily_metrics_key unique nulls not distinct (tenant_id, metric, day, dimension)
);

-- The days rolled up, and when: the dashboards say how recent their figures are, and raw events
-- are deleted only once their day is rolled up.
create table usage_rollup_days (
    day date primary key,
    events bigint not null,
    rolled_at timestamptz not null default now()
);

-- Who was active in which week (users, by the tenant they were active in, null for none): the
-- retention cohorts are counted from it, and it outlives the raw events.
create table active_weeks (
    week date not null,
    tenant_id uuid references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    constraint active_weeks_key unique nulls not distinct (week, tenant_id, user_id)
);

-- Events are written and rolled up in the platform scope only; a tenant admin reads their own figures.
do $$
declare
    t text;
begin
    foreach t in array array['analytics_events', 'daily_metrics', 'active_weeks'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy platform_rows on %I using ((select app_platform_scope())) with check ((select app_platform_scope()))', t);
        execute format('create policy tenant_reads on %I for select using (tenant_id = (select app_tenant_id()))', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end $$;
alter table usage_rollup_days enable row level security;
alter table usage_rollup_days force row level security;
create policy platform_rows on usage_rollup_days using ((select app_platform_scope())) with check ((select app_platform_scope()));
create policy everyone_reads on usage_rollup_days for select using (true);
grant select, insert, update, delete on usage_rollup_days to hirevoo_app;
