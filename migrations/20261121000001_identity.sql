-- Tenants, users, memberships, sessions and the platform's own tables.
-- The application connects as hirevoo_app, which owns nothing and cannot bypass
-- row-level security; these migrations run as the owner.

create function app_tenant_id() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function app_user_id() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Set only by code paths that have checked the superadmin role.
create function app_platform_scope() returns boolean
    language sql stable
    as $$ select coalesce(current_setting('app.platform_scope', true), '') = 'on' $$;

create function app_invitation_token_hash() returns bytea
    language sql stable
    as $$ select decode(nullif(current_setting('app.invitation_token_hash', true), ''), 'hex') $$;

create table tenants (
    id uuid primary key,
    name text not null check (char_length(name) between 1 and 120),
    slug text not null check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    status text not null default 'active' check (status in ('active', 'suspended')),
    plan text not null default 'starter' check (plan in ('starter', 'growth', 'enterprise')),
    created_at timestamptz not null default now(),
    constraint tenants_slug_key unique (slug)
);

create table users (
    id uuid primary key,
    email text not null check (char_length(email) between 3 and 254),
    display_name text not null check (char_length(display_name) between 1 and 120),
    -- Null until the person sets a password through an invitation.
    password_hash text,
    is_superadmin boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('tenant_admin', 'recruiter', 'interviewer', 'candidate')),
    created_at timestamptz not null default now(),
    constraint memberships_tenant_user_key unique (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table member_invitations (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    email text not null check (char_length(email) between 3 and 254),
    role text not null check (role in ('tenant_admin', 'recruiter', 'interviewer', 'candidate')),
    token_hash bytea not null unique,
    invited_by uuid references users (id) on delete set null,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
);
create unique index member_invitations_pending_key
    on member_invitations (tenant_id, lower(email))
    where accepted_at is null and revoked_at is null;

-- A user's sign-ins. Identity infrastructure, like users: reached only by token hash or user id.
create table sessions (
    id uuid primary key,
    token_hash bytea not null unique,
    user_id uuid not null references users (id) on delete cascade,
    tenant_id uuid references tenants (id) on delete cascade,
    role text not null check (role in ('superadmin', 'tenant_admin', 'recruiter', 'interviewer', 'candidate')),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    ip text,
    user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table password_resets (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    token_hash bytea not null unique,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
);

create table sign_in_failures (
    id uuid primary key,
    email text not null,
    ip text not null,
    at timestamptz not null default now()
);
create index sign_in_failures_email_idx on sign_in_failures (lower(email), at);
create index sign_in_failures_ip_idx on sign_in_failures (ip, at);

-- The development outbox: mail kept here when no SMTP server is configured.
create table outbox (
    id uuid primary key,
    to_address text not null,
    subject text not null,
    body text not null,
    created_at timestamptz not null default now()
);

-- Append-only; each entry's hash covers the previous entry's hash.
create table audit_log (
    id bigint generated always as identity primary key,
    tenant_id uuid,
    actor_id uuid,
    action text not null,
    target text not null,
    details jsonb not null default '{}',
    created_at timestamptz not null default now(),
    prev_hash bytea not null,
    hash bytea not null
);

alter table memberships enable row level security;
alter table memberships force row level security;
create policy tenant_rows on memberships
    using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id());
create policy own_rows on memberships for select using (user_id = app_user_id());
create policy platform_rows on memberships using (app_platform_scope()) with check (app_platform_scope());

alter table member_invitations enable row level security;
alter table member_invitations force row level security;
create policy tenant_rows on member_invitations
    using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id());
-- Whoever holds an invitation's token may read and accept it.
create policy token_holder on member_invitations using (token_hash = app_invitation_token_hash());
create policy platform_rows on member_invitations using (app_platform_scope()) with check (app_platform_scope());

grant usage on schema public to hirevoo_app;
grant select, insert, update, delete on tenants, users, memberships, member_invitations,
    sessions, password_resets, sign_in_failures, outbox to hirevoo_app;
grant select, insert on audit_log to hirevoo_app;
grant usage on all sequences in schema public to hirevoo_app;
grant execute on all functions in schema public to hirevoo_app;
