-- The hiring pipeline: candidates with skills and tags, stages per requisition (from the
-- tenant's default list), applications moving through them with an append-only event log,
-- notes with mentions, assessments sent from an application, and the match score.

-- Candidates: a person in a tenant ---------------------------------------------------------

alter table candidates
    add column location text not null default '' check (char_length(location) <= 120),
    add column links text[] not null default '{}' check (cardinality(links) <= 10),
    add column tags text[] not null default '{}' check (cardinality(tags) <= 30),
    add column created_by uuid references users (id) on delete set null;
create index candidates_tags_idx on candidates using gin (tags);
create index candidates_name_trgm_idx on candidates using gin (lower(name || ' ' || email) gin_trgm_ops);

create table candidate_skills (
    tenant_id uuid not null references tenants (id) on delete cascade,
    candidate_id uuid not null references candidates (id) on delete cascade,
    skill_id uuid not null references skills (id) on delete cascade,
    proficiency smallint not null check (proficiency between 1 and 5),
    primary key (candidate_id, skill_id)
);
create index candidate_skills_skill_idx on candidate_skills (skill_id, proficiency);

-- Stages -------------------------------------------------------------------------------------
-- Each stage counts as one step of the funnel (its kind); a tenant may name and add stages
-- freely as long as each says which step it belongs to.

-- The tenant's default list, copied into each new requisition. Empty: the built-in list.
create table pipeline_stage_templates (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 60),
    kind text not null check (kind in ('applied', 'screening', 'assessment', 'interview', 'offer', 'hired')),
    position integer not null,
    constraint pipeline_stage_templates_position_key unique (tenant_id, position) deferrable initially deferred
);
create unique index pipeline_stage_templates_name_key on pipeline_stage_templates (tenant_id, lower(name));

create table requisition_stages (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 60),
    kind text not null check (kind in ('applied', 'screening', 'assessment', 'interview', 'offer', 'hired')),
    position integer not null,
    -- Sent automatically to each candidate who enters the stage.
    auto_assessment_id uuid references assessments (id) on delete set null,
    constraint requisition_stages_position_key unique (requisition_id, position) deferrable initially deferred
);
create unique index requisition_stages_name_key on requisition_stages (requisition_id, lower(name));

-- The tenant's reasons for rejecting; empty: the built-in list.
create table rejection_reasons (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    label text not null check (char_length(label) between 1 and 80),
    position integer not null
);
create unique index rejection_reasons_label_key on rejection_reasons (tenant_id, lower(label));

create function copy_default_stages() returns trigger
    language plpgsql
    as $$
begin
    if exists (select 1 from pipeline_stage_templates where tenant_id = new.tenant_id) then
        insert into requisition_stages (id, tenant_id, requisition_id, name, kind, position)
        select gen_random_uuid(), new.tenant_id, new.id, name, kind, position
        from pipeline_stage_templates where tenant_id = new.tenant_id;
    else
        insert into requisition_stages (id, tenant_id, requisition_id, name, kind, position)
        select gen_random_uuid(), new.tenant_id, new.id, d.name, d.kind, d.position
        from (values ('Applied', 'applied', 1), ('Screening', 'screening', 2), ('Assessment', 'assessment', 3),
                     ('Interview', 'interview', 4), ('Offer', 'offer', 5), ('Hired', 'hired', 6)) d (name, kind, position);
    end if;
    return new;
end $$;

create trigger requisitions_default_stages after insert on requisitions
    for each row execute function copy_default_stages();

insert into requisition_stages (id, tenant_id, requisition_id, name, kind, position)
select gen_random_uuid(), r.tenant_id, r.id, d.name, d.kind, d.position
from requisitions r
cross join (values ('Applied', 'applied', 1), ('Screening', 'screening', 2), ('Assessment', 'assessment', 3),
                   ('Interview', 'interview', 4), ('Offer', 'offer', 5), ('Hired', 'hired', 6)) d (name, kind, position);

-- Applications move through the stages ------------------------------------------------------

alter table applications
    add column stage_id uuid references requisition_stages (id),
    add column status text not null default 'active' check (status in ('active', 'rejected', 'withdrawn')),
    add column rejection_reason text not null default '' check (char_length(rejection_reason) <= 80),
    -- Raised by every move: a move from a stale page finds another version and is refused.
    add column version integer not null default 1,
    add column stage_entered_at timestamptz not null default now(),
    add column match_score numeric(5, 1),
    add column created_by uuid references users (id) on delete set null;

update applications a set stage_id = s.id, stage_entered_at = a.created_at
from requisition_stages s where s.requisition_id = a.requisition_id and s.position = 1;
alter table applications alter column stage_id set not null;
create index applications_stage_idx on applications (requisition_id, stage_id, status);
create index applications_tenant_created_idx on applications (tenant_id, created_at desc);

-- A stage's first application lands in the requisition's first stage unless told otherwise.
create function place_new_application() returns trigger
    language plpgsql
    as $$
begin
    if new.stage_id is null then
        select id into new.stage_id from requisition_stages
        where requisition_id = new.requisition_id order by position limit 1;
    end if;
    return new;
end $$;

create trigger applications_first_stage before insert on applications
    for each row execute function place_new_application();

-- Append-only: the app may insert and read, never change or remove.
create table stage_events (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    -- Null for the event that opened the application.
    from_stage_id uuid references requisition_stages (id) on delete set null,
    to_stage_id uuid references requisition_stages (id) on delete set null,
    from_status text,
    to_status text not null check (to_status in ('active', 'rejected', 'withdrawn')),
    -- The names as they were, so the history reads the same after a stage is renamed or removed.
    from_stage_name text not null default '',
    to_stage_name text not null default '',
    to_kind text check (to_kind in ('applied', 'screening', 'assessment', 'interview', 'offer', 'hired')),
    reason text not null default '' check (char_length(reason) <= 500),
    -- Null when the platform moved it.
    actor_id uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index stage_events_application_idx on stage_events (application_id, created_at);
create index stage_events_requisition_idx on stage_events (requisition_id, created_at);

-- An application's opening event is dated with the application, also when an import or the
-- demo data dates the application in the past. The app may not update events itself.
create function date_opening_event() returns trigger
    language plpgsql
    security definer
    set search_path = public
    as $$
begin
    update stage_events set created_at = new.created_at
    where application_id = new.id and from_stage_id is null and from_status is null;
    return null;
end $$;

create trigger applications_date_opening_event after update of created_at on applications
    for each row when (old.created_at is distinct from new.created_at)
    execute function date_opening_event();

-- People who hear of an application's moves besides the requisition's hiring team.
create table application_followers (
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (application_id, user_id)
);

-- Notes (seed 004's ApplicationNote) -------------------------------------------------------

create table application_notes (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    body text not null check (char_length(body) between 1 and 10000),
    visibility text not null default 'team' check (visibility in ('team', 'private')),
    created_at timestamptz not null default now(),
    edited_at timestamptz
);
create index application_notes_application_idx on application_notes (application_id, created_at);

create table note_mentions (
    tenant_id uuid not null references tenants (id) on delete cascade,
    note_id uuid not null references application_notes (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (note_id, user_id)
);

-- Assessments sent from an application ----------------------------------------------------

alter table candidate_invitations add column application_id uuid references applications (id) on delete set null;
create index candidate_invitations_application_idx on candidate_invitations (application_id) where application_id is not null;

-- The match score (seed 004's SkillMatch) ---------------------------------------------------
-- Per skill the requisition requires: the candidate's latest measured score in it (percent),
-- else their stated proficiency counted at four fifths (5 of 5 → 80), else 0; averaged.
-- Null when the requisition requires no skill. The rule is written out on the pipeline page.

create function match_score(p_candidate uuid, p_requisition uuid) returns numeric
    language sql stable
    as $$
    with required as (
        select distinct unnest(skill_ids) as skill_id from requisitions where id = p_requisition
    ),
    measured as (
        select distinct on (ss.skill_id) ss.skill_id, 100 * ss.points / nullif(ss.max_points, 0) as percent
        from applications a
        join candidate_invitations i on i.application_id = a.id
        join test_sessions s on s.invitation_id = i.id and s.graded_at is not null
        join skill_scores ss on ss.session_id = s.id
        where a.candidate_id = p_candidate
        order by ss.skill_id, s.graded_at desc
    )
    select round(avg(coalesce(m.percent, cs.proficiency * 16, 0)), 1)
    from required r
    left join measured m on m.skill_id = r.skill_id
    left join candidate_skills cs on cs.candidate_id = p_candidate and cs.skill_id = r.skill_id
    having count(*) > 0
$$;

create function set_match_score() returns trigger
    language plpgsql
    as $$
begin
    new.match_score := match_score(new.candidate_id, new.requisition_id);
    return new;
end $$;

create trigger applications_match_score before insert on applications
    for each row execute function set_match_score();

create function refresh_candidate_match_scores() returns trigger
    language plpgsql
    as $$
declare
    who uuid := case when tg_op = 'DELETE' then old.candidate_id else new.candidate_id end;
begin
    update applications set match_score = match_score(candidate_id, requisition_id) where candidate_id = who;
    return null;
end $$;

create trigger candidate_skills_match_score after insert or update or delete on candidate_skills
    for each row execute function refresh_candidate_match_scores();

create function refresh_requisition_match_scores() returns trigger
    language plpgsql
    as $$
begin
    update applications set match_score = match_score(candidate_id, requisition_id) where requisition_id = new.id;
    return null;
end $$;

create trigger requisitions_match_score after update of skill_ids on requisitions
    for each row when (old.skill_ids is distinct from new.skill_ids)
    execute function refresh_requisition_match_scores();

update applications set match_score = match_score(candidate_id, requisition_id);

-- Live boards: an open board hears of each move (ids only; the page reads the rest).
create function announce_application_change() returns trigger
    language plpgsql
    as $$
begin
    perform pg_notify('hirevoo_events', json_build_object(
        'kind', 'application', 'tenant', new.tenant_id, 'requisition', new.requisition_id, 'id', new.id)::text);
    return null;
end $$;

create trigger applications_announce after insert or update of stage_id, status on applications
    for each row execute function announce_application_change();

-- Row-level security ------------------------------------------------------------------------

-- Row-level security for a tenant-owned table, as every one has it; for this and later migrations.
create function app_protect_tenant_table(t text) returns void
    language plpgsql
    as $$
begin
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_rows on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))', t);
    execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
end $$;
revoke execute on function app_protect_tenant_table(text) from public;

select app_protect_tenant_table(t) from unnest(array['candidate_skills', 'pipeline_stage_templates', 'requisition_stages', 'rejection_reasons',
    'stage_events', 'application_followers', 'application_notes', 'note_mentions']) t;

revoke update, delete on stage_events from hirevoo_app;

-- Background jobs work across tenants after a test is graded (match scores, notifications).
create policy platform_rows on applications using ((select app_platform_scope())) with check ((select app_platform_scope()));
create policy platform_rows on candidate_skills using ((select app_platform_scope()));
create policy platform_rows on candidates using ((select app_platform_scope()));
