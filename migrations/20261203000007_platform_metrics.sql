-- The platform's own measurements, a row per instance, figure and minute (an hour once older
-- than a week; gone after 90 days), and the alerts raised when one passes its threshold.
create table metric_samples (
    at timestamptz not null,
    resolution text not null check (resolution in ('minute', 'hour')),
    name text not null check (char_length(name) between 1 and 60),
    instance text not null check (char_length(instance) between 1 and 100),
    value double precision not null,
    primary key (resolution, name, at, instance)
);
create index metric_samples_at_idx on metric_samples (at);
grant select, insert, update, delete on metric_samples to hirevoo_app;

create table metric_alerts (
    id uuid primary key,
    metric text not null,
    level text not null check (level in ('warning', 'critical')),
    value double precision not null,
    threshold double precision not null,
    opened_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    resolved_at timestamptz,
    incident_id uuid references incidents (id) on delete set null
);
-- One open alert per figure: a worse reading raises its level, a good one resolves it.
create unique index metric_alerts_open_key on metric_alerts (metric) where resolved_at is null;
create index metric_alerts_opened_idx on metric_alerts (opened_at desc);
grant select, insert, update on metric_alerts to hirevoo_app;
