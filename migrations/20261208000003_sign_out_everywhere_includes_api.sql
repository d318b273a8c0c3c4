-- Ending every session of a person (signing out everywhere, a new or reset password) also
-- revokes their REST API sign-ins: each token family's refresh tokens stop working at once
-- (access tokens run out within 15 minutes).
create or replace function end_sessions(p_session uuid, p_user uuid, p_tenant uuid) returns bigint
    language plpgsql
as $$
declare
    v_previous text := coalesce(current_setting('app.platform_scope', true), '');
    v_ended bigint;
begin
    perform set_config('app.platform_scope', 'on', true);
    update sessions set revoked_at = now()
        where revoked_at is null
          and (p_session is null or id = p_session)
          and (p_user is null or user_id = p_user or impersonator_id = p_user)
          and (p_tenant is null or tenant_id = p_tenant)
          and (p_session is not null or p_user is not null);
    get diagnostics v_ended = row_count;
    if p_session is null and p_tenant is null and p_user is not null then
        update api_token_families set revoked_at = now(), revoked_because = 'signed_out'
            where user_id = p_user and revoked_at is null;
    end if;
    perform set_config('app.platform_scope', v_previous, true);
    return v_ended;
end
$$;
