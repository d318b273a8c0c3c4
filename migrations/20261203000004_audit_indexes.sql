-- The audit page filters by tenant and actor, newest first.
create index audit_log_tenant_idx on audit_log (tenant_id, id desc);
create index audit_log_actor_idx on audit_log (actor_id, id desc);
