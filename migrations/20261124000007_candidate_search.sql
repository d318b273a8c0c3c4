-- The people search's matching, in one function. Under row-level security PostgreSQL may use an
-- index only for leakproof operators, and the trigram, LIKE and full-text operators are not: a
-- policy would have every candidate and document tested row by row. The function keeps to the
-- current tenant itself (app_tenant_id()), and where the search role exists (made by the server's
-- set-up, or by hand: see the README) it runs as that role, which bypasses the policies and so
-- reads the indexes. Without the role it runs as its owner, under the policies: slower, as right.
create function search_candidate_ids(p_words text, p_pattern text) returns setof uuid
    language sql stable security definer set search_path = public
    as $$
    select id from candidates where tenant_id = app_tenant_id() and lower(name || ' ' || email) like '%' || p_pattern || '%' escape '\'
    union select id from candidates where tenant_id = app_tenant_id() and p_words <% lower(name || ' ' || email)
    union select candidate_id from candidate_documents where tenant_id = app_tenant_id() and search @@ websearch_to_tsquery('simple', p_words)
    union select cs.candidate_id from candidate_skills cs join skills k on k.id = cs.skill_id
          where cs.tenant_id = app_tenant_id() and k.tenant_id = app_tenant_id() and lower(k.name) = p_words
$$;
revoke execute on function search_candidate_ids(text, text) from public;
grant execute on function search_candidate_ids(text, text) to hirevoo_app;

do $$
begin
    grant usage, create on schema public to hirevoo_search;
    grant select on candidates, candidate_documents, candidate_skills, skills to hirevoo_search;
    alter function search_candidate_ids(text, text) owner to hirevoo_search;
exception when undefined_object or insufficient_privilege then
    raise notice 'without the role hirevoo_search, the people search runs under row-level security';
end $$;
