-- Assessments: skills, the question bank (versioned), question sets, assessments,
-- candidate invitations, test sessions, answers and proctoring events.

create table skills (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 80),
    created_at timestamptz not null default now()
);
create unique index skills_tenant_name_key on skills (tenant_id, lower(name));

create table job_descriptions (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    title text not null check (char_length(title) between 1 and 200),
    body text not null default '' check (char_length(body) <= 20000),
    skill_ids uuid[] not null default '{}',
    created_at timestamptz not null default now()
);

-- A question is its chain of versions; answers keep the version the candidate saw.
create table questions (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    archived boolean not null default false,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);

create table question_versions (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    question_id uuid not null references questions (id) on delete cascade,
    version integer not null check (version >= 1),
    kind text not null check (kind in ('single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'long_text')),
    prompt text not null check (char_length(prompt) between 1 and 5000),
    -- [{ "id": "a", "text": "…" }], empty for non-choice kinds
    options jsonb not null default '[]',
    answer_key jsonb not null,
    skill_id uuid references skills (id) on delete set null,
    difficulty text not null check (difficulty in ('easy', 'medium', 'hard')),
    points numeric(8, 2) not null check (points > 0 and points <= 1000),
    explanation text not null default '' check (char_length(explanation) <= 5000),
    created_at timestamptz not null default now(),
    constraint question_versions_question_version_key unique (question_id, version)
);

create table question_sets (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 120),
    description text not null default '' check (char_length(description) <= 2000),
    created_at timestamptz not null default now()
);

create table question_set_items (
    tenant_id uuid not null references tenants (id) on delete cascade,
    set_id uuid not null references question_sets (id) on delete cascade,
    question_id uuid not null references questions (id) on delete cascade,
    position integer not null,
    primary key (set_id, question_id)
);

create table assessments (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    title text not null check (char_length(title) between 1 and 200),
    instructions text not null default '' check (char_length(instructions) <= 5000),
    job_description_id uuid references job_descriptions (id) on delete set null,
    time_limit_minutes integer not null check (time_limit_minutes between 1 and 600),
    passing_percent numeric(5, 2) not null check (passing_percent between 0 and 100),
    shuffle_questions boolean not null default true,
    shuffle_options boolean not null default true,
    opens_at timestamptz,
    closes_at timestamptz,
    attempts_allowed integer not null default 1 check (attempts_allowed between 1 and 10),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    check (closes_at is null or opens_at is null or closes_at > opens_at)
);

-- Which questions an assessment draws: all of a set, or N at random (optionally of one difficulty).
create table assessment_rules (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    assessment_id uuid not null references assessments (id) on delete cascade,
    set_id uuid not null references question_sets (id) on delete restrict,
    draw integer check (draw is null or draw between 1 and 500),
    difficulty text check (difficulty in ('easy', 'medium', 'hard')),
    position integer not null
);

create table candidate_invitations (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    assessment_id uuid not null references assessments (id) on delete cascade,
    email text not null check (char_length(email) between 3 and 254),
    name text not null default '' check (char_length(name) <= 120),
    token_hash bytea not null unique,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    -- Extra time, applied to every timer (1.5 = half as much again).
    time_multiplier numeric(4, 2) not null default 1 check (time_multiplier between 1 and 4),
    -- Signals not to flag for this candidate, e.g. {window_blur}.
    unflagged_signals text[] not null default '{}',
    invited_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now()
);
create index candidate_invitations_assessment_idx on candidate_invitations (assessment_id);

create table test_sessions (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    invitation_id uuid not null references candidate_invitations (id) on delete cascade,
    attempt integer not null,
    started_at timestamptz not null default now(),
    deadline_at timestamptz not null,
    submitted_at timestamptz,
    submitted_by text check (submitted_by in ('candidate', 'time')),
    -- The browser that holds the session; another one takes over by replacing it.
    client_id uuid not null,
    score numeric(10, 2),
    max_score numeric(10, 2),
    percent numeric(5, 2),
    passed boolean,
    graded_at timestamptz,
    constraint test_sessions_attempt_key unique (invitation_id, attempt)
);
create index test_sessions_open_idx on test_sessions (deadline_at) where submitted_at is null;

-- The questions of a session in the order the candidate sees them, with their option order.
create table session_questions (
    tenant_id uuid not null references tenants (id) on delete cascade,
    session_id uuid not null references test_sessions (id) on delete cascade,
    position integer not null,
    question_version_id uuid not null references question_versions (id) on delete restrict,
    option_order text[] not null default '{}',
    primary key (session_id, position),
    constraint session_questions_version_key unique (session_id, question_version_id)
);

create table answers (
    tenant_id uuid not null references tenants (id) on delete cascade,
    session_id uuid not null references test_sessions (id) on delete cascade,
    question_version_id uuid not null references question_versions (id) on delete restrict,
    response jsonb,
    flagged boolean not null default false,
    -- The browser's sequence number of the save that wrote this; older saves are ignored.
    seq bigint not null,
    saved_at timestamptz not null default now(),
    -- Saved after the deadline, within the grace for saves already in flight.
    late boolean not null default false,
    time_spent_ms bigint not null default 0 check (time_spent_ms >= 0),
    points numeric(8, 2),
    graded_by uuid references users (id) on delete set null,
    grader_note text check (char_length(grader_note) <= 2000),
    primary key (session_id, question_version_id)
);

create table proctoring_events (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    session_id uuid not null references test_sessions (id) on delete cascade,
    kind text not null check (kind in ('tab_hidden', 'tab_visible', 'window_blur', 'window_focus', 'fullscreen_exit', 'copy', 'cut', 'paste', 'context_menu', 'reload', 'takeover')),
    occurred_at timestamptz not null,
    details jsonb not null default '{}'
);
create index proctoring_events_session_idx on proctoring_events (session_id, occurred_at);

create table skill_scores (
    tenant_id uuid not null references tenants (id) on delete cascade,
    session_id uuid not null references test_sessions (id) on delete cascade,
    skill_id uuid not null references skills (id) on delete cascade,
    points numeric(10, 2) not null,
    max_points numeric(10, 2) not null,
    primary key (session_id, skill_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['skills', 'job_descriptions', 'questions', 'question_versions', 'question_sets',
        'question_set_items', 'assessments', 'assessment_rules', 'candidate_invitations', 'test_sessions',
        'session_questions', 'answers', 'proctoring_events', 'skill_scores']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_rows on %I using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end $$;

-- The sweeper submits sessions whose time is up, across tenants.
create policy platform_rows on test_sessions using (app_platform_scope()) with check (app_platform_scope());
create policy platform_rows on answers using (app_platform_scope()) with check (app_platform_scope());
create policy platform_rows on session_questions using (app_platform_scope());
create policy platform_rows on question_versions using (app_platform_scope());
create policy platform_rows on candidate_invitations using (app_platform_scope());
create policy platform_rows on assessments using (app_platform_scope());
create policy platform_rows on skill_scores using (app_platform_scope()) with check (app_platform_scope());
-- A candidate's invitation token opens their own invitation.
create policy token_holder on candidate_invitations using (token_hash = app_invitation_token_hash());
