-- The REST API's sign-in: short-lived signed access tokens (not stored) and refresh tokens,
-- stored hashed, each used once. A refresh makes the next token of the same family; a token
-- used a second time means it was copied, and the whole family is revoked.

create table api_token_families (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    role text not null,
    user_agent text check (char_length(user_agent) <= 300),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_because text check (revoked_because in ('signed_out', 'reused', 'password_changed'))
);
create index api_token_families_user_idx on api_token_families (user_id) where revoked_at is null;

create table api_refresh_tokens (
    token_hash bytea primary key,
    family_id uuid not null references api_token_families (id) on delete cascade,
    issued_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);
create index api_refresh_tokens_family_idx on api_refresh_tokens (family_id);
create index api_refresh_tokens_expires_idx on api_refresh_tokens (expires_at);

-- Requests per key and minute, shared by every app server: one upsert per request.
create table rate_limit_windows (
    key_hash bytea not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (key_hash, window_start)
);
create index rate_limit_windows_start_idx on rate_limit_windows (window_start);

alter table api_token_families enable row level security;
alter table api_token_families force row level security;
create policy platform_rows on api_token_families using (app_platform_scope()) with check (app_platform_scope());
alter table api_refresh_tokens enable row level security;
alter table api_refresh_tokens force row level security;
create policy platform_rows on api_refresh_tokens using (app_platform_scope()) with check (app_platform_scope());
grant select, insert, update, delete on api_token_families, api_refresh_tokens to hirevoo_app;
grant select, insert, update, delete on rate_limit_windows to hirevoo_app;
