-- Row-level security checks a session setting: wrapped in a sub-select, it is read once
-- per statement instead of once per row, which halves the cost of scanning many rows.
do $$
declare
    t text;
begin
    for t in select tablename from pg_policies where schemaname = 'public' and policyname = 'tenant_rows' loop
        execute format('alter policy tenant_rows on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))', t);
    end loop;
end $$;

-- The jobs dashboard's counts per status and its filter menus, kept per combination of the
-- filterable columns, so that a tenant with thousands of requisitions counts a handful of rows.
create table requisition_counts (
    tenant_id uuid not null references tenants (id) on delete cascade,
    status text not null,
    department text not null,
    location_city text not null,
    -- The nil id for none, so that it can be part of the key.
    hiring_manager_id uuid not null,
    n integer not null,
    primary key (tenant_id, status, department, location_city, hiring_manager_id)
);

alter table requisition_counts enable row level security;
alter table requisition_counts force row level security;
create policy tenant_rows on requisition_counts using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()));
create policy platform_rows on requisition_counts using ((select app_platform_scope())) with check ((select app_platform_scope()));
grant select, insert, update, delete on requisition_counts to hirevoo_app;

create function track_requisition_counts() returns trigger
    language plpgsql
    as $$
begin
    if tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null then
        update requisition_counts set n = n - 1
        where tenant_id = old.tenant_id and status = old.status and department = old.department
          and location_city = old.location_city
          and hiring_manager_id = coalesce(old.hiring_manager_id, '00000000-0000-0000-0000-000000000000');
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null then
        insert into requisition_counts (tenant_id, status, department, location_city, hiring_manager_id, n)
        values (new.tenant_id, new.status, new.department, new.location_city,
                coalesce(new.hiring_manager_id, '00000000-0000-0000-0000-000000000000'), 1)
        on conflict (tenant_id, status, department, location_city, hiring_manager_id)
        do update set n = requisition_counts.n + 1;
    end if;
    return null;
end $$;

create trigger requisitions_track_counts
    after insert or delete or update of status, department, location_city, hiring_manager_id, deleted_at on requisitions
    for each row execute function track_requisition_counts();

insert into requisition_counts (tenant_id, status, department, location_city, hiring_manager_id, n)
select tenant_id, status, department, location_city, coalesce(hiring_manager_id, '00000000-0000-0000-0000-000000000000'), count(*)
from requisitions where deleted_at is null
group by 1, 2, 3, 4, 5;

-- The dashboard's default order (newest first) within a status, read straight off the index.
drop index requisitions_tenant_status_idx;
create index requisitions_tenant_status_created_idx on requisitions (tenant_id, status, created_at desc, id desc) where deleted_at is null;
grant execute on function track_requisition_counts() to hirevoo_app;
