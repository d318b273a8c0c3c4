-- Candidates imported from a CSV file: the file is read and checked row by row into a preview;
-- the recruiter starts it; a background job works through the checked rows in batches, each
-- batch committing its rows' outcomes with the counts, so a restarted job goes on where it was.

create table candidate_imports (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    created_by uuid references users (id) on delete set null,
    file_name text not null check (char_length(file_name) between 1 and 255),
    status text not null default 'previewed' check (status in ('previewed', 'running', 'finished')),
    -- What happens to a row whose email is already a candidate's.
    on_existing text not null default 'skip' check (on_existing in ('skip', 'update')),
    total_rows integer not null default 0,
    invalid_rows integer not null default 0,
    existing_rows integer not null default 0,
    created_count integer not null default 0,
    updated_count integer not null default 0,
    skipped_count integer not null default 0,
    failed_count integer not null default 0,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz
);
create index candidate_imports_tenant_idx on candidate_imports (tenant_id, created_at desc);

create table candidate_import_rows (
    tenant_id uuid not null references tenants (id) on delete cascade,
    import_id uuid not null references candidate_imports (id) on delete cascade,
    -- The line in the file, the header being line 1.
    line integer not null,
    name text not null default '',
    email text not null default '',
    phone text not null default '',
    location text not null default '',
    source text not null default 'imported',
    tags text[] not null default '{}',
    links text[] not null default '{}',
    skill_ids uuid[] not null default '{}',
    skill_levels smallint[] not null default '{}',
    -- Why the row cannot be imported; such rows are never imported.
    error text,
    -- Set when the import ran over the row.
    outcome text check (outcome in ('created', 'updated', 'skipped', 'failed')),
    candidate_id uuid references candidates (id) on delete set null,
    primary key (import_id, line)
);
create index candidate_import_rows_pending_idx on candidate_import_rows (import_id, line) where outcome is null and error is null;

select app_protect_tenant_table(t) from unnest(array['candidate_imports', 'candidate_import_rows']) t;
