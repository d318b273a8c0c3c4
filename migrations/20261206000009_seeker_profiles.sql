-- A job seeker's profile: what they say about themselves, their skills, the jobs they held and
-- their education. Like the rest of a seeker's data it lives outside every tenant table and is
-- reachable by its owner (`app.user_id`) and the platform scope only; a tenant sees only the
-- copy of a person that applied to it.

create table seeker_profiles (
    user_id uuid primary key references users (id) on delete cascade,
    headline text not null default '' check (char_length(headline) <= 120),
    city text not null default '' check (char_length(city) <= 100),
    country text not null default '' check (char_length(country) <= 100),
    links text[] not null default '{}' check (cardinality(links) <= 5),
    summary text not null default '' check (char_length(summary) <= 2000),
    updated_at timestamptz not null default now()
);

create table seeker_skills (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (char_length(name) between 1 and 60),
    level text not null check (level in ('beginner', 'intermediate', 'advanced', 'expert')),
    -- The order the seeker listed them in.
    position integer not null,
    created_at timestamptz not null default now()
);
create unique index seeker_skills_name_key on seeker_skills (user_id, lower(name));

create table seeker_experience (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    title text not null check (char_length(title) between 1 and 120),
    company text not null check (char_length(company) between 1 and 120),
    -- Months, stored as their first day; no end month: the seeker works there now.
    start_month date not null check (extract(day from start_month) = 1),
    end_month date check (extract(day from end_month) = 1 and end_month >= start_month),
    description text not null default '' check (char_length(description) <= 2000),
    created_at timestamptz not null default now()
);
create index seeker_experience_user_idx on seeker_experience (user_id, start_month desc);

create table seeker_education (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    school text not null check (char_length(school) between 1 and 120),
    degree text not null default '' check (char_length(degree) <= 120),
    field text not null default '' check (char_length(field) <= 120),
    start_year integer not null check (start_year between 1900 and 2100),
    -- No end year: still studying.
    end_year integer check (end_year between start_year and 2100),
    created_at timestamptz not null default now()
);
create index seeker_education_user_idx on seeker_education (user_id, start_year desc);

do $$
declare
    t text;
begin
    foreach t in array array['seeker_profiles', 'seeker_skills', 'seeker_experience', 'seeker_education'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy own_rows on %I using (user_id = app_user_id() or app_platform_scope()) with check (user_id = app_user_id() or app_platform_scope())', t);
        execute format('grant select, insert, update, delete on %I to hirevoo_app', t);
    end loop;
end
$$;
