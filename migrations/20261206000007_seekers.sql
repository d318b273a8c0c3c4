-- Job seekers: people who look for work on the job board and belong to no tenant. Their data
-- lives in these tables, outside every tenant table, reachable by its owner (`app.user_id`) and,
-- for the alerts' background work, the platform scope.

alter table sessions drop constraint sessions_role_check;
alter table sessions add constraint sessions_role_check
    check (role in ('superadmin', 'tenant_admin', 'recruiter', 'interviewer', 'candidate', 'seeker'));

create table seekers (
    user_id uuid primary key references users (id) on delete cascade,
    -- A seeker's account is made when they confirm their address, so this is when they did.
    email_verified_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

-- Sign-ups waiting for their address to be confirmed: no account exists until then, so a
-- stranger's sign-up with someone's address reserves nothing. Confirming takes the link from the
-- mailbox and the password chosen, so that a link mailed for someone else's sign-up is useless.
create table seeker_sign_ups (
    token_hash bytea primary key,
    email text not null check (char_length(email) between 3 and 254),
    display_name text not null check (char_length(display_name) between 1 and 120),
    password_hash text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index seeker_sign_ups_expires_idx on seeker_sign_ups (expires_at);

create table seeker_bookmarks (
    user_id uuid not null references users (id) on delete cascade,
    job_id uuid not null references board_jobs (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, job_id)
);

-- Jobs a seeker does not want to see again.
create table seeker_hidden_jobs (
    user_id uuid not null references users (id) on delete cascade,
    job_id uuid not null references board_jobs (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, job_id)
);

-- One row per job and day a seeker opened it.
create table seeker_job_views (
    user_id uuid not null references users (id) on delete cascade,
    job_id uuid not null references board_jobs (id) on delete cascade,
    day date not null,
    primary key (user_id, job_id, day)
);

create table seeker_search_history (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    -- The board's query string (what links to it) and its parameters.
    query text not null check (char_length(query) <= 1000),
    params jsonb not null,
    searched_at timestamptz not null default now()
);
create index seeker_search_history_user_idx on seeker_search_history (user_id, searched_at desc);

create table seeker_saved_searches (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 100),
    query text not null check (char_length(query) <= 1000),
    params jsonb not null,
    alert text not null default 'off' check (alert in ('off', 'daily', 'weekly')),
    created_at timestamptz not null default now(),
    -- Jobs posted after this are new to the next alert.
    alerted_at timestamptz not null default now(),
    constraint seeker_saved_searches_query_key unique (user_id, query)
);
create index seeker_saved_searches_alert_idx on seeker_saved_searches (alerted_at) where alert <> 'off';

-- Every job an alert has sent: an alert never sends the same job twice.
create table seeker_alerted_jobs (
    saved_search_id uuid not null references seeker_saved_searches (id) on delete cascade,
    job_id uuid not null references board_jobs (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    sent_at timestamptz not null default now(),
    primary key (saved_search_id, job_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['seekers', 'seeker_bookmarks', 'seeker_hidden_jobs', 'seeker_job_views',
                             'seeker_search_history', 'seeker_saved_searches', 'seeker_alerted_jobs'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy own_rows on %I using (user_id = app_user_id() or app_platform_scope()) with check (user_id = app_user_id() or app_platform_scope())', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end
$$;

alter table seeker_sign_ups enable row level security;
alter table seeker_sign_ups force row level security;
create policy platform_rows on seeker_sign_ups using (app_platform_scope()) with check (app_platform_scope());
grant select, insert, delete on seeker_sign_ups to hirevoo_app;

-- A visitor has no scope: the sign-ups are reached through these functions, each opening the
-- table for its own statement.
create function add_seeker_sign_up(p_token_hash bytea, p_email text, p_display_name text, p_password_hash text, p_hours integer)
    returns void
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
begin
    perform set_config('app.platform_scope', 'on', true);
    delete from seeker_sign_ups where expires_at < now();
    insert into seeker_sign_ups (token_hash, email, display_name, password_hash, expires_at)
    values (p_token_hash, p_email, p_display_name, p_password_hash, now() + make_interval(hours => p_hours));
    perform set_config('app.platform_scope', v_previous, true);
end
$$;

-- The sign-up a link names while it works; with p_take, it is used up.
create function seeker_sign_up(p_token_hash bytea, p_take boolean)
    returns table (email text, display_name text, password_hash text)
    language plpgsql
as $$
#variable_conflict use_column
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
begin
    perform set_config('app.platform_scope', 'on', true);
    if p_take then
        return query delete from seeker_sign_ups where token_hash = p_token_hash and expires_at > now()
                     returning email, display_name, password_hash;
    else
        return query select email, display_name, password_hash from seeker_sign_ups
                     where token_hash = p_token_hash and expires_at > now();
    end if;
    perform set_config('app.platform_scope', v_previous, true);
end
$$;
