-- The platform's own tables, locked to the code paths that have checked the superadmin role
-- (or run the platform's background work): those open their transactions in the platform
-- scope. Everyone may read the tenants, plans and settings the product runs on; a tenant's
-- request that tried to change them, or to read another's mail or deletion, finds nothing.

do $$
declare
    t text;
begin
    foreach t in array array['tenants', 'plans', 'plan_quotas', 'platform_settings', 'feature_flags'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy readable on %I for select using (true)', t);
        execute format('create policy platform_writes on %I using (app_platform_scope()) with check (app_platform_scope())', t);
    end loop;
end
$$;

-- A deletion's record (who asked, why, where the archive is) is the platform's alone.
alter table tenant_deletions enable row level security;
alter table tenant_deletions force row level security;
create policy platform_rows on tenant_deletions using (app_platform_scope()) with check (app_platform_scope());

-- Mail carries live links (invitations, password resets): any transaction may keep a mail, only
-- the platform's sender and the development outbox read or remove one.
alter table outbox enable row level security;
alter table outbox force row level security;
create policy kept_by_anyone on outbox for insert with check (true);
create policy platform_rows on outbox using (app_platform_scope()) with check (app_platform_scope());
