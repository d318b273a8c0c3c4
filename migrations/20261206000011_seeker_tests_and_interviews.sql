-- What an organization asks of a seeker who applied from the board, on the seeker's side: the
-- tests it sends and the interviews it schedules, kept outside the tenant's tables by triggers
-- on them (as the applications' status is), with only what the candidate is told anyway.

create table seeker_tests (
    -- The invitation's id.
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    application_id uuid not null references seeker_applications (id) on delete cascade,
    -- Whose invitation it is: opening it happens in that organization's scope.
    tenant_id uuid not null,
    assessment text not null,
    time_limit_minutes integer not null,
    expires_at timestamptz not null,
    state text not null default 'to_take' check (state in ('to_take', 'started', 'submitted', 'withdrawn')),
    created_at timestamptz not null default now()
);
create index seeker_tests_user_idx on seeker_tests (user_id, created_at desc);

create table seeker_interviews (
    -- The interview's id.
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    application_id uuid not null references seeker_applications (id) on delete cascade,
    title text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    -- The candidate's zone, as the organization scheduled it.
    time_zone text not null,
    location text not null,
    video_url text not null,
    notes text not null,
    status text not null,
    sequence integer not null
);
create index seeker_interviews_user_idx on seeker_interviews (user_id, starts_at);

do $$
declare
    t text;
begin
    foreach t in array array['seeker_tests', 'seeker_interviews'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy own_rows on %I using (user_id = app_user_id() or app_platform_scope()) with check (user_id = app_user_id() or app_platform_scope())', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end $$;

-- A test sent for an application a seeker follows, and what becomes of it.
create function seeker_test_follow() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
begin
    if tg_table_name = 'candidate_invitations' and tg_op = 'INSERT' then
        insert into seeker_tests (id, user_id, application_id, tenant_id, assessment, time_limit_minutes, expires_at)
        select new.id, a.user_id, a.id, new.tenant_id, t.title, t.time_limit_minutes, new.expires_at
          from seeker_applications a join assessments t on t.id = new.assessment_id
         where a.id = new.application_id
        on conflict (id) do nothing;
    elsif tg_table_name = 'candidate_invitations' then
        update seeker_tests set expires_at = new.expires_at,
                                state = case when new.revoked_at is not null and state <> 'submitted' then 'withdrawn' else state end
         where id = new.id;
    elsif tg_op = 'INSERT' then
        update seeker_tests set state = 'started' where id = new.invitation_id and state = 'to_take';
    else
        update seeker_tests set state = 'submitted' where id = new.invitation_id and new.submitted_at is not null;
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create trigger candidate_invitations_seeker_test
    after insert or update of revoked_at, expires_at on candidate_invitations
    for each row when (new.application_id is not null)
    execute function seeker_test_follow();
create trigger test_sessions_seeker_test_started
    after insert on test_sessions
    for each row execute function seeker_test_follow();
create trigger test_sessions_seeker_test_submitted
    after update of submitted_at on test_sessions
    for each row when (old.submitted_at is null and new.submitted_at is not null)
    execute function seeker_test_follow();

-- An interview scheduled, moved or cancelled for an application a seeker follows.
create function seeker_interview_follow() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
begin
    insert into seeker_interviews (id, user_id, application_id, title, starts_at, ends_at, time_zone, location,
                                   video_url, notes, status, sequence)
    select new.id, a.user_id, a.id, new.title, new.starts_at, new.ends_at, new.candidate_time_zone, new.location,
           new.video_url, new.candidate_notes, new.status, new.sequence
      from seeker_applications a
     where a.id = new.application_id
    on conflict (id) do update
       set title = excluded.title, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           time_zone = excluded.time_zone, location = excluded.location, video_url = excluded.video_url,
           notes = excluded.notes, status = excluded.status, sequence = excluded.sequence;
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create trigger interviews_seeker_interview
    after insert or update on interviews
    for each row execute function seeker_interview_follow();
