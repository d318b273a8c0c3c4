-- Interviews: each requisition's plan of interview types, interviews scheduled from an
-- application with their history, the interviewers on them, structured scorecards with
-- amendments, and time slots offered to candidates to pick from.

-- Where people are and how much they interview -----------------------------------------------

alter table users add column time_zone text not null default 'UTC' check (char_length(time_zone) between 1 and 64);
alter table candidates add column time_zone text not null default '' check (char_length(time_zone) <= 64);
-- Ashby's load limit: interviews a member takes per week (Monday to Sunday, UTC); none: no limit.
alter table memberships add column weekly_interview_limit integer check (weekly_interview_limit between 1 and 60);

-- Plans ----------------------------------------------------------------------------------------

create table interview_types (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    position integer not null,
    name text not null check (char_length(name) between 1 and 80),
    duration_minutes integer not null check (duration_minutes between 5 and 480),
    -- What interviewers rate: required skills' names and free attributes, in order.
    attributes text[] not null default '{}' check (cardinality(attributes) <= 20),
    focus text not null default '' check (char_length(focus) <= 4000),
    questions text not null default '' check (char_length(questions) <= 8000),
    default_interviewer_ids uuid[] not null default '{}' check (cardinality(default_interviewer_ids) <= 10),
    constraint interview_types_position_key unique (requisition_id, position) deferrable initially deferred
);
create unique index interview_types_name_key on interview_types (requisition_id, lower(name));

-- A tenant's reusable plans: the types without people, as written when saved.
create table interview_plan_templates (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 80),
    types jsonb not null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create unique index interview_plan_templates_name_key on interview_plan_templates (tenant_id, lower(name));

-- Interviews -----------------------------------------------------------------------------------

create table interviews (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    requisition_id uuid not null references requisitions (id) on delete cascade,
    candidate_id uuid not null references candidates (id) on delete cascade,
    interview_type_id uuid references interview_types (id) on delete set null,
    -- The type as it was when scheduled, so a kit reads the same after the plan changes.
    title text not null check (char_length(title) between 1 and 80),
    attributes text[] not null default '{}',
    focus text not null default '',
    questions text not null default '',
    starts_at timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 1 and 480),
    ends_at timestamptz not null,
    -- The zone the time was chosen in, and the candidate's, for the invitations.
    time_zone text not null,
    candidate_time_zone text not null,
    location text not null default '' check (char_length(location) <= 300),
    video_url text not null default '' check (char_length(video_url) <= 500),
    candidate_notes text not null default '' check (char_length(candidate_notes) <= 4000),
    status text not null default 'scheduled' check (status in ('scheduled', 'in_progress', 'completed', 'cancelled', 'no_show')),
    -- iCalendar SEQUENCE: raised by every change the calendars must take.
    sequence integer not null default 0,
    scheduled_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (ends_at > starts_at)
);
create index interviews_application_idx on interviews (application_id, starts_at);
create index interviews_tenant_starts_idx on interviews (tenant_id, starts_at);

create table interview_interviewers (
    tenant_id uuid not null references tenants (id) on delete cascade,
    interview_id uuid not null references interviews (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (interview_id, user_id)
);
create index interview_interviewers_user_idx on interview_interviewers (user_id, interview_id);

-- Append-only: every change of time, status or place.
create table interview_events (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    interview_id uuid not null references interviews (id) on delete cascade,
    kind text not null check (kind in ('scheduled', 'rescheduled', 'cancelled', 'status')),
    from_starts_at timestamptz,
    to_starts_at timestamptz,
    from_status text,
    to_status text,
    reason text not null default '' check (char_length(reason) <= 500),
    actor_id uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index interview_events_interview_idx on interview_events (interview_id, created_at);

-- Scorecards -----------------------------------------------------------------------------------

create table scorecards (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    interview_id uuid not null references interviews (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    interviewer_id uuid not null references users (id) on delete cascade,
    -- [{attribute, rating (1-4, null: not assessed), note}], in the interview's attribute order.
    ratings jsonb not null default '[]',
    takeaways text not null default '' check (char_length(takeaways) <= 10000),
    recommendation smallint check (recommendation between 1 and 4),
    private_notes text not null default '' check (char_length(private_notes) <= 10000),
    -- The browser's numbering of draft saves: a replayed or older save changes nothing.
    draft_seq bigint not null default 0,
    submitted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint scorecards_interview_interviewer_key unique (interview_id, interviewer_id),
    check (submitted_at is null or recommendation is not null)
);
create index scorecards_application_idx on scorecards (application_id);
create index scorecards_interviewer_idx on scorecards (interviewer_id, submitted_at);

create table scorecard_amendments (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    scorecard_id uuid not null references scorecards (id) on delete cascade,
    reason text not null check (char_length(reason) between 1 and 1000),
    before jsonb not null,
    after jsonb not null,
    actor_id uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index scorecard_amendments_scorecard_idx on scorecard_amendments (scorecard_id, created_at);

-- Self-scheduling ------------------------------------------------------------------------------

create table interview_slot_offers (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    application_id uuid not null references applications (id) on delete cascade,
    interview_type_id uuid references interview_types (id) on delete set null,
    interviewer_ids uuid[] not null check (cardinality(interviewer_ids) between 1 and 10),
    duration_minutes integer not null check (duration_minutes between 1 and 480),
    time_zone text not null,
    candidate_time_zone text not null,
    location text not null default '',
    video_url text not null default '',
    candidate_notes text not null default '',
    token_hash bytea not null unique,
    expires_at timestamptz not null,
    used_at timestamptz,
    interview_id uuid references interviews (id) on delete set null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index interview_slot_offers_application_idx on interview_slot_offers (application_id);

create table interview_offer_slots (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    offer_id uuid not null references interview_slot_offers (id) on delete cascade,
    starts_at timestamptz not null
);
create index interview_offer_slots_offer_idx on interview_offer_slots (offer_id, starts_at);

select app_protect_tenant_table(t) from unnest(array['interview_types', 'interview_plan_templates', 'interviews', 'interview_interviewers',
    'interview_events', 'scorecards', 'scorecard_amendments', 'interview_slot_offers', 'interview_offer_slots']) t;

revoke update, delete on interview_events, scorecard_amendments from hirevoo_app;

-- Background jobs (reminders) read across tenants.
create policy platform_rows on interviews using ((select app_platform_scope()));
create policy platform_rows on interview_interviewers using ((select app_platform_scope()));
create policy platform_rows on scorecards using ((select app_platform_scope()));

-- The link a candidate got: which offer a token opens. The transaction is then scoped to its
-- tenant; all columns are null for an unknown token (used and expired ones are told apart).
create policy token_holder on interview_slot_offers using (token_hash = app_invitation_token_hash());

create function open_slot_offer(token_hash bytea, out id uuid, out tenant_id uuid)
    language plpgsql
    as $$
    begin
        perform set_config('app.invitation_token_hash', encode(open_slot_offer.token_hash, 'hex'), true);
        select o.id, o.tenant_id into id, tenant_id from interview_slot_offers o where o.token_hash = open_slot_offer.token_hash;
        if found then
            perform set_config('app.tenant_id', open_slot_offer.tenant_id::text, true);
        end if;
    end
    $$;

-- Outgoing mail may carry files (calendar invitations): [{name, content_type, body}].
alter table outbox add column attachments jsonb not null default '[]';
