-- Notifications (seed 001's UserNotification, NotificationDelivery, NotificationPreference,
-- NotificationTemplate): in the app, by email one at a time or in a daily digest, from templates
-- a tenant may override, every email delivery through the background queue with its status.

create table notifications (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    kind text not null,
    title text not null check (char_length(title) between 1 and 300),
    body text not null default '' check (char_length(body) <= 4000),
    link text not null default '' check (char_length(link) <= 500),
    created_at timestamptz not null default now(),
    read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

create table notification_preferences (
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    kind text not null,
    in_app boolean not null default true,
    email text not null default 'instant' check (email in ('off', 'instant', 'digest')),
    primary key (user_id, tenant_id, kind)
);

-- A tenant's own wording of a kind's messages; without a row, the built-in one.
create table notification_templates (
    tenant_id uuid not null references tenants (id) on delete cascade,
    kind text not null,
    subject text not null check (char_length(subject) between 1 and 500),
    text_body text not null check (char_length(text_body) between 1 and 20000),
    html_body text not null check (char_length(html_body) between 1 and 40000),
    updated_by uuid references users (id) on delete set null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, kind)
);

-- Each email a notification sends: one at a time through the queue, or gathered into the daily digest.
create table notification_deliveries (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    notification_id uuid references notifications (id) on delete set null,
    kind text not null,
    channel text not null check (channel in ('email', 'digest')),
    -- The template's variables, rendered when it is sent.
    vars jsonb not null default '{}',
    link text not null default '',
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0,
    last_error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz
);
create index notification_deliveries_digest_idx on notification_deliveries (tenant_id, user_id) where channel = 'digest' and status = 'pending';

-- An open page hears of a new notification at once (its id; the page reads the rest).
create function announce_notification() returns trigger
    language plpgsql
    as $$
begin
    perform pg_notify('hirevoo_events', json_build_object(
        'kind', 'notification', 'tenant', new.tenant_id, 'user', new.user_id, 'id', new.id)::text);
    return null;
end $$;

create trigger notifications_announce after insert on notifications
    for each row execute function announce_notification();

-- The development outbox keeps an email's HTML part beside its text.
alter table outbox add column html_body text;

select app_protect_tenant_table(t) from unnest(array['notifications', 'notification_preferences', 'notification_templates', 'notification_deliveries']) t;

-- The daily digest gathers every tenant's pending digest deliveries.
create policy platform_rows on notification_deliveries using ((select app_platform_scope())) with check ((select app_platform_scope()));
create policy platform_rows on notification_templates using ((select app_platform_scope()));
