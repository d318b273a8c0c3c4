-- A superadmin viewing the product as a tenant member: a session of the member's, marked with
-- who started it, whether it may change anything, and why.
alter table sessions
    add column impersonator_id uuid references users (id) on delete cascade,
    add column allow_changes boolean not null default false,
    add column impersonation_reason text check (char_length(impersonation_reason) <= 500),
    add constraint sessions_changes_only_when_viewing_as check (not allow_changes or impersonator_id is not null),
    add constraint sessions_changes_need_a_reason check (not allow_changes or char_length(impersonation_reason) > 0);
-- Ending a superadmin's sessions ends the ones they started as others.
create index sessions_impersonator_idx on sessions (impersonator_id) where impersonator_id is not null;
