-- A candidate's documents (résumés and others, seed 004's UploadedDocument) with their text,
-- extracted in the background so that search finds words inside them, and each extraction's
-- outcome (seed 004's ExtractionLog).

create table candidate_documents (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    candidate_id uuid not null references candidates (id) on delete cascade,
    file_id uuid not null references stored_files (id) on delete cascade,
    kind text not null default 'resume' check (kind in ('resume', 'other')),
    text text,
    search tsvector generated always as (to_tsvector('simple', coalesce(text, ''))) stored,
    uploaded_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index candidate_documents_candidate_idx on candidate_documents (candidate_id);
create index candidate_documents_search_idx on candidate_documents using gin (search);

create table extraction_logs (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    document_id uuid not null references candidate_documents (id) on delete cascade,
    status text not null check (status in ('succeeded', 'empty', 'failed', 'timed_out', 'too_large')),
    chars integer not null default 0,
    duration_ms integer not null default 0,
    error text,
    created_at timestamptz not null default now()
);
create index extraction_logs_document_idx on extraction_logs (document_id, created_at desc);

-- The résumés already received.
insert into candidate_documents (id, tenant_id, candidate_id, file_id, kind, created_at)
select gen_random_uuid(), a.tenant_id, a.candidate_id, a.resume_file_id, 'resume', a.created_at
from applications a where a.resume_file_id is not null;

select app_protect_tenant_table(t) from unnest(array['candidate_documents', 'extraction_logs']) t;
