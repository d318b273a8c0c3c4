-- The public job board: every listed job of the platform in one table, read by anyone (it is
-- what the careers sites already publish), written only in the platform scope. A tenant's
-- requisition is copied here by a trigger whenever what the board shows of it changes, so no
-- write path can forget it; whether the tenant is on the board at all (its careers site on, the
-- tenant active) is kept per company by a periodic job, which evaluates the feature flag.
-- Jobs ingested from other sources (no tenant) come later into the same table.

create table board_companies (
    tenant_id uuid primary key references tenants (id) on delete cascade,
    listed boolean not null,
    checked_at timestamptz not null default now()
);

create table board_jobs (
    id uuid primary key,
    tenant_id uuid references tenants (id) on delete cascade,
    requisition_id uuid unique references requisitions (id) on delete cascade,
    company text not null check (char_length(company) between 1 and 200),
    -- The company's careers site, where a tenant's job is applied for.
    company_slug text,
    title text not null check (char_length(title) between 1 and 300),
    description text not null default '',
    department text not null default '',
    location_city text not null default '',
    location_country text not null default '',
    workplace text not null check (workplace in ('on_site', 'hybrid', 'remote')),
    employment_type text not null
        check (employment_type in ('full_time', 'part_time', 'contract', 'temporary', 'internship')),
    -- Only a salary the employer shows.
    salary_min numeric(12, 2),
    salary_max numeric(12, 2),
    salary_currency text,
    posted_at timestamptz not null,
    deadline date,
    -- Open at its source (a requisition: open, published, not deleted).
    open boolean not null,
    -- Open, and its company on the board: what the board lists.
    listed boolean not null,
    updated_at timestamptz not null default now(),
    search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', company || ' ' || department), 'B')
        || setweight(to_tsvector('english', left(description, 20000)), 'C')
    ) stored
);

-- Newest first, searched or not: a common word walks this index and stops at the page.
create index board_jobs_posted_idx on board_jobs (posted_at desc, id desc) where listed;
-- A rarer word: its matches from the inverted index, then sorted.
create index board_jobs_search_idx on board_jobs using gin (search) where listed;
create index board_jobs_city_idx on board_jobs (lower(location_city), posted_at desc) where listed;
create index board_jobs_country_idx on board_jobs (lower(location_country), posted_at desc) where listed;
create index board_jobs_department_idx on board_jobs (lower(department), posted_at desc) where listed;
create index board_jobs_tenant_idx on board_jobs (tenant_id) where tenant_id is not null;

-- The words of the board's titles, companies, departments and places: a misspelt search word
-- is corrected to the nearest of these (trigram similarity over a few thousand words, not over
-- a million jobs).
create table board_words (
    word text primary key
);
create index board_words_trgm_idx on board_words using gin (word gin_trgm_ops);

alter table board_companies enable row level security;
alter table board_companies force row level security;
alter table board_jobs enable row level security;
alter table board_jobs force row level security;
alter table board_words enable row level security;
alter table board_words force row level security;
create policy readable on board_companies for select using (true);
create policy platform_writes on board_companies using (app_platform_scope()) with check (app_platform_scope());
create policy readable on board_jobs for select using (true);
create policy platform_writes on board_jobs using (app_platform_scope()) with check (app_platform_scope());
create policy readable on board_words for select using (true);
create policy platform_writes on board_words using (app_platform_scope()) with check (app_platform_scope());
grant select, insert, update, delete on board_companies, board_jobs, board_words to hirevoo_app;

-- The board's own writes happen in the platform scope for the statement that makes them, and the
-- caller's scope is restored afterwards (a function's SET clause would need a superuser for this
-- parameter): a requisition's transaction keeps its tenant's scope.
create function enter_platform_scope() returns text
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
begin
    perform set_config('app.platform_scope', 'on', true);
    return v_previous;
end
$$;

-- Adds the words of a listed job to the vocabulary.
create function board_learn_words(p_text text) returns void
    language sql
as $$
    insert into board_words (word)
    select word from unnest(tsvector_to_array(to_tsvector('simple', p_text))) as word
    where char_length(word) between 2 and 40 and word !~ '^[0-9]+$'
    on conflict do nothing
$$;

-- Copies a requisition to the board (or removes it).
create function board_copy_requisition() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
    v_company text;
    v_slug text;
    v_company_listed boolean;
    v_open boolean;
begin
    if tg_op = 'DELETE' then
        delete from board_jobs where requisition_id = old.id;
        perform set_config('app.platform_scope', v_previous, true);
        return old;
    end if;
    v_open := new.status = 'open' and new.published and new.deleted_at is null;
    if not v_open and not exists (select 1 from board_jobs where requisition_id = new.id) then
        perform set_config('app.platform_scope', v_previous, true);
        return new;
    end if;
    select t.name, t.slug, t.status = 'active' and coalesce(c.listed, true)
      into v_company, v_slug, v_company_listed
      from tenants t left join board_companies c on c.tenant_id = t.id
     where t.id = new.tenant_id;
    insert into board_jobs (id, tenant_id, requisition_id, company, company_slug, title, description, department,
                            location_city, location_country, workplace, employment_type,
                            salary_min, salary_max, salary_currency, posted_at, deadline, open, listed, updated_at)
    values (new.id, new.tenant_id, new.id, v_company, v_slug, new.title, new.description, new.department,
            new.location_city, new.location_country, new.workplace, new.employment_type,
            case when new.salary_visible then new.salary_min end,
            case when new.salary_visible then new.salary_max end,
            case when new.salary_visible then new.salary_currency end,
            coalesce(new.opened_at, new.created_at), new.deadline, v_open, v_open and v_company_listed, now())
    on conflict (requisition_id) do update set
        company = excluded.company, company_slug = excluded.company_slug, title = excluded.title,
        description = excluded.description, department = excluded.department,
        location_city = excluded.location_city, location_country = excluded.location_country,
        workplace = excluded.workplace, employment_type = excluded.employment_type,
        salary_min = excluded.salary_min, salary_max = excluded.salary_max, salary_currency = excluded.salary_currency,
        posted_at = excluded.posted_at, deadline = excluded.deadline, open = excluded.open,
        listed = excluded.listed, updated_at = now();
    if v_open then
        perform board_learn_words(concat_ws(' ', new.title, v_company, new.department, new.location_city, new.location_country));
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return new;
end
$$;

create trigger requisitions_on_board
    after insert or delete or update of title, description, status, published, deleted_at, deadline, department,
        location_city, location_country, workplace, employment_type, salary_min, salary_max, salary_currency,
        salary_visible, opened_at
    on requisitions
    for each row execute function board_copy_requisition();

-- Recomputes what the board shows of one company: its name and address, and whether its open
-- jobs are listed (the tenant active and, as the periodic job last found, its careers site on).
create function board_refresh_company(p_tenant_id uuid, p_careers_on boolean) returns void
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
begin
    update board_jobs j
       set listed = j.open and t.status = 'active' and p_careers_on, company = t.name, company_slug = t.slug, updated_at = now()
      from tenants t
     where j.tenant_id = p_tenant_id and t.id = p_tenant_id
       and (j.listed <> (j.open and t.status = 'active' and p_careers_on) or j.company <> t.name or j.company_slug is distinct from t.slug);
    perform set_config('app.platform_scope', v_previous, true);
end
$$;

-- Records whether each company's careers site is on, as the periodic job evaluated the flag,
-- and refreshes the companies whose answer changed (or that are new). Returns how many.
create function board_set_companies(p_tenant_ids uuid[], p_careers_on boolean[]) returns integer
    language plpgsql
as $$
declare
    v_changed record;
    v_count integer := 0;
begin
    for v_changed in
        insert into board_companies (tenant_id, listed)
        select tenant_id, listed from unnest(p_tenant_ids, p_careers_on) as w(tenant_id, listed)
        on conflict (tenant_id) do update set listed = excluded.listed, checked_at = now()
        where board_companies.listed <> excluded.listed
        returning tenant_id, listed
    loop
        perform board_refresh_company(v_changed.tenant_id, v_changed.listed);
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;

create function board_follow_tenant() returns trigger
    language plpgsql
as $$
begin
    perform board_refresh_company(new.id, coalesce((select listed from board_companies where tenant_id = new.id), true));
    return new;
end
$$;

create trigger tenants_on_board after update of name, slug, status on tenants
    for each row execute function board_follow_tenant();

-- What is listed today (the migration, too, writes in the platform scope).
select set_config('app.platform_scope', 'on', true);
insert into board_jobs (id, tenant_id, requisition_id, company, company_slug, title, description, department,
                        location_city, location_country, workplace, employment_type,
                        salary_min, salary_max, salary_currency, posted_at, deadline, open, listed)
select r.id, r.tenant_id, r.id, t.name, t.slug, r.title, r.description, r.department,
       r.location_city, r.location_country, r.workplace, r.employment_type,
       case when r.salary_visible then r.salary_min end, case when r.salary_visible then r.salary_max end,
       case when r.salary_visible then r.salary_currency end,
       coalesce(r.opened_at, r.created_at), r.deadline, true, t.status = 'active'
from requisitions r join tenants t on t.id = r.tenant_id
where r.status = 'open' and r.published and r.deleted_at is null;
select board_learn_words(concat_ws(' ', title, company, department, location_city, location_country)) from board_jobs;
