-- The background queue is the platform's: its workers and the console open their transactions in
-- the platform scope. Payloads name tenants and records, and a tenant's request has no business
-- reading or changing another's jobs, so any transaction may only add a job, through
-- enqueue_job(), which opens the table for its own statement.

alter table background_jobs enable row level security;
alter table background_jobs force row level security;
create policy platform_rows on background_jobs using (app_platform_scope()) with check (app_platform_scope());

alter table periodic_jobs enable row level security;
alter table periodic_jobs force row level security;
create policy platform_rows on periodic_jobs using (app_platform_scope()) with check (app_platform_scope());

-- Adds a job in the caller's transaction; its id, or null when a job with its unique key is
-- already queued (waiting or running).
create function enqueue_job(p_kind text, p_payload jsonb, p_run_at timestamptz, p_unique_key text, p_max_attempts integer)
    returns bigint
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
    v_id bigint;
begin
    perform set_config('app.platform_scope', 'on', true);
    insert into background_jobs (kind, payload, run_at, unique_key, max_attempts)
        values (p_kind, p_payload, coalesce(p_run_at, now()), p_unique_key, greatest(p_max_attempts, 1))
        on conflict (unique_key) where status = 'queued' do nothing
        returning id into v_id;
    perform set_config('app.platform_scope', v_previous, true);
    return v_id;
end
$$;
