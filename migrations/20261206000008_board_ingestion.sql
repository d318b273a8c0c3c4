-- Jobs ingested into the board from outside: a source is a feed (schema.org JSON-LD pages,
-- Greenhouse, Lever or Ashby boards) fetched on a schedule, or a file a superadmin uploads.
-- Sources and their runs are the platform's: read and written only in the platform scope.

create table board_sources (
    id uuid primary key,
    name text not null check (char_length(name) between 1 and 120),
    kind text not null check (kind in ('json_ld', 'greenhouse', 'lever', 'ashby')),
    -- None for a source whose files are uploaded.
    url text check (url is null or char_length(url) between 1 and 2000),
    -- The company of every job, for formats that do not name it.
    company text check (company is null or char_length(company) between 1 and 200),
    -- `hourly`, `daily`, or a cron expression (seconds first).
    schedule text not null check (char_length(schedule) between 1 and 100),
    enabled boolean not null default true,
    created_at timestamptz not null default now(),
    last_run_at timestamptz
);
create unique index board_sources_name_idx on board_sources (lower(name));

create table board_source_runs (
    id uuid primary key,
    source_id uuid not null references board_sources (id) on delete cascade,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    status text not null check (status in ('succeeded', 'failed')),
    found integer not null default 0,
    new integer not null default 0,
    updated integer not null default 0,
    closed integer not null default 0,
    duplicates integer not null default 0,
    errors integer not null default 0,
    -- The first few problems, for the person reading the run.
    error_sample text not null default ''
);
create index board_source_runs_source_idx on board_source_runs (source_id, started_at desc);

-- A job's identity across sources: its title, company and place, lowercased with spaces
-- collapsed. The one definition, used by the column below and by ingestion's check.
create function board_dedup_key(p_title text, p_company text, p_city text, p_country text) returns text
    language sql immutable
as $$
    select regexp_replace(lower(btrim(p_title)), '\s+', ' ', 'g') || '|'
        || regexp_replace(lower(btrim(p_company)), '\s+', ' ', 'g') || '|'
        || regexp_replace(lower(btrim(case when btrim(p_city) <> '' then p_city else p_country end)), '\s+', ' ', 'g')
$$;

alter table board_jobs
    add column source_id uuid references board_sources (id) on delete cascade,
    add column external_id text check (external_id is null or char_length(external_id) between 1 and 300),
    -- Where an ingested job is applied for (a tenant's job is applied for on its careers site).
    add column apply_url text check (apply_url is null or char_length(apply_url) <= 2000),
    add column dedup_key text generated always as (board_dedup_key(title, company, location_city, location_country)) stored,
    -- Runs of its source in a row that did not find it; closed at 2, so one bad fetch closes nothing.
    add column missing_runs integer not null default 0,
    add constraint board_jobs_source_external_key unique (source_id, external_id),
    add constraint board_jobs_ingested_have_ids check ((source_id is null) = (external_id is null));
create index board_jobs_dedup_idx on board_jobs (dedup_key) where listed;

alter table board_sources enable row level security;
alter table board_sources force row level security;
alter table board_source_runs enable row level security;
alter table board_source_runs force row level security;
create policy platform_only on board_sources using (app_platform_scope()) with check (app_platform_scope());
create policy platform_only on board_source_runs using (app_platform_scope()) with check (app_platform_scope());
grant select, insert, update, delete on board_sources, board_source_runs to hirevoo_app;
