-- A candidate's requests: which invitation a token opens, and a save in one statement (every
-- check and the write, in one round trip).
-- Runs as the calling role, so row-level security applies as it does to any query.

-- Whether a response has the shape its question takes: choices among the question's
-- own options (at most one for single choice and true/false), a number, or a text.
create function answer_fits(kind text, options jsonb, response jsonb) returns boolean
    language sql immutable
    as $$
    select case
        when kind in ('single_choice', 'multiple_choice', 'true_false') then
            response ->> 'type' = 'choice'
            and jsonb_typeof(response -> 'value') = 'array'
            and jsonb_array_length(response -> 'value') <= case when kind = 'multiple_choice' then jsonb_array_length(options) else 1 end
            and not exists (
                select 1 from jsonb_array_elements(response -> 'value') picked
                where not exists (select 1 from jsonb_array_elements(options) o where o -> 'id' = picked))
        when kind = 'numeric' then response ->> 'type' = 'number' and jsonb_typeof(response -> 'value') = 'number'
        else response ->> 'type' = 'text' and jsonb_typeof(response -> 'value') = 'string'
    end
    $$;

-- The invitation a token opens, if it may still be used; the transaction is then scoped to its
-- tenant. Every candidate request starts here. All columns are null for an unusable token.
create function open_invitation(token_hash bytea,
    out id uuid, out tenant_id uuid, out assessment_id uuid, out time_multiplier float8, out unflagged_signals text[])
    language plpgsql
    as $$
    begin
        perform set_config('app.invitation_token_hash', encode(open_invitation.token_hash, 'hex'), true);
        select i.id, i.tenant_id, i.assessment_id, i.time_multiplier::float8, i.unflagged_signals
        into id, tenant_id, assessment_id, time_multiplier, unflagged_signals
        from candidate_invitations i
        where i.token_hash = open_invitation.token_hash and i.revoked_at is null and i.expires_at > now();
        if found then
            perform set_config('app.tenant_id', open_invitation.tenant_id::text, true);
        end if;
    end
    $$;

-- outcome: saved | unusable_link | no_session | submitted | taken_over | too_late | not_in_test | misfit.
-- held_seq is the sequence number the server holds after the save (a replayed or older save changes nothing).
create function save_answer(
    token_hash bytea, client_id uuid, version_id uuid, response jsonb, flagged boolean, seq bigint, time_spent_ms bigint, grace interval,
    out outcome text, out held_seq bigint, out remaining_ms bigint)
    language plpgsql
    as $$
    declare
        inv record;
        sess record;
        q record;
    begin
        select o.id, o.tenant_id into inv from open_invitation(save_answer.token_hash) o;
        if inv.id is null then
            outcome := 'unusable_link';
            return;
        end if;
        select s.id, s.deadline_at, s.submitted_at, s.client_id into sess from test_sessions s
        where s.invitation_id = inv.id order by s.attempt desc limit 1 for update;
        if not found then
            outcome := 'no_session';
        elsif sess.submitted_at is not null then
            outcome := 'submitted';
        elsif sess.client_id <> save_answer.client_id then
            outcome := 'taken_over';
        elsif now() > sess.deadline_at + grace then
            outcome := 'too_late';
        end if;
        if outcome is not null then
            return;
        end if;
        select v.kind, v.options into q from session_questions sq join question_versions v on v.id = sq.question_version_id
        where sq.session_id = sess.id and sq.question_version_id = save_answer.version_id;
        if not found then
            outcome := 'not_in_test';
            return;
        end if;
        if response is not null and not answer_fits(q.kind, q.options, response) then
            outcome := 'misfit';
            return;
        end if;
        insert into answers as a (tenant_id, session_id, question_version_id, response, flagged, seq, late, time_spent_ms)
        values (inv.tenant_id, sess.id, save_answer.version_id, response, flagged, save_answer.seq, now() > sess.deadline_at, save_answer.time_spent_ms)
        on conflict (session_id, question_version_id) do update
            set response = excluded.response, flagged = excluded.flagged, seq = excluded.seq, saved_at = now(),
                late = excluded.late, time_spent_ms = greatest(a.time_spent_ms, excluded.time_spent_ms)
            where a.seq < excluded.seq
        returning a.seq into held_seq;
        if held_seq is null then
            select a.seq into held_seq from answers a where a.session_id = sess.id and a.question_version_id = save_answer.version_id;
        end if;
        outcome := 'saved';
        remaining_ms := greatest(0, floor(extract(epoch from sess.deadline_at - now()) * 1000))::bigint;
    end
    $$;

grant execute on function answer_fits(text, jsonb, jsonb), open_invitation(bytea),
    save_answer(bytea, uuid, uuid, jsonb, boolean, bigint, bigint, interval) to hirevoo_app;
