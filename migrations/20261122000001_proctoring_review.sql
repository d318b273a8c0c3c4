-- Proctoring review: each event's severity by a written rule (SEVERITY_RULE in
-- app/src/assessments/results.rs), and recruiters' reviews of a session's events.

-- Generated from the kind, so every insert gets it and no row can disagree with the rule.
-- There is no catch-all: a new kind must be given a severity here before it can be stored.
alter table proctoring_events add column severity text not null generated always as (
    case
        when kind in ('tab_visible', 'window_focus', 'context_menu', 'reload') then 'low'
        when kind in ('tab_hidden', 'window_blur', 'copy', 'cut', 'fullscreen_exit') then 'medium'
        when kind = 'paste' then 'high'
        when kind = 'takeover' then 'critical'
    end
) stored;
alter table proctoring_events add constraint proctoring_events_severity_check check (severity in ('low', 'medium', 'high', 'critical'));

-- The attention filter and the review status look up a session's high and critical events.
create index proctoring_events_serious_idx on proctoring_events (session_id) where severity in ('high', 'critical');

-- A recruiter's review of a session's proctoring events. Reviews accumulate: the newest one
-- is the session's status, the earlier ones stay readable. `serious_events_reviewed` is how
-- many high and critical events the reviewer had before them, so that one arriving later
-- (even with an earlier browser time) makes the session need review again.
create table proctoring_reviews (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    session_id uuid not null references test_sessions (id) on delete cascade,
    note text not null check (char_length(note) between 1 and 2000),
    serious_events_reviewed integer not null check (serious_events_reviewed >= 0),
    reviewed_by uuid references users (id) on delete set null,
    reviewed_at timestamptz not null default now()
);
create index proctoring_reviews_session_idx on proctoring_reviews (session_id, reviewed_at desc);

alter table proctoring_reviews enable row level security;
alter table proctoring_reviews force row level security;
create policy tenant_rows on proctoring_reviews using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id());
-- A review is a record: added, never edited.
grant select, insert on proctoring_reviews to hirevoo_app;
