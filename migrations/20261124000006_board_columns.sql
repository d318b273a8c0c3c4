-- A board column is the first cards of one stage in the chosen order: each order has its index,
-- so a column reads its 50 cards and stops, whatever the stage holds.
create index applications_stage_waiting_idx on applications (stage_id, stage_entered_at, id) where status = 'active';
create index applications_stage_newest_idx on applications (stage_id, created_at desc, id desc) where status = 'active';
create index applications_stage_match_idx on applications (stage_id, match_score desc nulls last, id) where status = 'active';
