-- Two-step sign-in (TOTP, RFC 6238) with recovery codes. Like users and sessions these belong
-- to a person, not a tenant: reached by the user's id, or by a sign-in challenge's token hash.

create table user_two_step (
    user_id uuid primary key references users (id) on delete cascade,
    -- The key in use, sealed with the site's key (AES-256-GCM); null until a setup is confirmed.
    secret bytea,
    confirmed_at timestamptz,
    -- The newest time step a code was accepted for: a code works once.
    last_used_step bigint not null default 0,
    -- A setup waiting for its first code: its key and recovery codes, sealed, shown until then.
    pending_secret bytea,
    pending_codes bytea,
    pending_since timestamptz,
    updated_at timestamptz not null default now(),
    check ((secret is null) = (confirmed_at is null)),
    check ((pending_secret is null) = (pending_codes is null) and (pending_secret is null) = (pending_since is null))
);

-- Each code works once; only its SHA-256 is kept.
create table two_step_recovery_codes (
    user_id uuid not null references users (id) on delete cascade,
    code_hash bytea not null,
    used_at timestamptz,
    primary key (user_id, code_hash)
);

-- Between a correct password and the second step: the browser holds the token, a few minutes.
create table sign_in_challenges (
    token_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    next_path text not null default '/' check (char_length(next_path) <= 2000),
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index sign_in_challenges_expiry_idx on sign_in_challenges (expires_at);

-- A tenant admin can require the second step of everyone in the organization.
alter table tenants add column require_two_step boolean not null default false;

grant select, insert, update, delete on user_two_step, two_step_recovery_codes, sign_in_challenges to hirevoo_app;
