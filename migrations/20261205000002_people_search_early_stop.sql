-- The people page reads a page of candidates in the order shown and stops, instead of ordering
-- every match: one index per order.
create index candidates_tenant_updated_idx on candidates (tenant_id, updated_at desc, id desc);
create index candidates_tenant_created_idx on candidates (tenant_id, created_at desc, id desc);
create index candidates_tenant_name_idx on candidates (tenant_id, lower(name), id);

-- How many candidates a search names, counting no further than p_cap: each branch stops at the
-- cap, so a common word costs a page's worth of reading, not every match. PL/pgSQL, so that a
-- connection plans it once rather than at every call.
create function count_candidate_matches(p_words text, p_pattern text, p_cap integer) returns integer
    language plpgsql stable security definer set search_path = public
    as $$
declare
    v_count integer;
begin
    select count(*)::integer into v_count from (
        (select id from candidates where tenant_id = app_tenant_id() and lower(name || ' ' || email) like '%' || p_pattern || '%' escape '\' limit p_cap)
        union (select id from candidates where tenant_id = app_tenant_id() and p_words <% lower(name || ' ' || email) limit p_cap)
        union (select candidate_id from candidate_documents where tenant_id = app_tenant_id() and search @@ websearch_to_tsquery('simple', p_words) limit p_cap)
        union (select cs.candidate_id from candidate_skills cs join skills k on k.id = cs.skill_id
               where cs.tenant_id = app_tenant_id() and k.tenant_id = app_tenant_id() and lower(k.name) = p_words limit p_cap)
    ) matches;
    return v_count;
end
$$;

-- Whether one candidate matches a search, by the same rules as search_candidate_ids(): for a
-- common word the page walks the candidates in its order and asks this of each until it has a page.
create function candidate_matches(p_candidate uuid, p_words text, p_pattern text) returns boolean
    language sql stable security definer set search_path = public
    as $$
    select exists (select 1 from candidates where id = p_candidate and tenant_id = app_tenant_id()
                   and (lower(name || ' ' || email) like '%' || p_pattern || '%' escape '\' or p_words <% lower(name || ' ' || email)))
        or exists (select 1 from candidate_documents where candidate_id = p_candidate and tenant_id = app_tenant_id()
                   and search @@ websearch_to_tsquery('simple', p_words))
        or exists (select 1 from candidate_skills cs join skills k on k.id = cs.skill_id
                   where cs.candidate_id = p_candidate and cs.tenant_id = app_tenant_id() and k.tenant_id = app_tenant_id() and lower(k.name) = p_words)
$$;

revoke execute on function count_candidate_matches(text, text, integer) from public;
revoke execute on function candidate_matches(uuid, text, text) from public;
grant execute on function count_candidate_matches(text, text, integer) to hirevoo_app;
grant execute on function candidate_matches(uuid, text, text) to hirevoo_app;

do $$
begin
    alter function count_candidate_matches(text, text, integer) owner to hirevoo_search;
    alter function candidate_matches(uuid, text, text) owner to hirevoo_search;
exception when undefined_object or insufficient_privilege then
    raise notice 'without the role hirevoo_search, the people search runs under row-level security';
end $$;

-- The tag filter's menu reads only the candidates that have tags.
create index candidates_tagged_idx on candidates (tenant_id) where cardinality(tags) > 0;
