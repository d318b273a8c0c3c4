-- Recruiting, part 1: job descriptions become requisitions with a status workflow,
-- a hiring team, status history, analytics, postings and bulk operations; the public
-- careers site's candidates, applications and stored files; and the background queue.

create extension if not exists pg_trgm;

-- Requisitions -------------------------------------------------------------------------

alter table job_descriptions rename to requisitions;
alter table requisitions rename column body to description;
alter table requisitions rename constraint job_descriptions_title_check to requisitions_title_check;
alter table requisitions rename constraint job_descriptions_body_check to requisitions_description_check;
alter table assessments rename column job_description_id to requisition_id;
alter index job_descriptions_pkey rename to requisitions_pkey;
alter table assessments rename constraint assessments_job_description_id_fkey to assessments_requisition_id_fkey;

alter table requisitions
    add column status text not null default 'draft'
        check (status in ('draft', 'open', 'on_hold', 'closed', 'archived')),
    add column department text not null default '' check (char_length(department) <= 100),
    add column location_city text not null default '' check (char_length(location_city) <= 100),
    add column location_country text not null default '' check (char_length(location_country) <= 100),
    add column workplace text not null default 'on_site' check (workplace in ('on_site', 'hybrid', 'remote')),
    add column employment_type text not null default 'full_time'
        check (employment_type in ('full_time', 'part_time', 'contract', 'temporary', 'internship')),
    add column openings integer not null default 1 check (openings between 1 and 1000),
    add column salary_min numeric(12, 2) check (salary_min >= 0),
    add column salary_max numeric(12, 2) check (salary_max >= 0),
    add column salary_currency text check (salary_currency ~ '^[A-Z]{3}$'),
    add column salary_visible boolean not null default false,
    add column deadline date,
    add column hiring_manager_id uuid references users (id) on delete set null,
    add column recruiter_id uuid references users (id) on delete set null,
    add column published boolean not null default false,
    add column created_by uuid references users (id) on delete set null,
    add column updated_at timestamptz not null default now(),
    add column opened_at timestamptz,
    add column closed_at timestamptz,
    add column archived_at timestamptz,
    add column view_count bigint not null default 0,
    add column deleted_at timestamptz,
    add constraint requisitions_salary_range_check check (salary_min is null or salary_max is null or salary_min <= salary_max),
    add constraint requisitions_salary_needs_currency_check check ((salary_min is null and salary_max is null) or salary_currency is not null);

-- What existed was in use: it stays open, as it was, but off the careers site until someone publishes it.
update requisitions set status = 'open', opened_at = created_at, updated_at = created_at;

create index requisitions_tenant_status_idx on requisitions (tenant_id, status) where deleted_at is null;
create index requisitions_tenant_created_idx on requisitions (tenant_id, created_at desc, id) where deleted_at is null;
create index requisitions_title_trgm_idx on requisitions using gin (lower(title || ' ' || department) gin_trgm_ops);
create index requisitions_deadline_idx on requisitions (deadline) where status in ('open', 'on_hold') and deleted_at is null;
create index requisitions_careers_idx on requisitions (tenant_id) where status = 'open' and published and deleted_at is null;
create index assessments_requisition_idx on assessments (requisition_id);

create table requisition_team (
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (requisition_id, user_id)
);

create table requisition_status_history (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    from_status text,
    to_status text not null,
    reason text not null default '' check (char_length(reason) <= 500),
    -- Null when the platform made the change (automatic closing).
    changed_by uuid references users (id) on delete set null,
    changed_at timestamptz not null default now()
);
create index requisition_status_history_idx on requisition_status_history (requisition_id, changed_at desc);

-- Views and applications per job and day (seed 003's job_analytics).
create table job_analytics (
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    day date not null,
    views integer not null default 0,
    applications integer not null default 0,
    primary key (requisition_id, day)
);

-- One row per visitor per job per day: a salted hash, the salt rotating daily, so no
-- visitor can be followed from one day to the next. Cleared after the day.
create table job_view_visitors (
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    day date not null,
    visitor bytea not null,
    primary key (requisition_id, day, visitor)
);

-- Shared by every app server, so a visitor counts once whichever one they reach.
create table daily_salts (
    day date primary key,
    salt bytea not null
);

create table external_postings (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
    status text not null check (status in ('pending', 'posted', 'failed', 'expired', 'withdrawn')),
    posted_at timestamptz,
    expires_at timestamptz,
    error text,
    metadata jsonb not null default '{}',
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    constraint external_postings_requisition_portal_key unique (requisition_id, portal)
);

create table bulk_operations (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    kind text not null check (kind in ('change_status', 'set_hiring_manager', 'set_deadline', 'publish', 'unpublish', 'archive', 'delete', 'undo')),
    requisition_ids uuid[] not null check (cardinality(requisition_ids) between 1 and 50),
    parameters jsonb not null default '{}',
    status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    total integer not null,
    succeeded integer not null default 0,
    failed integer not null default 0,
    -- [{ "id", "title", "ok", "message", "from", "to" }] in the order processed
    outcomes jsonb not null default '[]',
    undo_of uuid references bulk_operations (id) on delete set null,
    undone_by uuid references bulk_operations (id) on delete set null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz
);
create index bulk_operations_tenant_idx on bulk_operations (tenant_id, created_at desc);

-- Candidates and applications (the careers site creates them; the pipeline grows them) --

create table candidates (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 120),
    email text not null check (char_length(email) between 3 and 254),
    phone text not null default '' check (char_length(phone) <= 40),
    source text not null default 'careers_site'
        check (source in ('careers_site', 'referral', 'sourced', 'agency', 'imported')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index candidates_tenant_email_key on candidates (tenant_id, lower(email));

create table stored_files (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    -- Where the storage backend keeps it; never a public path.
    storage_key text not null unique,
    file_name text not null check (char_length(file_name) between 1 and 255),
    content_type text not null,
    size_bytes bigint not null check (size_bytes > 0),
    sha256 bytea not null,
    created_at timestamptz not null default now()
);

create table applications (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    candidate_id uuid not null references candidates (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    source text not null default 'careers_site'
        check (source in ('careers_site', 'referral', 'sourced', 'agency', 'imported')),
    cover_note text not null default '' check (char_length(cover_note) <= 5000),
    resume_file_id uuid references stored_files (id) on delete set null,
    consented_at timestamptz,
    created_at timestamptz not null default now(),
    constraint applications_requisition_candidate_key unique (requisition_id, candidate_id)
);
create index applications_requisition_idx on applications (requisition_id);
create index applications_candidate_idx on applications (candidate_id);

-- Public form submissions per hashed address, for rate limits across app servers.
create table rate_limit_hits (
    bucket text not null,
    key_hash bytea not null,
    at timestamptz not null default now()
);
create index rate_limit_hits_idx on rate_limit_hits (bucket, key_hash, at);

do $$
declare
    t text;
begin
    foreach t in array array['requisition_team', 'requisition_status_history', 'job_analytics', 'job_view_visitors',
        'external_postings', 'bulk_operations', 'candidates', 'stored_files', 'applications']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_rows on %I using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end $$;

-- Periodic jobs work across tenants: closing past-deadline requisitions, purging deleted
-- ones, clearing yesterday's view hashes, expiring postings.
create policy platform_rows on requisitions using (app_platform_scope()) with check (app_platform_scope());
create policy platform_rows on job_view_visitors using (app_platform_scope());
create policy platform_rows on external_postings using (app_platform_scope()) with check (app_platform_scope());

grant select, insert, update, delete on daily_salts, rate_limit_hits to hirevoo_app;

-- The background queue ------------------------------------------------------------------
-- Platform infrastructure like the outbox: jobs carry their tenant in the payload and
-- open a tenant-scoped transaction to do their work.

create table background_jobs (
    id bigint generated always as identity primary key,
    kind text not null check (char_length(kind) between 1 and 100),
    payload jsonb not null default '{}',
    -- queued: waiting or running (a lease in the future means running); dead: out of attempts.
    status text not null default 'queued' check (status in ('queued', 'dead')),
    run_at timestamptz not null default now(),
    attempts integer not null default 0,
    max_attempts integer not null default 5 check (max_attempts >= 1),
    locked_until timestamptz,
    locked_by text,
    last_error text,
    -- At most one queued job per key: enqueuing a duplicate does nothing.
    unique_key text,
    created_at timestamptz not null default now()
);
create index background_jobs_ready_idx on background_jobs (run_at, id) where status = 'queued';
create unique index background_jobs_unique_key on background_jobs (unique_key) where status = 'queued';

-- A schedule's next tick, advanced by compare-and-set so that one server enqueues each tick.
create table periodic_jobs (
    name text primary key,
    schedule text not null,
    next_run_at timestamptz not null,
    last_run_at timestamptz
);

grant select, insert, update, delete on background_jobs, periodic_jobs to hirevoo_app;
grant usage on all sequences in schema public to hirevoo_app;

-- A requisition's page reads its own audit entries.
create index audit_log_target_idx on audit_log (target, id);
