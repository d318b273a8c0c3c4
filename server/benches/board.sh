#!/usr/bin/env bash
# Benchmarks the public job board on the release build with the managed primary and replica:
#   1,000,000 ingested jobs (2,000 companies, 61 roles, about 190 cities in 44 countries, descriptions of
#   400 to 800 characters, 95 % listed, a few past their deadline), then for each search a visitor
#   makes on /jobs-board: wrk at 20 connections (requests/s), then one client alone (p50, p99);
#   then the plans of the board's queries as the app role (explain analyze, on the replica).
# Usage: server/benches/board.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3906
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-board
plans=$target/bench-board-plans.txt
jobs=${BOARD_JOBS:-1000000}

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  RUST_LOG=warn "$bin" serve > "$target/bench-board.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done

psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
# The board is read from the replica: its plans are taken there, and the load waits for it.
psql_read() { if [ -d "$data/replica-socket" ]; then psql -h "$data/replica-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; else psql_primary "$@"; fi; }

started=$(date +%s.%N)
psql_primary -v jobs="$jobs" <<'SQL'
set maintenance_work_mem = '1GB';
-- The board's indexes other than its keys are built after the load, as the migrations define
-- them: faster than maintaining a million rows' entries one by one.
create temporary table bench_indexes as
select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition
from pg_index where indrelid = 'board_jobs'::regclass and not indisunique;
do $$
declare v_index record;
begin
    for v_index in select name from bench_indexes loop execute 'drop index ' || v_index.name; end loop;
end
$$;

-- Ingested jobs (no tenant, no careers site). Each job's choices come from four hashes of its
-- number, so that companies, roles, places and the rest combine freely.
with roles as (
    select n, split_part(spec, '|', 1) as role, split_part(spec, '|', 2) as department
    from unnest(array[
        'Backend Engineer|Engineering', 'Frontend Engineer|Engineering', 'Software Engineer|Engineering',
        'Data Engineer|Data', 'DevOps Engineer|Infrastructure', 'Site Reliability Engineer|Infrastructure',
        'Mobile Engineer|Engineering', 'Machine Learning Engineer|Data', 'QA Engineer|Quality',
        'Security Engineer|Security', 'Embedded Software Engineer|Hardware', 'Civil Engineer|Construction',
        'Engineering Manager|Engineering', 'Data Scientist|Data', 'Data Analyst|Data', 'Product Manager|Product',
        'Product Designer|Design', 'UX Researcher|Design', 'Graphic Designer|Marketing', 'Project Manager|Operations',
        'Business Analyst|Strategy', 'Account Executive|Sales', 'Sales Development Representative|Sales',
        'Customer Success Manager|Customer Success', 'Support Specialist|Customer Support', 'Marketing Manager|Marketing',
        'Content Writer|Marketing', 'SEO Specialist|Marketing', 'Recruiter|People', 'HR Generalist|People',
        'Accountant|Finance', 'Financial Analyst|Finance', 'Controller|Finance', 'Payroll Specialist|Finance',
        'Legal Counsel|Legal', 'Paralegal|Legal', 'Office Manager|Administration', 'Executive Assistant|Administration',
        'Nurse|Nursing', 'Pharmacist|Pharmacy', 'Physiotherapist|Therapy', 'Medical Assistant|Clinical',
        'Care Worker|Care', 'Teacher|Education', 'Teaching Assistant|Education', 'Warehouse Associate|Warehouse',
        'Forklift Driver|Warehouse', 'Delivery Driver|Logistics', 'Logistics Coordinator|Logistics',
        'Supply Chain Planner|Supply Chain', 'Buyer|Procurement', 'Store Manager|Retail', 'Sales Associate|Retail',
        'Cashier|Retail', 'Chef|Kitchen', 'Line Cook|Kitchen', 'Barista|Hospitality', 'Electrician|Facilities',
        'Maintenance Technician|Facilities', 'Operations Manager|Operations', 'Solutions Architect|Sales'
    ]) with ordinality as r(spec, n)
),
places as (
    -- The biggest cities first: the place is drawn with a skew towards the start of the list.
    select n, split_part(spec, '|', 1) as city, split_part(spec, '|', 2) as country, split_part(spec, '|', 3) as currency,
           split_part(spec, '|', 4)::numeric as rate
    from unnest(array[
        'London|United Kingdom|GBP|0.85', 'Berlin|Germany|EUR|1', 'New York|United States|USD|1.2', 'Paris|France|EUR|1',
        'Bangalore|India|INR|30', 'Amsterdam|Netherlands|EUR|1', 'San Francisco|United States|USD|1.2', 'Toronto|Canada|CAD|1.5',
        'Munich|Germany|EUR|1', 'Madrid|Spain|EUR|1', 'Sydney|Australia|AUD|1.6', 'Dublin|Ireland|EUR|1',
        'Singapore|Singapore|SGD|1.5', 'Stockholm|Sweden|SEK|11', 'Tokyo|Japan|JPY|150', 'Warsaw|Poland|PLN|4.3',
        'Zurich|Switzerland|CHF|1', 'Barcelona|Spain|EUR|1', 'Hamburg|Germany|EUR|1', 'Manchester|United Kingdom|GBP|0.85',
        'Seattle|United States|USD|1.2', 'Austin|United States|USD|1.2', 'Boston|United States|USD|1.2', 'Chicago|United States|USD|1.2',
        'Los Angeles|United States|USD|1.2', 'Mumbai|India|INR|30', 'Delhi|India|INR|30', 'Hyderabad|India|INR|30',
        'São Paulo|Brazil|BRL|3', 'Mexico City|Mexico|MXN|12', 'Vienna|Austria|EUR|1', 'Copenhagen|Denmark|DKK|7.5',
        'Oslo|Norway|NOK|11', 'Helsinki|Finland|EUR|1', 'Lisbon|Portugal|EUR|1', 'Milan|Italy|EUR|1', 'Rome|Italy|EUR|1',
        'Prague|Czechia|CZK|25', 'Brussels|Belgium|EUR|1', 'Vancouver|Canada|CAD|1.5', 'Melbourne|Australia|AUD|1.6',
        'Frankfurt|Germany|EUR|1', 'Cologne|Germany|EUR|1', 'Stuttgart|Germany|EUR|1', 'Düsseldorf|Germany|EUR|1',
        'Leipzig|Germany|EUR|1', 'Dresden|Germany|EUR|1', 'Hanover|Germany|EUR|1', 'Nuremberg|Germany|EUR|1', 'Bremen|Germany|EUR|1',
        'Birmingham|United Kingdom|GBP|0.85', 'Leeds|United Kingdom|GBP|0.85', 'Glasgow|United Kingdom|GBP|0.85',
        'Edinburgh|United Kingdom|GBP|0.85', 'Bristol|United Kingdom|GBP|0.85', 'Liverpool|United Kingdom|GBP|0.85',
        'Cardiff|United Kingdom|GBP|0.85', 'Belfast|United Kingdom|GBP|0.85', 'Cambridge|United Kingdom|GBP|0.85',
        'Oxford|United Kingdom|GBP|0.85', 'Denver|United States|USD|1.2', 'Atlanta|United States|USD|1.2',
        'Miami|United States|USD|1.2', 'Washington|United States|USD|1.2', 'Portland|United States|USD|1.2',
        'San Diego|United States|USD|1.2', 'Dallas|United States|USD|1.2', 'Houston|United States|USD|1.2',
        'Phoenix|United States|USD|1.2', 'Montreal|Canada|CAD|1.5', 'Calgary|Canada|CAD|1.5', 'Ottawa|Canada|CAD|1.5',
        'Edmonton|Canada|CAD|1.5', 'Lyon|France|EUR|1', 'Marseille|France|EUR|1', 'Toulouse|France|EUR|1',
        'Bordeaux|France|EUR|1', 'Lille|France|EUR|1', 'Nantes|France|EUR|1', 'Nice|France|EUR|1',
        'Rotterdam|Netherlands|EUR|1', 'Utrecht|Netherlands|EUR|1', 'The Hague|Netherlands|EUR|1',
        'Eindhoven|Netherlands|EUR|1', 'Groningen|Netherlands|EUR|1', 'Valencia|Spain|EUR|1', 'Seville|Spain|EUR|1',
        'Bilbao|Spain|EUR|1', 'Malaga|Spain|EUR|1', 'Turin|Italy|EUR|1', 'Bologna|Italy|EUR|1', 'Florence|Italy|EUR|1',
        'Naples|Italy|EUR|1', 'Porto|Portugal|EUR|1', 'Braga|Portugal|EUR|1', 'Cork|Ireland|EUR|1', 'Galway|Ireland|EUR|1',
        'Limerick|Ireland|EUR|1', 'Gothenburg|Sweden|SEK|11', 'Malmö|Sweden|SEK|11', 'Uppsala|Sweden|SEK|11',
        'Bergen|Norway|NOK|11', 'Trondheim|Norway|NOK|11', 'Aarhus|Denmark|DKK|7.5', 'Odense|Denmark|DKK|7.5',
        'Espoo|Finland|EUR|1', 'Tampere|Finland|EUR|1', 'Kraków|Poland|PLN|4.3', 'Wrocław|Poland|PLN|4.3',
        'Gdańsk|Poland|PLN|4.3', 'Poznań|Poland|PLN|4.3', 'Łódź|Poland|PLN|4.3', 'Brno|Czechia|CZK|25',
        'Ostrava|Czechia|CZK|25', 'Graz|Austria|EUR|1', 'Linz|Austria|EUR|1', 'Salzburg|Austria|EUR|1',
        'Geneva|Switzerland|CHF|1', 'Basel|Switzerland|CHF|1', 'Bern|Switzerland|CHF|1', 'Lausanne|Switzerland|CHF|1',
        'Antwerp|Belgium|EUR|1', 'Ghent|Belgium|EUR|1', 'Leuven|Belgium|EUR|1', 'Chennai|India|INR|30', 'Pune|India|INR|30',
        'Kolkata|India|INR|30', 'Ahmedabad|India|INR|30', 'Noida|India|INR|30', 'Gurgaon|India|INR|30',
        'Osaka|Japan|JPY|150', 'Kyoto|Japan|JPY|150', 'Fukuoka|Japan|JPY|150', 'Yokohama|Japan|JPY|150',
        'Brisbane|Australia|AUD|1.6', 'Perth|Australia|AUD|1.6', 'Adelaide|Australia|AUD|1.6', 'Canberra|Australia|AUD|1.6',
        'Auckland|New Zealand|NZD|1.7', 'Wellington|New Zealand|NZD|1.7', 'Christchurch|New Zealand|NZD|1.7',
        'Rio de Janeiro|Brazil|BRL|3', 'Belo Horizonte|Brazil|BRL|3', 'Curitiba|Brazil|BRL|3', 'Porto Alegre|Brazil|BRL|3',
        'Recife|Brazil|BRL|3', 'Guadalajara|Mexico|MXN|12', 'Monterrey|Mexico|MXN|12', 'Puebla|Mexico|MXN|12',
        'Buenos Aires|Argentina|ARS|900', 'Córdoba|Argentina|ARS|900', 'Rosario|Argentina|ARS|900',
        'Cape Town|South Africa|ZAR|12', 'Johannesburg|South Africa|ZAR|12', 'Durban|South Africa|ZAR|12',
        'Pretoria|South Africa|ZAR|12', 'Lagos|Nigeria|NGN|900', 'Abuja|Nigeria|NGN|900', 'Nairobi|Kenya|KES|100',
        'Mombasa|Kenya|KES|100', 'Dubai|United Arab Emirates|AED|4', 'Abu Dhabi|United Arab Emirates|AED|4',
        'Tel Aviv|Israel|ILS|4', 'Jerusalem|Israel|ILS|4', 'Haifa|Israel|ILS|4', 'Istanbul|Turkey|TRY|20',
        'Ankara|Turkey|TRY|20', 'Izmir|Turkey|TRY|20', 'Tallinn|Estonia|EUR|1', 'Tartu|Estonia|EUR|1',
        'Vilnius|Lithuania|EUR|1', 'Kaunas|Lithuania|EUR|1', 'Bucharest|Romania|RON|3', 'Cluj-Napoca|Romania|RON|3',
        'Iasi|Romania|RON|3', 'Timisoara|Romania|RON|3', 'Athens|Greece|EUR|1', 'Thessaloniki|Greece|EUR|1',
        'Budapest|Hungary|HUF|250', 'Debrecen|Hungary|HUF|250', 'Seoul|South Korea|KRW|1300', 'Busan|South Korea|KRW|1300',
        'Ho Chi Minh City|Vietnam|VND|20000', 'Hanoi|Vietnam|VND|20000', 'Manila|Philippines|PHP|40', 'Cebu|Philippines|PHP|40',
        'Jakarta|Indonesia|IDR|12000', 'Bandung|Indonesia|IDR|12000', 'Santiago|Chile|CLP|700', 'Valparaíso|Chile|CLP|700',
        'Bogotá|Colombia|COP|3000', 'Medellín|Colombia|COP|3000'
    ]) with ordinality as p(spec, n)
),
counts as (select (select count(*) from roles) as roles, (select count(*) from places) as places),
h as (
    select i, hashint4(i)::bigint + 2147483648 as a, hashint4(i + 1000003)::bigint + 2147483648 as b,
           hashint4(i + 2000006)::bigint + 2147483648 as c, hashint4(i + 3000009)::bigint + 2147483648 as d,
           hashint4(i + 4000012)::bigint + 2147483648 as e, hashint4(i + 5000015)::bigint + 2147483648 as f
    from generate_series(1, :jobs) i
),
picked as (
    select h.*, r.role, r.department, p.city, p.country, p.currency, p.rate,
           (array['', '', '', 'Junior', 'Senior', 'Senior', 'Lead', 'Principal'])[1 + (a / 61) % 8] as seniority,
           -- Half the titles name a market or field; 1 in 100 a skill that 0.1 % of jobs name; 1 in
           -- 1,000 a skill that 0.01 % name.
           case when (a / 488) % 40 < 20 then (array['EMEA', 'APAC', 'Americas', 'Night Shift', 'Payments', 'Platform',
               'Growth', 'Enterprise', 'SMB', 'Healthcare', 'Retail', 'Fintech', 'E-commerce', 'Public Sector',
               'Automotive', 'Energy', 'Travel', 'Insurance', 'Media', 'Education'])[1 + (a / 488) % 40] end as field,
           case when (a / 19520) % 1000 between 500 and 509 then (array['Kotlin', 'Scala', 'Terraform', 'Snowflake',
                    'Salesforce', 'SAP', 'Figma', 'Tableau', 'Spanish speaking', 'German speaking'])[(a / 19520) % 1000 - 499]
                when (a / 19520) % 1000 = 0 then (array['Haskell', 'Fortran', 'COBOL', 'Erlang', 'Clojure', 'Elixir',
                    'OCaml', 'Prolog', 'Smalltalk', 'Verilog'])[1 + (a / 19520000) % 10] end as skill,
           (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Vandelay', 'Soylent',
                  'Cyberdyne', 'Tyrell', 'Aperture', 'Massive', 'Dunder', 'Gringotts', 'Oscorp', 'Nakatomi', 'Monarch',
                  'Virtucon', 'Northwind', 'Contoso', 'Fabrikam', 'Litware', 'Tailspin', 'Adventure', 'Blue Yonder',
                  'Proseware', 'Lucerne', 'Coho', 'Alpine', 'Fourth Coffee', 'Margie', 'Trey', 'Wide World', 'Woodgrove',
                  'Bellows', 'Pinnacle', 'Summit', 'Harbor', 'Cedar', 'Maple', 'Granite', 'Silver', 'Golden', 'Evergreen',
                  'Riverside', 'Lakeside', 'Meadow', 'Beacon'])[1 + (b % 2000) % 50]
           || ' ' || (array['Labs', 'Health', 'Logistics', 'Systems', 'Foods', 'Retail', 'Bank', 'Energy', 'Hotels',
                            'Studios'])[1 + (b % 2000) / 50 % 10]
           || ' ' || (1 + b % 2000) as company
    from h, counts
    join roles r on true
    join places p on true
    where r.n = 1 + h.a % counts.roles
      and p.n = 1 + ((h.b / 2000) % counts.places) * ((h.b / 400000) % counts.places) / counts.places
),
titled as (
    select picked.*,
           concat_ws(' ', nullif(seniority, ''), role) || coalesce(', ' || field, '') || coalesce(' (' || skill || ')', '') as title,
           (array[1, 0.75, 1.3, 1.45, 1.6])[case seniority when 'Junior' then 2 when 'Senior' then 3 when 'Lead' then 4
                                                when 'Principal' then 5 else 1 end]
               * (28000 + (c / 1000) % 100 * 900) * rate as salary
    from picked
)
insert into board_jobs (id, company, title, description, department, location_city, location_country, workplace,
                        employment_type, salary_min, salary_max, salary_currency, posted_at, deadline, open, listed)
select gen_random_uuid(), company, title,
       concat_ws(' ',
           (array['We are looking for a ' || title || ' to join our ' || department || ' team in ' || city || '.',
                  company || ' is hiring a ' || title || ' in ' || city || '.',
                  'Join ' || company || ' as a ' || title || ' and help us grow in ' || country || '.',
                  'As ' || title || ' at ' || company || ', you will work closely with the ' || department || ' team.',
                  'Our ' || department || ' team in ' || city || ' is growing and needs a ' || title || '.',
                  'This ' || title || ' role sits in our ' || department || ' group, based in ' || city || '.',
                  company || ' is looking for an experienced ' || title || ' to strengthen the ' || department || ' team.',
                  'Do you want to make a difference as a ' || title || '? ' || company || ' wants to hear from you.',
                  'We have an opening for a ' || title || ' at our ' || city || ' site.',
                  'A new position as ' || title || ' has opened at ' || company || ' in ' || country || '.'])[1 + e % 10],
           (array['Founded in ' || (1950 + i % 70) || ', we serve customers in ' || (3 + i % 60) || ' countries.',
                  'We are a team of ' || (10 + i % 990) || ' people who care about doing things properly.',
                  'Our customers range from small shops to large public institutions across ' || country || '.',
                  'We have grown every year since we started, and we are proud of the culture we built.',
                  'We make products and services that millions of people rely on every day.',
                  'We are a family-owned business with a long history in the region around ' || city || '.',
                  'We were named one of the best places to work in ' || country || ' last year.',
                  'Our mission is to make everyday life simpler for our customers and our neighbours.',
                  'We are backed by long-term investors and have been profitable since ' || (2000 + i % 24) || '.',
                  'Sustainability is at the heart of everything we do, from our offices to our suppliers.'])[1 + e / 10 % 10],
           (array['You will plan and deliver work together with colleagues across several teams.',
                  'You will take ownership of daily operations and continuously improve how we work.',
                  'You will talk to customers, understand their needs and turn them into results.',
                  'You will coach newer colleagues and share what you know.',
                  'You will keep our standards of quality and safety high every single day.',
                  'You will prepare reports for the leadership team and keep stakeholders informed.',
                  'You will help us design processes that scale as we grow.',
                  'You will handle questions from customers and partners quickly and kindly.',
                  'You will coordinate schedules, budgets and suppliers.',
                  'You will analyse results and suggest improvements.',
                  'You will work with modern tools and help choose new ones.',
                  'You will be part of a friendly team that supports each other.'])[1 + e / 100 % 12],
           (array['You will own a budget of ' || (20 + i % 480) || ' thousand and report on it monthly.',
                  'You will visit our sites and partners about ' || (1 + i % 8) || ' days a month.',
                  'You will join a weekly planning meeting and a monthly review with the whole company.',
                  'You will document what you do so that others can pick it up.',
                  'You will take part in an on-call rota about one week in ' || (4 + i % 6) || '.',
                  'You will welcome new colleagues and help them settle in.'])[1 + e / 1200 % 6],
           (array['You will join a team of ' || (3 + f % 20) || ' people led by our head of ' || lower(department) || '.',
                  'The team works from ' || city || ' and meets in person ' || (1 + f % 4) || ' days a week.',
                  'Our ' || department || ' team values clear writing, honest feedback and calm planning.',
                  'You will report to the ' || department || ' lead and work with colleagues in ' || (2 + f % 12) || ' offices.',
                  'The team has grown from ' || (2 + f % 10) || ' to ' || (12 + f % 30) || ' people over the last two years.',
                  'Most of the team has been with us for more than ' || (2 + f % 8) || ' years.',
                  'We keep meetings short and leave time for focused work.',
                  'Each quarter the team chooses a few goals and reviews them together.'])[1 + f / 1000 % 8],
           (array['You have at least ' || (1 + i % 10) || ' years of relevant experience.',
                  'You communicate clearly in English; other languages are a plus.',
                  'You are organised, reliable and calm under pressure.',
                  'A relevant degree or equivalent practical experience is expected.',
                  'You enjoy solving problems and learning new things.',
                  'You hold the certifications your profession requires in ' || country || '.',
                  'You are comfortable working with numbers and data.',
                  'You like working with people and take pride in good service.',
                  'A valid driving licence is an advantage.',
                  'You can work independently and as part of a team.',
                  'You are curious, careful and pay attention to detail.',
                  'Experience in a fast-growing company is welcome.'])[1 + e / 7200 % 12],
           (array[(25 + i % 10) || ' days of paid holiday and flexible working hours.',
                  'A yearly learning budget of ' || (500 + i % 20 * 100) || ' for courses and conferences.',
                  'Private health insurance for you and your family.',
                  'A pension plan with employer contributions.',
                  'A modern office close to public transport, with free lunch on Fridays.',
                  'Bike leasing, gym membership and a public transport pass.',
                  'Parental leave well above the legal minimum.',
                  'Regular team events and a yearly company trip.',
                  'Share options so that you own part of what you build.',
                  'Support for moving to ' || city || ', including help with visas.'])[1 + e / 86400 % 10],
           (array['A salary reviewed every year, with a bonus tied to company results.',
                  'Work from abroad for up to ' || (2 + f % 6) || ' weeks a year.',
                  'A budget of ' || (300 + f % 10 * 50) || ' for your home office.',
                  'Free language classes and a mentoring programme.',
                  'Paid volunteering days and donation matching.',
                  'Meal vouchers and fresh fruit in the office.',
                  'Sabbatical leave after ' || (3 + f % 4) || ' years with us.',
                  'Childcare support and flexible hours for parents.'])[1 + f / 8000 % 8],
           (array['Apply today with your CV; we reply to every application within two weeks.',
                  'We welcome applications from people of every background.',
                  'Send us your application and tell us why this role is right for you.',
                  'Our hiring process has three short steps and we share feedback at each of them.',
                  'Questions? Our recruiting team is happy to help.',
                  'We look forward to meeting you.',
                  'Reference number ' || i || '.',
                  'The start date is flexible; tell us when you could begin.'])[1 + e / 864000 % 8]),
       department, city, country,
       case when c % 10 < 5 then 'on_site' when c % 10 < 8 then 'hybrid' else 'remote' end,
       case when c / 10 % 100 < 75 then 'full_time' when c / 10 % 100 < 85 then 'part_time'
            when c / 10 % 100 < 93 then 'contract' when c / 10 % 100 < 97 then 'temporary' else 'internship' end,
       case when c / 10000000 % 100 < 40 then round(salary, -3) end,
       case when c / 10000000 % 100 < 40 then round(salary * (1.15 + c / 100000 % 30 / 100.0), -3) end,
       case when c / 10000000 % 100 < 40 then currency end,
       now() - make_interval(secs => d % (120 * 86400)),
       case when e / 6912000 % 100 < 3 then current_date - (1 + d % 30)::int
            when e / 6912000 % 100 < 40 then current_date + (1 + d % 60)::int end,
       d / 10368000 % 100 < 95, d / 10368000 % 100 < 95
from titled;

do $$
declare v_index record;
begin
    for v_index in select definition from bench_indexes loop execute v_index.definition; end loop;
end
$$;
-- The vocabulary that misspelt words are corrected against.
insert into board_words (word)
select distinct w from board_jobs,
    unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', title, company, department, location_city, location_country)))) w
where char_length(w) between 2 and 40 and w !~ '^[0-9]+$'
on conflict do nothing;
SQL
psql_primary -c 'vacuum analyze board_jobs, board_words'
loaded=$(date +%s.%N)
echo "board: $(psql_primary -c "select count(*) || ' jobs, ' || count(*) filter (where listed and (deadline is null or deadline >= current_date)) || ' listed and open to applications; ' || pg_size_pretty(pg_total_relation_size('board_jobs')) || ' with indexes' from board_jobs"); $(psql_primary -c 'select count(*) from board_words') words; loaded in $(awk -v a="$started" -v b="$loaded" 'BEGIN { printf "%.0f", b - a }') s"
# Until the replica has replayed the load (the server reads the board there).
lsn=$(psql_primary -c 'select pg_current_wal_lsn()')
if [ -d "$data/replica-socket" ]; then
  until [ "$(psql_read -c "select pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do sleep 1; done
fi
echo "replica caught up after $(awk -v a="$loaded" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"
sleep 3

# Milliseconds from wrk's figures (us, ms or s).
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }'; }
percentile() { awk -v p="$1" '$1 == p { print $2 }'; }
echo
echo "| search (/jobs-board?…) | what the page says | alone: p50 / p99 ms (requests in ${duration} s) | 20 connections: requests/s, p50 / p99 ms |"
echo "|---|---|---|---|"
measure() {
  local label=$1 query=$2 page summary alone loaded_run
  page=$(curl -fs -H "Accept: text/html" "$base/jobs-board${query:+?$query}") || { echo "$label: the page failed"; exit 1; }
  summary=$(printf '%s' "$page" | grep -o 'role="status"[^>]*>[^<]*' | sed 's/.*>//' | grep -v '^Loading' | tail -1 || true)
  if [[ $page == *'Showing results for'* ]]; then
    summary="$summary, corrected to “$(printf '%s' "$page" | grep -o 'Showing results for.\{0,40\}<strong>[^<]*' | sed 's/.*<strong>//')”"
  fi
  # Under load first: then each of the pool's connections has run the statements more than five
  # times, and one client alone meets the plans PostgreSQL keeps for them (generic or custom).
  loaded_run=$(wrk -t2 -c20 -d"${duration}s" --latency -H "Accept: text/html" "$base/jobs-board${query:+?$query}")
  alone=$(wrk -t1 -c1 -d"${duration}s" --latency -H "Accept: text/html" "$base/jobs-board${query:+?$query}")
  printf '| %s | %s | %s / %s (%s) | %s/s, %s / %s%s |\n' "$label" "$summary" \
    "$(ms "$(printf '%s' "$alone" | percentile 50%)")" "$(ms "$(printf '%s' "$alone" | percentile 99%)")" \
    "$(printf '%s' "$alone" | awk '/requests in/ { print $1 }')" \
    "$(printf '%s' "$loaded_run" | awk '/Requests\/sec/ { printf "%.1f", $2 }')" \
    "$(ms "$(printf '%s' "$loaded_run" | percentile 50%)")" "$(ms "$(printf '%s' "$loaded_run" | percentile 99%)")" \
    "$(printf '%s' "$alone$loaded_run" | awk '/Non-2xx|Socket errors/ { printf "; %s", $0 }')"
}
rare=haskell
measure "no search, page 1" ""
measure "no search, page 40" "page=40"
measure "common word, best match" "q=engineer"
measure "common word, newest first" "q=engineer&sort=newest"
measure "rare word ($rare)" "q=$rare"
measure "two words" "q=senior+backend"
measure "misspelt, stems like the word (enginer)" "q=enginer"
measure "misspelt, matches nothing, corrected (engneer)" "q=engneer"
measure "place and workplace" "place=berlin&workplace=remote"
measure "salary and posted within" "salary=80000&posted=7"

# The server function alone (no page rendered), for the common word.
search_fn=$(grep -ao '/api/search_board[0-9]*' "$bin" | head -1)
body_lua=$(mktemp --suffix .lua)
printf 'wrk.method = "POST"\nwrk.body = "params[q]=engineer"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Accept"] = "application/json"\nwrk.headers["Origin"] = "%s"\n' "$base" > "$body_lua"
curl -fs -o /dev/null -H "Accept: application/json" -H "Origin: $base" --data "params[q]=engineer" "$base$search_fn" \
  || { echo "the server function refused the request"; exit 1; }
echo
echo "wrk: server function $search_fn, q=engineer (no page), 20 connections, ${duration}s"
wrk -t2 -c20 -d"${duration}s" --latency -s "$body_lua" "$base$search_fn" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
rm -f "$body_lua"

# The board's queries as the server sends them (app/src/job_board/repo.rs), with the values
# written in, as the app role on the replica.
psql_read > "$plans" 2>&1 <<'SQL' || { echo "the plans failed:"; tail -5 "$plans"; exit 1; }
set role hirevoo_app;
set random_page_cost = 1.1;
select set_config('pg_trgm.word_similarity_threshold', '0.4', false), set_config('pg_trgm.similarity_threshold', '0.3', false);
\echo == no search, page 1 (newest first)
explain (analyze, buffers) select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
order by j.posted_at desc, j.id desc limit 20 offset 0;
\echo == no search, page 40
explain (analyze, buffers) select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
order by j.posted_at desc, j.id desc limit 20 offset 780;
\echo == no search, count (capped at 1,001)
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date) limit 1001) c;
\echo == engineer, best match (rank of the 1,000 freshest matches)
explain (analyze, buffers) select m.id, m.title, m.company, m.posted_at from (
  select j.id, j.title, j.company, j.posted_at, ts_rank_cd(j.search, websearch_to_tsquery('english', 'engineer')) as rank
  from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
  and j.search @@ websearch_to_tsquery('english', 'engineer') order by j.posted_at desc, j.id desc limit 1000
) m order by m.rank desc, m.posted_at desc, m.id desc limit 20 offset 0;
\echo == engineer, newest first
explain (analyze, buffers) select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', 'engineer') order by j.posted_at desc, j.id desc limit 20 offset 0;
\echo == engineer, count (capped at 1,001)
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', 'engineer') limit 1001) c;
\echo == haskell (rare), best match
explain (analyze, buffers) select m.id, m.title, m.company, m.posted_at from (
  select j.id, j.title, j.company, j.posted_at, ts_rank_cd(j.search, websearch_to_tsquery('english', 'haskell')) as rank
  from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
  and j.search @@ websearch_to_tsquery('english', 'haskell') order by j.posted_at desc, j.id desc limit 1000
) m order by m.rank desc, m.posted_at desc, m.id desc limit 20 offset 0;
\echo == haskell (rare), count
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', 'haskell') limit 1001) c;
\echo == senior backend, best match
explain (analyze, buffers) select m.id, m.title, m.company, m.posted_at from (
  select j.id, j.title, j.company, j.posted_at, ts_rank_cd(j.search, websearch_to_tsquery('english', 'senior backend')) as rank
  from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
  and j.search @@ websearch_to_tsquery('english', 'senior backend') order by j.posted_at desc, j.id desc limit 1000
) m order by m.rank desc, m.posted_at desc, m.id desc limit 20 offset 0;
\echo == senior backend, count
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', 'senior backend') limit 1001) c;
\echo == engneer: best match, no matches
explain (analyze, buffers) select m.id, m.title, m.company, m.posted_at from (
  select j.id, j.title, j.company, j.posted_at, ts_rank_cd(j.search, websearch_to_tsquery('english', 'engneer')) as rank
  from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
  and j.search @@ websearch_to_tsquery('english', 'engneer') order by j.posted_at desc, j.id desc limit 1000
) m order by m.rank desc, m.posted_at desc, m.id desc limit 20 offset 0;
\echo == engneer: the word corrected
explain (analyze, buffers) select q.word, coalesce(
    (select w.word from board_words w where w.word = q.word),
    (select w.word from board_words w where w.word % q.word order by q.word <-> w.word, w.word limit 1))
from unnest(array['engneer']) with ordinality as q(word, n) order by q.n;
\echo == place berlin, remote, newest first
explain (analyze, buffers) select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and (lower(j.location_city) = 'berlin' or lower(j.location_country) = 'berlin') and j.workplace = 'remote'
order by j.posted_at desc, j.id desc limit 20 offset 0;
\echo == place berlin, remote, count
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and (lower(j.location_city) = 'berlin' or lower(j.location_country) = 'berlin') and j.workplace = 'remote' limit 1001) c;
\echo == salary 80000, posted within 7 days, newest first
explain (analyze, buffers) select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.posted_at >= now() - make_interval(days => 7) and coalesce(j.salary_max, j.salary_min) >= 80000::float8
order by j.posted_at desc, j.id desc limit 20 offset 0;
\echo == salary 80000, posted within 7 days, count
explain (analyze, buffers) select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.posted_at >= now() - make_interval(days => 7) and coalesce(j.salary_max, j.salary_min) >= 80000::float8 limit 1001) c;
-- As the server's connections run them: prepared, planned generically once PostgreSQL prefers it
-- (after five executions), then the same statement for another word.
prepare best(text, bigint) as select m.id, m.title, m.company, m.posted_at from (
  select j.id, j.title, j.company, j.posted_at, ts_rank_cd(j.search, websearch_to_tsquery('english', $1)) as rank
  from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
  and j.search @@ websearch_to_tsquery('english', $1) order by j.posted_at desc, j.id desc limit $2
) m order by m.rank desc, m.posted_at desc, m.id desc limit 20 offset 0;
prepare newest(text, bigint, bigint) as select j.id, j.title, j.company, j.posted_at from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', $1) order by j.posted_at desc, j.id desc limit $2 offset $3;
prepare counted(text, bigint) as select count(*) from (select 1 from board_jobs j
where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)
and j.search @@ websearch_to_tsquery('english', $1) limit $2) c;
\o /dev/null
execute best('engineer', 1000); execute best('engineer', 1000); execute best('engineer', 1000);
execute best('engineer', 1000); execute best('engineer', 1000); execute best('engineer', 1000);
execute newest('engineer', 20, 0); execute newest('engineer', 20, 0); execute newest('engineer', 20, 0);
execute newest('engineer', 20, 0); execute newest('engineer', 20, 0); execute newest('engineer', 20, 0);
execute counted('engineer', 1001); execute counted('engineer', 1001); execute counted('engineer', 1001);
execute counted('engineer', 1001); execute counted('engineer', 1001); execute counted('engineer', 1001);
\o
\echo == prepared, 7th execution: engineer, best match
explain (analyze, buffers) execute best('engineer', 1000);
\echo == prepared, then haskell, best match
explain (analyze, buffers) execute best('haskell', 1000);
\echo == prepared, 7th execution: engineer, newest first
explain (analyze, buffers) execute newest('engineer', 20, 0);
\echo == prepared, 7th execution: engineer, count
explain (analyze, buffers) execute counted('engineer', 1001);
\echo == prepared, then haskell, count
explain (analyze, buffers) execute counted('haskell', 1001);
SQL
echo
echo "plans as the app role on the replica (in full: $plans):"
grep -E '^== |Execution Time' "$plans" | paste - - | sed -e 's/^== //' -e 's/\t */: /'

echo "RSS after load: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"
