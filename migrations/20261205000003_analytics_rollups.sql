-- Rollups for the reports over long periods (issue 19, speed at scale): the tenant's funnel per
-- day and step with its breakdowns, and each interviewer's calibration figures per day and per
-- month. Times (in a step, to submit a scorecard) are kept as histograms: (bucket, count) pairs
-- whose buckets' lower bounds, in seconds, the application passes in (`platform::rollups`), so a
-- median reads a few rows per day instead of every duration. It is approximate within a bucket.

-- The tenant's funnel ------------------------------------------------------------------------

-- The sum of the funnel_daily rows of the tenant's requisitions that are not deleted, per day
-- and step: what the tenant's report reads instead of every requisition's rows.
create table funnel_tenant_days (
    tenant_id uuid not null references tenants (id) on delete cascade,
    day date not null,
    kind text not null check (kind in ('applied', 'screening', 'assessment', 'interview', 'offer', 'hired')),
    entered integer not null default 0,
    rejected integer not null default 0,
    -- The times spent in the step by the applications that left it that day, as a histogram.
    time_buckets smallint[] not null default '{}',
    time_counts integer[] not null default '{}',
    primary key (tenant_id, day, kind)
);

-- The same per department, source and recruiter (key: the department as shown, the source, or
-- the recruiter's id, '' for none), for the report's breakdowns.
create table funnel_tenant_groups (
    tenant_id uuid not null references tenants (id) on delete cascade,
    day date not null,
    dimension text not null check (dimension in ('department', 'source', 'recruiter')),
    key text not null,
    applications integer not null default 0,
    interviews integer not null default 0,
    hires integer not null default 0,
    primary key (tenant_id, day, dimension, key)
);

-- False when a requisition was deleted or restored, or changed department or recruiter: the
-- next refresh then derives the tenant's rows again from all of funnel_daily (which such a
-- change leaves as it is), instead of from its last final day only.
alter table funnel_rollups add column tenant_current boolean not null default false;

create function funnel_requisition_changed() returns trigger
    language plpgsql
    as $$
begin
    update funnel_rollups set tenant_current = false where tenant_id = new.tenant_id and tenant_current;
    return null;
end $$;

create trigger requisitions_funnel_groups after update of deleted_at, department, recruiter_id on requisitions
    for each row when (old.deleted_at is distinct from new.deleted_at or old.department is distinct from new.department
                       or old.recruiter_id is distinct from new.recruiter_id)
    execute function funnel_requisition_changed();

-- The match scores of the tenant's applications per day they were made (UTC): how many had each
-- score, for the report's mean and median (exact) without reading every application. A trigger
-- keeps it, whoever changes a score (a graded test, a candidate's or a requisition's skills, a merge).
create table application_match_days (
    tenant_id uuid not null references tenants (id) on delete cascade,
    day date not null,
    score numeric not null,
    applications integer not null default 0,
    primary key (tenant_id, day, score)
);

select app_protect_tenant_table(t) from unnest(array['funnel_tenant_days', 'funnel_tenant_groups', 'application_match_days']) t;
-- Scores change in jobs that work across tenants too.
create policy platform_rows on application_match_days using ((select app_platform_scope())) with check ((select app_platform_scope()));

create function count_match_score() returns trigger
    language plpgsql
    as $$
begin
    if tg_op <> 'INSERT' and old.match_score is not null then
        update application_match_days set applications = applications - 1
        where tenant_id = old.tenant_id and day = (old.created_at at time zone 'utc')::date and score = old.match_score;
    end if;
    if tg_op <> 'DELETE' and new.match_score is not null then
        insert into application_match_days (tenant_id, day, score, applications)
        values (new.tenant_id, (new.created_at at time zone 'utc')::date, new.match_score, 1)
        on conflict (tenant_id, day, score) do update set applications = application_match_days.applications + 1;
    end if;
    return null;
end $$;

create trigger applications_count_match_score after insert or delete on applications
    for each row execute function count_match_score();
create trigger applications_recount_match_score after update of match_score, created_at on applications
    for each row when (old.match_score is distinct from new.match_score or old.created_at is distinct from new.created_at)
    execute function count_match_score();

-- Counted from every tenant's applications once: row-level security, forced on the owner too,
-- is lifted for this transaction alone (no other session sees the tables meanwhile).
alter table applications no force row level security;
alter table application_match_days no force row level security;
insert into application_match_days (tenant_id, day, score, applications)
select tenant_id, (created_at at time zone 'utc')::date, match_score, count(*) from applications where match_score is not null group by 1, 2, 3;
alter table applications force row level security;
alter table application_match_days force row level security;

-- Calibration ----------------------------------------------------------------------------------

-- Which applications had an interview, an interviewer or a submitted scorecard change on which
-- day (the interview's start, UTC) since the rollups last caught up. Triggers write it, so that
-- every path (scheduling, rescheduling, cancelling, submitting, amending, merging candidates,
-- purging requisitions) keeps the rollups in step; the refresh empties it. No reference to
-- tenants: a tenant's own deletion writes rows here while it cascades (the refresh drops them).
create table calibration_changes (
    tenant_id uuid not null,
    application_id uuid not null,
    day date not null,
    primary key (tenant_id, application_id, day)
);

-- Per application, interviewer and day of the interview: the sum and number of the submitted
-- recommendations (the comparisons with the panel are computed from these).
create table calibration_cards (
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    interviewer_id uuid not null references users (id) on delete cascade,
    day date not null,
    total integer not null,
    n integer not null,
    primary key (application_id, interviewer_id, day)
);
create index calibration_cards_day_idx on calibration_cards (tenant_id, day) include (application_id, interviewer_id, total, n);

-- Per application with a submitted scorecard: the first and last day of those scorecards'
-- interviews. An application's comparisons with the panel are counted on its first day; a
-- report whose period cuts through an application's days counts that one from calibration_cards.
create table calibration_spans (
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    first_day date not null,
    last_day date not null,
    primary key (application_id)
);
create index calibration_spans_last_day_idx on calibration_spans (tenant_id, last_day) include (first_day);

-- Per interviewer and day (or month: `month`, on its first day), from the interviews that started
-- then: interviews (not cancelled) they were on, scorecards submitted for those, the hours from
-- the interview's end to submission as a histogram, and the comparisons with the panel of the
-- applications whose first day it is (how many, and the sum of own − others' mean recommendation).
create table calibration_days (
    tenant_id uuid not null references tenants (id) on delete cascade,
    month boolean not null,
    day date not null,
    interviewer_id uuid not null references users (id) on delete cascade,
    interviews integer not null default 0,
    submitted integer not null default 0,
    delay_buckets smallint[] not null default '{}',
    delay_counts integer[] not null default '{}',
    compared integer not null default 0,
    difference_sum float8 not null default 0,
    primary key (tenant_id, month, day, interviewer_id)
);

-- Per interviewer, day (or month) and attribute: how their submitted ratings fell.
create table calibration_ratings (
    tenant_id uuid not null references tenants (id) on delete cascade,
    month boolean not null,
    day date not null,
    interviewer_id uuid not null references users (id) on delete cascade,
    attribute text not null,
    not_assessed integer not null default 0,
    ones integer not null default 0,
    twos integer not null default 0,
    threes integer not null default 0,
    fours integer not null default 0,
    primary key (tenant_id, month, day, interviewer_id, attribute)
);

select app_protect_tenant_table(t) from unnest(array['calibration_changes', 'calibration_cards', 'calibration_spans', 'calibration_days', 'calibration_ratings']) t;
-- Jobs in the platform's scope write changes while they cascade (purges), and the periodic
-- refresh finds the tenants that have some.
create policy platform_rows on calibration_changes using ((select app_platform_scope())) with check ((select app_platform_scope()));

create function calibration_interview_changed() returns trigger
    language plpgsql
    as $$
begin
    if tg_op <> 'INSERT' then
        insert into calibration_changes values (old.tenant_id, old.application_id, (old.starts_at at time zone 'utc')::date) on conflict do nothing;
    end if;
    if tg_op <> 'DELETE' then
        insert into calibration_changes values (new.tenant_id, new.application_id, (new.starts_at at time zone 'utc')::date) on conflict do nothing;
    end if;
    return null;
end $$;

create trigger interviews_calibration after insert or delete or update of starts_at, ends_at, status, application_id on interviews
    for each row execute function calibration_interview_changed();

-- A change to a row of an interview (an interviewer on it, a scorecard of it): the interview's day.
create function calibration_panel_changed() returns trigger
    language plpgsql
    as $$
begin
    insert into calibration_changes
    select i.tenant_id, i.application_id, (i.starts_at at time zone 'utc')::date from interviews i
    where i.id in (old.interview_id, new.interview_id)
    on conflict do nothing;
    return null;
end $$;

create trigger interview_interviewers_calibration after insert or delete or update on interview_interviewers
    for each row execute function calibration_panel_changed();

-- Drafts change nothing the reports count: only scorecards submitted before or after the change.

create trigger scorecards_calibration_insert after insert on scorecards
    for each row when (new.submitted_at is not null) execute function calibration_panel_changed();
create trigger scorecards_calibration_update after update on scorecards
    for each row when (old.submitted_at is not null or new.submitted_at is not null) execute function calibration_panel_changed();
create trigger scorecards_calibration_delete after delete on scorecards
    for each row when (old.submitted_at is not null) execute function calibration_panel_changed();

-- The rollups start from everything there is (row-level security lifted as above).
alter table interviews no force row level security;
alter table calibration_changes no force row level security;
insert into calibration_changes
select tenant_id, application_id, (starts_at at time zone 'utc')::date from interviews
on conflict do nothing;
alter table interviews force row level security;
alter table calibration_changes force row level security;
