-- The worker's statements on the queue, each one function called as one statement: like
-- enqueue_job() each opens the platform scope for its own statement and restores the caller's.
-- Only the worker calls them, outside any scope; a transaction scoped to a tenant, a user, an
-- invitation or a session is refused, so that a request can no more take, finish or reschedule
-- a job through them than it can through the tables.

-- Enters the platform scope for a worker's statement; returns the scope to restore afterwards.
create function enter_queue_scope() returns text
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
begin
    if app_tenant_id() is not null or app_user_id() is not null
       or app_invitation_token_hash() is not null or app_session_token_hash() is not null then
        raise exception 'the queue''s worker functions are not for a tenant''s, user''s, invitation''s or session''s transaction'
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('app.platform_scope', 'on', true);
    return v_previous;
end
$$;

-- Takes the next ready job (queued, due, not under a live lease, attempts left) for p_worker
-- under a lease of p_lease_seconds; concurrent claimers skip each other's rows.
create function claim_job(p_worker text, p_lease_seconds double precision)
    returns table (id bigint, kind text, payload jsonb, attempts integer, max_attempts integer)
    language plpgsql
as $$
#variable_conflict use_column
declare
    v_previous text := enter_queue_scope();
begin
    return query
        update background_jobs
        set attempts = attempts + 1, locked_until = now() + make_interval(secs => p_lease_seconds), locked_by = p_worker
        where id = (
            select id from background_jobs
            where status = 'queued' and run_at <= now()
              and (locked_until is null or locked_until < now())
              and attempts < max_attempts
            order by run_at, id
            limit 1
            for update skip locked
        )
        returning id, kind, payload, attempts, max_attempts;
    perform set_config('app.platform_scope', v_previous, true);
end
$$;

-- A claim is fenced by its worker and attempt: the functions below change a job only while that
-- claim is still the job's, and say whether it was.

-- Renews a running job's lease.
create function extend_job_lease(p_id bigint, p_worker text, p_attempts integer, p_lease_seconds double precision)
    returns boolean
    language plpgsql
as $$
declare
    v_previous text := enter_queue_scope();
    v_renewed boolean;
begin
    update background_jobs set locked_until = now() + make_interval(secs => p_lease_seconds)
        where id = p_id and locked_by = p_worker and attempts = p_attempts and status = 'queued';
    v_renewed := found;
    perform set_config('app.platform_scope', v_previous, true);
    return v_renewed;
end
$$;

-- A job that succeeded is deleted.
create function complete_job(p_id bigint, p_worker text, p_attempts integer)
    returns boolean
    language plpgsql
as $$
declare
    v_previous text := enter_queue_scope();
    v_completed boolean;
begin
    delete from background_jobs where id = p_id and locked_by = p_worker and attempts = p_attempts;
    v_completed := found;
    perform set_config('app.platform_scope', v_previous, true);
    return v_completed;
end
$$;

-- A job that failed runs again after p_retry_seconds, or is dead once out of attempts; either way
-- p_error is kept.
create function fail_job(p_id bigint, p_worker text, p_attempts integer, p_retry_seconds double precision, p_error text)
    returns boolean
    language plpgsql
as $$
declare
    v_previous text := enter_queue_scope();
    v_failed boolean;
begin
    update background_jobs
        set status = case when attempts >= max_attempts then 'dead' else 'queued' end,
            run_at = case when attempts >= max_attempts then run_at else now() + make_interval(secs => p_retry_seconds) end,
            locked_until = null, locked_by = null, last_error = p_error
        where id = p_id and locked_by = p_worker and attempts = p_attempts;
    v_failed := found;
    perform set_config('app.platform_scope', v_previous, true);
    return v_failed;
end
$$;

-- Marks dead the jobs whose worker stopped during their last attempt; returns how many.
create function bury_abandoned_jobs()
    returns bigint
    language plpgsql
as $$
declare
    v_previous text := enter_queue_scope();
    v_buried bigint;
begin
    update background_jobs
        set status = 'dead', locked_until = null, locked_by = null,
            last_error = coalesce(last_error || E'\n', '') || 'The worker stopped before the last attempt finished.'
        where status = 'queued' and locked_until < now() and attempts >= max_attempts;
    get diagnostics v_buried = row_count;
    perform set_config('app.platform_scope', v_previous, true);
    return v_buried;
end
$$;

-- The periodic jobs whose tick has come, with the time of looking.
create function due_periodic_jobs()
    returns table (name text, next_run_at timestamptz, checked_at timestamptz)
    language plpgsql
as $$
#variable_conflict use_column
declare
    v_previous text := enter_queue_scope();
begin
    return query select name, next_run_at, now() from periodic_jobs where next_run_at <= now();
    perform set_config('app.platform_scope', v_previous, true);
end
$$;

-- Takes a periodic job's tick by compare-and-set (its next tick still p_seen, moved to p_next)
-- and, if taken, enqueues its job (enqueue_job's arguments) in the same statement. Whether it did.
create function take_periodic_tick(p_name text, p_seen timestamptz, p_next timestamptz,
                                   p_kind text, p_payload jsonb, p_run_at timestamptz, p_unique_key text, p_max_attempts integer)
    returns boolean
    language plpgsql
as $$
declare
    v_previous text := enter_queue_scope();
    v_taken boolean;
begin
    update periodic_jobs set next_run_at = p_next, last_run_at = now() where name = p_name and next_run_at = p_seen;
    v_taken := found;
    if v_taken then
        perform enqueue_job(p_kind, p_payload, p_run_at, p_unique_key, p_max_attempts);
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return v_taken;
end
$$;

revoke execute on function enter_queue_scope(), claim_job(text, double precision),
    extend_job_lease(bigint, text, integer, double precision), complete_job(bigint, text, integer),
    fail_job(bigint, text, integer, double precision, text), bury_abandoned_jobs(), due_periodic_jobs(),
    take_periodic_tick(text, timestamptz, timestamptz, text, jsonb, timestamptz, text, integer) from public;
grant execute on function enter_queue_scope(), claim_job(text, double precision),
    extend_job_lease(bigint, text, integer, double precision), complete_job(bigint, text, integer),
    fail_job(bigint, text, integer, double precision, text), bury_abandoned_jobs(), due_periodic_jobs(),
    take_periodic_tick(text, timestamptz, timestamptz, text, jsonb, timestamptz, text, integer) to hirevoo_app;
