-- The delegation service: clients (seekers who asked for it and were activated) delegate job
-- applications to employees, who apply for them and prove it. Nobody here belongs to a tenant:
-- these are platform tables. A client or an employee reaches their own rows (`app.user_id`);
-- the service's admins and the background work, every row (the platform scope).

alter table sessions drop constraint sessions_role_check;
alter table sessions add constraint sessions_role_check
    check (role in ('superadmin', 'tenant_admin', 'recruiter', 'interviewer', 'candidate', 'seeker',
                    'delegation_admin', 'delegation_employee'));

create table delegation_admins (
    user_id uuid primary key references users (id) on delete cascade,
    -- An operator activates clients, assigns employees and follows the work; a manager also
    -- adds and retires employees.
    level text not null check (level in ('operator', 'manager')),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);

create table delegation_employees (
    user_id uuid primary key references users (id) on delete cascade,
    created_by uuid references users (id) on delete set null,
    is_available boolean not null default true,
    -- At most this many delegations given to them a day.
    daily_cap integer not null default 40 check (daily_cap between 1 and 1000),
    last_active_at timestamptz,
    retired_at timestamptz,
    created_at timestamptz not null default now()
);

create table delegation_clients (
    user_id uuid primary key references users (id) on delete cascade,
    status text not null default 'requested' check (status in ('requested', 'active', 'suspended')),
    activated_at timestamptz,
    activated_by uuid references users (id) on delete set null,
    -- Set by an admin; no payment is processed here.
    payment_status text not null default 'unpaid' check (payment_status in ('unpaid', 'trial', 'paid', 'past_due')),
    distribution text not null default 'round_robin' check (distribution in ('round_robin', 'least_loaded')),
    requested_at timestamptz not null default now(),
    check ((status = 'requested') = (activated_at is null))
);
create index delegation_clients_status_idx on delegation_clients (status, requested_at);

-- A client's résumé variants ("Backend", "Data"): PDFs in the file storage.
create table delegation_resume_types (
    id uuid primary key,
    client_id uuid not null references delegation_clients (user_id) on delete cascade,
    name text not null check (char_length(name) between 1 and 60),
    storage_key text not null,
    file_name text not null check (char_length(file_name) between 1 and 255),
    file_size integer not null check (file_size > 0),
    uploaded_at timestamptz not null default now()
);
create unique index delegation_resume_types_name_key on delegation_resume_types (client_id, lower(name));

create table delegation_assignments (
    id uuid primary key,
    client_id uuid not null references delegation_clients (user_id) on delete cascade,
    employee_id uuid not null references delegation_employees (user_id) on delete cascade,
    assigned_by uuid references users (id) on delete set null,
    assigned_at timestamptz not null default now(),
    is_active boolean not null default true,
    ended_at timestamptz,
    ended_by uuid references users (id) on delete set null,
    -- When this pair was last given a delegation, and its turn in the order of all gifts:
    -- round-robin goes to the pair whose turn is oldest (times can tie, turns cannot).
    last_given_at timestamptz,
    last_turn bigint,
    check (is_active = (ended_at is null))
);
create unique index delegation_assignments_active_key on delegation_assignments (client_id, employee_id) where is_active;
create index delegation_assignments_employee_idx on delegation_assignments (employee_id) where is_active;

create sequence delegation_turns;
grant usage on sequence delegation_turns to hirevoo_app;

create table delegations (
    id uuid primary key,
    client_id uuid not null references delegation_clients (user_id) on delete cascade,
    employee_id uuid references delegation_employees (user_id) on delete set null,
    resume_type_id uuid not null references delegation_resume_types (id),
    job_url text not null check (char_length(job_url) between 10 and 2000),
    company text not null check (char_length(company) between 1 and 200),
    title text not null check (char_length(title) between 1 and 200),
    status text not null default 'pending' check (status in ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
    priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
    deadline timestamptz not null,
    delegated_at timestamptz not null default now(),
    -- When the current employee was given it.
    assigned_at timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    -- Why it failed or was cancelled.
    reason text check (char_length(reason) <= 1000),
    updated_at timestamptz not null default now(),
    constraint delegations_valid_deadline check (deadline > delegated_at)
);
create index delegations_client_idx on delegations (client_id, delegated_at desc);
create index delegations_client_status_idx on delegations (client_id, status);
create index delegations_employee_idx on delegations (employee_id, status, deadline);
create index delegations_open_idx on delegations (deadline) where status in ('pending', 'in_progress');
create index delegations_unassigned_idx on delegations (delegated_at) where employee_id is null and status = 'pending';
create index delegations_resume_type_idx on delegations (resume_type_id);

-- Every change of a delegation, with who made it.
create table delegation_events (
    id uuid primary key,
    delegation_id uuid not null references delegations (id) on delete cascade,
    at timestamptz not null default now(),
    actor_id uuid references users (id) on delete set null,
    kind text not null check (kind in ('created', 'assigned', 'reassigned', 'unassigned', 'started', 'completed',
                                       'accepted', 'rejected', 'failed', 'cancelled')),
    employee_id uuid references delegation_employees (user_id) on delete set null,
    note text check (char_length(note) <= 1000)
);
create index delegation_events_delegation_idx on delegation_events (delegation_id, at);

-- Proof that an application was sent: a screenshot and notes, which the client accepts or
-- rejects (a rejection sends the delegation back to the employee; the proof stays as history).
create table delegation_completions (
    id uuid primary key,
    delegation_id uuid not null references delegations (id) on delete cascade,
    completed_by uuid references users (id) on delete set null,
    screenshot_key text not null,
    screenshot_type text not null check (screenshot_type in ('image/png', 'image/jpeg')),
    screenshot_size integer not null check (screenshot_size > 0),
    notes text not null default '' check (char_length(notes) <= 2000),
    review text not null default 'waiting' check (review in ('waiting', 'accepted', 'rejected')),
    review_reason text check (char_length(review_reason) <= 1000),
    reviewed_at timestamptz,
    completed_at timestamptz not null default now(),
    check ((review = 'rejected') = (review_reason is not null))
);
create unique index delegation_completions_current_key on delegation_completions (delegation_id) where review <> 'rejected';
create index delegation_completions_waiting_idx on delegation_completions (completed_at) where review = 'waiting';

-- How many delegations each employee was given each day: the daily cap reads it.
create table delegation_employee_days (
    employee_id uuid not null references delegation_employees (user_id) on delete cascade,
    day date not null,
    given integer not null default 0,
    primary key (employee_id, day)
);

-- The day's figures per client and employee, written by the daily rollup for the dashboards.
create table delegation_daily (
    day date not null,
    client_id uuid not null references delegation_clients (user_id) on delete cascade,
    employee_id uuid references delegation_employees (user_id) on delete cascade,
    delegated integer not null default 0,
    completed integer not null default 0,
    failed integer not null default 0,
    cancelled integer not null default 0,
    accepted integer not null default 0,
    rejected integer not null default 0,
    -- Open past their deadline at the end of the day (or now, for today).
    overdue integer not null default 0,
    constraint delegation_daily_key unique nulls not distinct (day, client_id, employee_id)
);

-- Own rows for clients and employees, everything in the platform scope.
alter table delegation_admins enable row level security;
alter table delegation_admins force row level security;
create policy own_rows on delegation_admins using (user_id = app_user_id() or app_platform_scope()) with check (app_platform_scope());
grant select, insert, update, delete on delegation_admins to hirevoo_app;

alter table delegation_employees enable row level security;
alter table delegation_employees force row level security;
create policy own_rows on delegation_employees using (user_id = app_user_id() or app_platform_scope()) with check (user_id = app_user_id() or app_platform_scope());
grant select, insert, update, delete on delegation_employees to hirevoo_app;

alter table delegation_clients enable row level security;
alter table delegation_clients force row level security;
create policy own_rows on delegation_clients using (user_id = app_user_id() or app_platform_scope()) with check (app_platform_scope() or (user_id = app_user_id() and status = 'requested'));
grant select, insert, update, delete on delegation_clients to hirevoo_app;

alter table delegation_assignments enable row level security;
alter table delegation_assignments force row level security;
create policy own_rows on delegation_assignments using (client_id = app_user_id() or employee_id = app_user_id() or app_platform_scope()) with check (app_platform_scope());
grant select, insert, update on delegation_assignments to hirevoo_app;

-- An employee reads the résumés of the clients they work for.
alter table delegation_resume_types enable row level security;
alter table delegation_resume_types force row level security;
create policy own_rows on delegation_resume_types
    using (client_id = app_user_id() or app_platform_scope()
           or exists (select 1 from delegation_assignments a where a.client_id = delegation_resume_types.client_id and a.employee_id = app_user_id() and a.is_active))
    with check (client_id = app_user_id() or app_platform_scope());
grant select, insert, update, delete on delegation_resume_types to hirevoo_app;

alter table delegations enable row level security;
alter table delegations force row level security;
create policy own_rows on delegations
    using (client_id = app_user_id() or employee_id = app_user_id() or app_platform_scope())
    with check (client_id = app_user_id() or employee_id = app_user_id() or app_platform_scope());
grant select, insert, update on delegations to hirevoo_app;

-- A delegation's history and proofs are seen by whoever sees the delegation.
alter table delegation_events enable row level security;
alter table delegation_events force row level security;
create policy with_delegation on delegation_events
    using (app_platform_scope() or exists (select 1 from delegations d where d.id = delegation_events.delegation_id))
    with check (app_platform_scope() or exists (select 1 from delegations d where d.id = delegation_events.delegation_id));
grant select, insert on delegation_events to hirevoo_app;

alter table delegation_completions enable row level security;
alter table delegation_completions force row level security;
create policy with_delegation on delegation_completions
    using (app_platform_scope() or exists (select 1 from delegations d where d.id = delegation_completions.delegation_id))
    with check (app_platform_scope() or exists (select 1 from delegations d where d.id = delegation_completions.delegation_id));
grant select, insert, update on delegation_completions to hirevoo_app;

alter table delegation_employee_days enable row level security;
alter table delegation_employee_days force row level security;
create policy platform_rows on delegation_employee_days using (app_platform_scope()) with check (app_platform_scope());
grant select, insert, update, delete on delegation_employee_days to hirevoo_app;

alter table delegation_daily enable row level security;
alter table delegation_daily force row level security;
create policy own_rows on delegation_daily
    using (client_id = app_user_id() or employee_id = app_user_id() or app_platform_scope())
    with check (app_platform_scope());
grant select, insert, update, delete on delegation_daily to hirevoo_app;

-- Who may be given a client's next delegation: the client's employees on an active assignment,
-- available and not retired, with their open work, what they were given today and their cap.
-- Read in the platform scope for this statement only: a client sees no other client's work.
create function delegation_candidates(p_client uuid, p_day date)
    returns table (employee_id uuid, open_count bigint, given_today integer, daily_cap integer, last_turn bigint)
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
begin
    return query
    select a.employee_id,
           (select count(*) from delegations d where d.employee_id = a.employee_id and d.status in ('pending', 'in_progress')),
           coalesce((select g.given from delegation_employee_days g where g.employee_id = a.employee_id and g.day = p_day), 0),
           e.daily_cap,
           a.last_turn
    from delegation_assignments a
    join delegation_employees e on e.user_id = a.employee_id
    where a.client_id = p_client and a.is_active and e.is_available and e.retired_at is null
    order by a.employee_id;
    perform set_config('app.platform_scope', v_previous, true);
end
$$;

-- Giving a delegation to an employee counts it in their day and in the pair's round-robin.
create function delegation_given() returns trigger
    language plpgsql
as $$
declare
    v_previous text;
begin
    if new.employee_id is not null and new.employee_id is distinct from (case when tg_op = 'UPDATE' then old.employee_id end) then
        v_previous := enter_platform_scope();
        insert into delegation_employee_days (employee_id, day, given) values (new.employee_id, (new.assigned_at at time zone 'UTC')::date, 1)
        on conflict (employee_id, day) do update set given = delegation_employee_days.given + 1;
        update delegation_assignments set last_given_at = new.assigned_at, last_turn = nextval('delegation_turns')
        where client_id = new.client_id and employee_id = new.employee_id and is_active;
        perform set_config('app.platform_scope', v_previous, true);
    end if;
    return new;
end
$$;
create trigger delegations_given after insert or update of employee_id on delegations
    for each row execute function delegation_given();

-- The service's settings, changed by superadmins only.
create table delegation_settings (
    id boolean primary key default true check (id),
    -- A delegation still pending this close to its deadline goes to another employee.
    reassign_hours_before_deadline integer not null default 12 check (reassign_hours_before_deadline between 1 and 168),
    default_daily_cap integer not null default 40 check (default_daily_cap between 1 and 1000),
    updated_at timestamptz not null default now()
);
insert into delegation_settings default values;
alter table delegation_settings enable row level security;
alter table delegation_settings force row level security;
create policy readable on delegation_settings for select using (true);
create policy platform_rows on delegation_settings for update using (app_platform_scope()) with check (app_platform_scope());
grant select, update on delegation_settings to hirevoo_app;
