-- Seekers apply from the board: the tenant gets its own candidate copy (what the form sent, no
-- more), and the seeker keeps a record of the application outside the tenant's tables, whose
-- status follows the tenant's moves as one of a few public words.

alter table candidates drop constraint candidates_source_check,
    add constraint candidates_source_check
        check (source in ('careers_site', 'job_board', 'referral', 'sourced', 'agency', 'imported'));
alter table applications drop constraint applications_source_check,
    add constraint applications_source_check
        check (source in ('careers_site', 'job_board', 'referral', 'sourced', 'agency', 'imported'));

create table seeker_applications (
    -- The tenant's application's id: the tenant's moves find the seeker's record by it.
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    requisition_id uuid not null,
    title text not null,
    company text not null,
    company_slug text not null,
    status text not null default 'applied'
        check (status in ('applied', 'in_review', 'interviewing', 'offer', 'hired', 'closed')),
    status_changed_at timestamptz not null default now(),
    applied_at timestamptz not null default now()
);
create index seeker_applications_user_idx on seeker_applications (user_id, applied_at desc);
create unique index seeker_applications_job_key on seeker_applications (user_id, requisition_id);

alter table seeker_applications enable row level security;
alter table seeker_applications force row level security;
create policy own_rows on seeker_applications using (user_id = app_user_id() or app_platform_scope())
    with check (user_id = app_user_id() or app_platform_scope());
grant select, insert, update, delete on seeker_applications to hirevoo_app;

-- What a seeker is shown of a stage: the kind the tenant gave it, in public words.
create function seeker_status(p_kind text, p_application_status text) returns text
    language sql immutable
as $$
    select case when p_application_status <> 'active' then 'closed'
                else case p_kind when 'applied' then 'applied' when 'screening' then 'in_review'
                                 when 'assessment' then 'in_review' when 'interview' then 'interviewing'
                                 when 'offer' then 'offer' when 'hired' then 'hired' else 'in_review' end
           end
$$;

-- Runs in the tenant's transaction: the seeker's record is reached in the platform scope for
-- this statement only, and only a record with the application's own id is touched.
create function seeker_application_follow() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
    v_status text;
begin
    if tg_op = 'DELETE' then
        update seeker_applications set status = 'closed', status_changed_at = now()
         where id = old.id and status not in ('closed', 'hired');
    elsif exists (select 1 from seeker_applications where id = new.id) then
        select seeker_status(s.kind, new.status) into v_status from requisition_stages s where s.id = new.stage_id;
        update seeker_applications set status = v_status, status_changed_at = now()
         where id = new.id and status is distinct from v_status;
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create trigger applications_seeker_status
    after update of stage_id, status on applications
    for each row when (old.stage_id is distinct from new.stage_id or old.status is distinct from new.status)
    execute function seeker_application_follow();
create trigger applications_seeker_closed
    after delete on applications
    for each row execute function seeker_application_follow();

-- A job that closes or is archived closes the applications still waiting in it.
create function seeker_applications_job_closed() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
begin
    update seeker_applications set status = 'closed', status_changed_at = now()
     where requisition_id = new.id and status not in ('closed', 'hired', 'offer');
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create trigger requisitions_seeker_closed
    after update of status on requisitions
    for each row when (new.status in ('closed', 'archived') and old.status is distinct from new.status)
    execute function seeker_applications_job_closed();
