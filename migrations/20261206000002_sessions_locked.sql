-- Sessions under row-level security: a transaction reaches the sessions of its own user, of its
-- tenant, or of the platform scope. Looking one up by its token, and ending sessions (which
-- sign-in, sign-out and password resets do whatever the scope), go through the functions below:
-- each opens the table for its own statement only.

create function app_session_token_hash() returns bytea
    language sql stable
    as $$ select decode(nullif(current_setting('app.session_token_hash', true), ''), 'hex') $$;

alter table sessions enable row level security;
alter table sessions force row level security;
create policy reachable on sessions
    using (token_hash = app_session_token_hash() or user_id = app_user_id() or impersonator_id = app_user_id()
           or tenant_id = app_tenant_id() or app_platform_scope())
    with check (token_hash = app_session_token_hash() or user_id = app_user_id() or tenant_id = app_tenant_id()
                or app_platform_scope());

-- The session a request's cookie names, if it still lets its user in, with who they are; its
-- last-seen time renewed when older than a minute (idle expiry needs it, not every request).
create function open_session(p_token_hash bytea, p_idle_seconds double precision)
    returns table (id uuid, user_id uuid, role text, email text, display_name text, tenant_id uuid,
                   tenant_name text, tenant_slug text, tenant_plan text, tenant_status text,
                   suspended_reason text, last_seen_at timestamptz, expires_at timestamptz,
                   impersonator_id uuid, impersonator_name text, allow_changes boolean)
    language plpgsql
as $$
#variable_conflict use_column
declare
    v_previous text := coalesce(current_setting('app.session_token_hash', true), '');
begin
    perform set_config('app.session_token_hash', encode(p_token_hash, 'hex'), true);
    update sessions set last_seen_at = now()
        where token_hash = p_token_hash and revoked_at is null and expires_at > now()
          and last_seen_at > now() - make_interval(secs => p_idle_seconds)
          and last_seen_at < now() - interval '1 minute';
    return query
        select s.id, s.user_id, s.role, u.email, u.display_name, s.tenant_id,
               t.name, t.slug, t.plan, t.status, t.suspended_reason, s.last_seen_at, s.expires_at,
               s.impersonator_id, i.display_name, s.allow_changes
        from sessions s
        join users u on u.id = s.user_id
        left join tenants t on t.id = s.tenant_id
        left join users i on i.id = s.impersonator_id
        where s.token_hash = p_token_hash
          and s.revoked_at is null
          and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(secs => p_idle_seconds);
    perform set_config('app.session_token_hash', v_previous, true);
end
$$;

-- Whether a session still lets its user in (a live stream asks while it stays open).
create function session_still_open(p_id uuid, p_idle_seconds double precision) returns boolean
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
    v_open boolean;
begin
    perform set_config('app.platform_scope', 'on', true);
    select exists (select 1 from sessions s left join tenants t on t.id = s.tenant_id
                   where s.id = p_id and s.revoked_at is null and s.expires_at > now()
                     and s.last_seen_at > now() - make_interval(secs => p_idle_seconds)
                     and (t.id is null or t.status = 'active'))
        into v_open;
    perform set_config('app.platform_scope', v_previous, true);
    return v_open;
end
$$;

-- Ends one session, or every session of a user (with those they started as someone else),
-- optionally only in one tenant. Returns how many ended.
create function end_sessions(p_session uuid, p_user uuid, p_tenant uuid) returns bigint
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
    v_ended bigint;
begin
    perform set_config('app.platform_scope', 'on', true);
    update sessions set revoked_at = now()
        where revoked_at is null
          and (p_session is null or id = p_session)
          and (p_user is null or user_id = p_user or impersonator_id = p_user)
          and (p_tenant is null or tenant_id = p_tenant)
          and (p_session is not null or p_user is not null);
    get diagnostics v_ended = row_count;
    perform set_config('app.platform_scope', v_previous, true);
    return v_ended;
end
$$;

grant execute on function app_session_token_hash(), open_session(bytea, double precision),
    session_still_open(uuid, double precision), end_sessions(uuid, uuid, uuid) to hirevoo_app;
