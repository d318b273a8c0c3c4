-- Plans with quotas, per-tenant overrides, and usage counted as things are created.
--
-- Each tenant has one `tenant_usage` row per resource holding what it uses and its quota in
-- effect. Triggers move the count in the same statement that creates or removes the thing; the
-- update takes the row's lock, so two requests at the limit are serialized and the second sees
-- the first's count: one wins, the other is refused. Enforcement costs that one indexed update.

create table plans (
    key text primary key check (key ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    name text not null check (char_length(name) between 1 and 60),
    -- Defined by a superadmin for one or a few tenants, rather than offered to everyone.
    custom boolean not null default false,
    created_at timestamptz not null default now()
);

-- A resource a plan does not list is unlimited on it.
create table plan_quotas (
    plan text not null references plans (key) on delete cascade,
    resource text not null check (resource in ('seats', 'open_requisitions', 'invitations', 'candidates', 'storage')),
    quota bigint not null check (quota >= 0),
    primary key (plan, resource)
);

insert into plans (key, name) values ('starter', 'Starter'), ('growth', 'Growth'), ('enterprise', 'Enterprise');
insert into plan_quotas (plan, resource, quota) values
    ('starter', 'seats', 10), ('starter', 'open_requisitions', 10), ('starter', 'invitations', 500),
    ('starter', 'candidates', 2000), ('starter', 'storage', 5368709120),
    ('growth', 'seats', 50), ('growth', 'open_requisitions', 100), ('growth', 'invitations', 5000),
    ('growth', 'candidates', 50000), ('growth', 'storage', 53687091200);

alter table tenants drop constraint tenants_plan_check;
alter table tenants add constraint tenants_plan_fkey foreign key (plan) references plans (key);
alter table tenants
    add column suspended_reason text check (char_length(suspended_reason) <= 500),
    add column suspended_at timestamptz;

-- A row overrides the plan's quota for one tenant; a null quota there means unlimited.
create table tenant_quota_overrides (
    tenant_id uuid not null references tenants (id) on delete cascade,
    resource text not null check (resource in ('seats', 'open_requisitions', 'invitations', 'candidates', 'storage')),
    quota bigint check (quota >= 0),
    primary key (tenant_id, resource)
);

create table tenant_usage (
    tenant_id uuid not null references tenants (id) on delete cascade,
    resource text not null check (resource in ('seats', 'open_requisitions', 'invitations', 'candidates', 'storage')),
    used bigint not null default 0,
    -- The quota in effect (the override, else the plan's); null for unlimited.
    quota bigint,
    -- For monthly resources: the month `used` counts.
    period date,
    primary key (tenant_id, resource)
);

select app_protect_tenant_table(t) from unnest(array['tenant_usage', 'tenant_quota_overrides']) t;
create policy platform_rows on tenant_usage using ((select app_platform_scope())) with check ((select app_platform_scope()));
create policy platform_rows on tenant_quota_overrides using ((select app_platform_scope())) with check ((select app_platform_scope()));
grant select on plans, plan_quotas to hirevoo_app;
grant insert, update, delete on plans, plan_quotas to hirevoo_app;

-- Sets the quotas in effect for a tenant from its plan and overrides.
create function refresh_tenant_quotas(t uuid) returns void
    language sql
    as $$
    insert into tenant_usage (tenant_id, resource, used, quota)
    select t, r.resource, 0, case when o.tenant_id is not null then o.quota else pq.quota end
    from unnest(array['seats', 'open_requisitions', 'invitations', 'candidates', 'storage']) r (resource)
    join tenants tt on tt.id = t
    left join plan_quotas pq on pq.plan = tt.plan and pq.resource = r.resource
    left join tenant_quota_overrides o on o.tenant_id = t and o.resource = r.resource
    on conflict (tenant_id, resource) do update set quota = excluded.quota;
$$;

create function refresh_quotas_of_tenant() returns trigger
    language plpgsql
    as $$
begin
    perform refresh_tenant_quotas(new.id);
    return null;
end $$;

create trigger tenants_refresh_quotas after insert or update of plan on tenants
    for each row execute function refresh_quotas_of_tenant();

-- The refusal, naming the limit and the plan.
create function quota_message(t uuid, r text, quota bigint) returns text
    language sql stable
    as $$
    select format('%s''s %s plan allows %s. %s',
        tt.name, p.name,
        case r
            when 'seats' then quota || ' staff seats, counting pending invitations'
            when 'open_requisitions' then quota || ' open requisitions'
            when 'invitations' then quota || ' assessment invitations a month'
            when 'candidates' then quota || ' candidates'
            else (quota / 1048576) || ' MB of files'
        end,
        case r
            when 'seats' then 'Remove a member or revoke an invitation, or ask us about a larger plan.'
            when 'open_requisitions' then 'Close or pause a requisition, or ask us about a larger plan.'
            when 'invitations' then 'More can be sent from the first of next month, or ask us about a larger plan.'
            when 'candidates' then 'Ask us about a larger plan.'
            else 'Remove some documents, or ask us about a larger plan.'
        end)
    from tenants tt join plans p on p.key = tt.plan where tt.id = t;
$$;

-- Moves a tenant's count of `r` by `delta`; with `enforce`, refuses (SQLSTATE HQ001) a rise past the quota.
create function bump_usage(t uuid, r text, delta bigint, enforce boolean) returns void
    language plpgsql
    as $$
declare
    month date := date_trunc('month', now() at time zone 'utc')::date;
    now_used bigint;
    in_effect bigint;
begin
    if delta = 0 then
        return;
    end if;
    update tenant_usage set
        used = case when r = 'invitations' and period is distinct from month then greatest(delta, 0) else used + delta end,
        period = case when r = 'invitations' then month else period end
    where tenant_id = t and resource = r
    returning used, quota into now_used, in_effect;
    if enforce and delta > 0 and in_effect is not null and now_used > in_effect then
        raise exception using errcode = 'HQ001', message = quota_message(t, r, in_effect);
    end if;
end $$;

create function track_seats() returns trigger
    language plpgsql
    as $$
declare
    was int := 0;
    is_now int := 0;
begin
    if tg_table_name = 'memberships' then
        if tg_op in ('UPDATE', 'DELETE') and old.role <> 'candidate' then was := 1; end if;
        if tg_op in ('INSERT', 'UPDATE') and new.role <> 'candidate' then is_now := 1; end if;
    else
        if tg_op in ('UPDATE', 'DELETE') and old.role <> 'candidate' and old.accepted_at is null and old.revoked_at is null then was := 1; end if;
        if tg_op in ('INSERT', 'UPDATE') and new.role <> 'candidate' and new.accepted_at is null and new.revoked_at is null then is_now := 1; end if;
    end if;
    -- An invitation takes the seat; joining through it moves the seat from the invitation to
    -- the membership, so only invitations and changes of role are checked.
    perform bump_usage(coalesce(new.tenant_id, old.tenant_id), 'seats', is_now - was, tg_table_name = 'member_invitations' or tg_op = 'UPDATE');
    return null;
end $$;

create trigger memberships_track_seats after insert or delete or update of role on memberships
    for each row execute function track_seats();
create trigger member_invitations_track_seats after insert or delete or update of role, accepted_at, revoked_at on member_invitations
    for each row execute function track_seats();

create function track_open_requisitions() returns trigger
    language plpgsql
    as $$
declare
    was int := 0;
    is_now int := 0;
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = 'open' and old.deleted_at is null then was := 1; end if;
    if tg_op in ('INSERT', 'UPDATE') and new.status = 'open' and new.deleted_at is null then is_now := 1; end if;
    perform bump_usage(coalesce(new.tenant_id, old.tenant_id), 'open_requisitions', is_now - was, true);
    return null;
end $$;

create trigger requisitions_track_open after insert or delete or update of status, deleted_at on requisitions
    for each row execute function track_open_requisitions();

create function track_count() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        perform bump_usage(new.tenant_id, tg_argv[0], 1, true);
    else
        perform bump_usage(old.tenant_id, tg_argv[0], -1, false);
    end if;
    return null;
end $$;

create trigger candidates_track_count after insert or delete on candidates
    for each row execute function track_count('candidates');
create trigger candidate_invitations_track_count after insert on candidate_invitations
    for each row execute function track_count('invitations');

create function track_storage() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        perform bump_usage(new.tenant_id, 'storage', new.size_bytes, true);
    else
        perform bump_usage(old.tenant_id, 'storage', -old.size_bytes, false);
    end if;
    return null;
end $$;

create trigger stored_files_track_storage after insert or delete on stored_files
    for each row execute function track_storage();

-- Today's counts.
select refresh_tenant_quotas(id) from tenants;
update tenant_usage u set used = c.n, period = case when u.resource = 'invitations' then date_trunc('month', now() at time zone 'utc')::date end
from (
    select t.id as tenant_id, r.resource,
        case r.resource
            when 'seats' then (select count(*) from memberships m where m.tenant_id = t.id and m.role <> 'candidate')
                + (select count(*) from member_invitations i where i.tenant_id = t.id and i.role <> 'candidate' and i.accepted_at is null and i.revoked_at is null)
            when 'open_requisitions' then (select count(*) from requisitions q where q.tenant_id = t.id and q.status = 'open' and q.deleted_at is null)
            when 'invitations' then (select count(*) from candidate_invitations ci where ci.tenant_id = t.id and ci.created_at >= date_trunc('month', now() at time zone 'utc'))
            when 'candidates' then (select count(*) from candidates c where c.tenant_id = t.id)
            else (select coalesce(sum(size_bytes), 0) from stored_files f where f.tenant_id = t.id)
        end as n
    from tenants t cross join unnest(array['seats', 'open_requisitions', 'invitations', 'candidates', 'storage']) r (resource)
) c
where u.tenant_id = c.tenant_id and u.resource = c.resource;

