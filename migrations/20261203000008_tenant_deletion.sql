-- Deleting a tenant: asked for with a reason, exported (a downloadable archive), removed
-- once the waiting period is over. The row outlives the tenant, as the record of it.
create table tenant_deletions (
    tenant_id uuid primary key,
    tenant_name text not null,
    tenant_slug text not null,
    reason text not null check (char_length(reason) between 1 and 500),
    requested_by uuid references users (id) on delete set null,
    requested_at timestamptz not null default now(),
    due_at timestamptz not null,
    export_key text,
    export_bytes bigint,
    exported_at timestamptz,
    removed_at timestamptz,
    constraint tenant_deletions_due_after_request check (due_at > requested_at)
);
create index tenant_deletions_due_idx on tenant_deletions (due_at) where removed_at is null;
grant select, insert, update, delete on tenant_deletions to hirevoo_app;
