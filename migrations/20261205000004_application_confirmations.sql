-- Applications from the careers site with the email address of a candidate the tenant already
-- has: kept apart until the mailbox's owner confirms them by the link mailed there, so that
-- nobody can attach a file to someone else's profile or have them mailed by the tenant.
create table application_confirmations (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null,
    candidate_id uuid not null,
    name text not null,
    email text not null,
    phone text not null,
    cover_note text not null,
    storage_key text not null,
    file_name text not null,
    size_bytes bigint not null,
    sha256 bytea not null,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    foreign key (requisition_id) references requisitions (id) on delete cascade,
    foreign key (candidate_id) references candidates (id) on delete cascade
);
create index application_confirmations_expiry_idx on application_confirmations (expires_at);

select app_protect_tenant_table('application_confirmations');
-- Expired ones are removed (with their files) by a job that works across tenants.
create policy platform_rows on application_confirmations using ((select app_platform_scope())) with check ((select app_platform_scope()));
