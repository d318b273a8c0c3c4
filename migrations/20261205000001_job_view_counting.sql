-- A job view costs one statement, and no WAL unless the visitor is new that day: the day's
-- visitors live in an unlogged table (emptied by a crash, after which a visitor may count
-- twice that day), and the salt, the hash and both counts are handled by one function call
-- instead of a transaction of six statements.
alter table job_view_visitors set unlogged;

create function count_job_view(p_tenant uuid, p_requisition uuid, p_address text, p_agent text) returns boolean
    language plpgsql
as $$
declare
    v_day date := (now() at time zone 'utc')::date;
    v_salt bytea;
    v_rows integer;
begin
    perform set_config('app.tenant_id', p_tenant::text, true);
    -- Two random UUIDs: 244 bits from the server's strong random source.
    insert into daily_salts (day, salt) values (v_day, uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
        on conflict (day) do nothing;
    select salt into v_salt from daily_salts where day = v_day;
    insert into job_view_visitors (tenant_id, requisition_id, day, visitor)
        values (p_tenant, p_requisition, v_day, sha256(v_salt || convert_to(p_address, 'UTF8') || '\x00'::bytea || convert_to(p_agent, 'UTF8')))
        on conflict do nothing;
    get diagnostics v_rows = row_count;
    if v_rows = 1 then
        -- A view lost to a crash in the next moments is cheaper than waiting for the disk.
        perform set_config('synchronous_commit', 'off', true);
        update requisitions set view_count = view_count + 1 where id = p_requisition and tenant_id = p_tenant;
        insert into job_analytics (tenant_id, requisition_id, day, views) values (p_tenant, p_requisition, v_day, 1)
            on conflict (requisition_id, day) do update set views = job_analytics.views + 1;
    end if;
    return v_rows = 1;
end
$$;

grant execute on function count_job_view(uuid, uuid, text, text) to hirevoo_app;
