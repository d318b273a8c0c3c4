-- What applicants following their application from the job board read while it is in a stage,
-- when the organization chooses it (a screening call it would rather call "Interviewing");
-- otherwise the word for the stage's step. Changing it, or the step, reaches them at once.
alter table requisition_stages add column shown_as text check (shown_as in ('applied', 'in_review', 'interviewing', 'offer'));

create or replace function seeker_application_follow() returns trigger
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
        select case when new.status = 'active' then coalesce(s.shown_as, seeker_status(s.kind, new.status)) else 'closed' end
          into v_status from requisition_stages s where s.id = new.stage_id;
        update seeker_applications set status = v_status, status_changed_at = now()
         where id = new.id and status is distinct from v_status;
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create function seeker_applications_stage_shown() returns trigger
    language plpgsql
as $$
declare
    v_previous text := enter_platform_scope();
    v_status text := coalesce(new.shown_as, seeker_status(new.kind, 'active'));
begin
    update seeker_applications sa set status = v_status, status_changed_at = now()
      from applications a
     where a.stage_id = new.id and a.status = 'active' and sa.id = a.id and sa.status is distinct from v_status;
    perform set_config('app.platform_scope', v_previous, true);
    return null;
end
$$;

create trigger requisition_stages_seeker_status
    after update of shown_as, kind on requisition_stages
    for each row when (old.shown_as is distinct from new.shown_as or old.kind is distinct from new.kind)
    execute function seeker_applications_stage_shown();
