//! Usage analytics' share of the demo: 30 days of events (job seekers who signed up over the
//! last weeks and come back less each week, visitors searching the board and opening jobs, Acme's
//! team at work on weekdays, sign-ins with a few failures, applications), rolled up.

use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;

/// The seed's own marker: the first of the returning seekers.
const FIRST_RETURNING_SEEKER: &str = "returning.seeker.1@example.com";

pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let seeded: bool = sqlx::query_scalar("select exists (select from users where email = $1)").bind(FIRST_RETURNING_SEEKER).fetch_one(&mut *tx).await?;
    if seeded {
        return Ok(false);
    }
    // Seekers who signed up one a day over four weeks (no password: they show in the figures only).
    sqlx::query(
        "with made as (
             insert into users (id, email, display_name, created_at)
             select gen_random_uuid(), format('returning.seeker.%s@example.com', i), format('Returning Seeker %s', i),
                    date_trunc('day', now()) - make_interval(days => i) + interval '10 hours'
               from generate_series(1, 28) i
             returning id, created_at)
         insert into seekers (user_id, email_verified_at, created_at) select id, created_at, created_at from made",
    )
    .execute(&mut *tx)
    .await?;
    let words = "array['customer success', 'data analyst', 'rust developer', 'nurse', 'product designer', 'sales manager', 'python', \
                 'accountant', 'project manager', 'marketing', 'remote', 'warehouse', 'teacher', 'devops', 'frontend']";
    let nothing = "array['underwater basket weaving', 'astronaut', 'blockchain wizard', 'chief vibes officer']";
    let events = [
        // Seekers on their days on the board (fewer as the weeks since signing up go by): pages,
        // searches, and the jobs they open from them.
        format!(
            "with seeker_days as materialized (
                 select u.id as user_id, d.day
                   from users u join seekers s on s.user_id = u.id
                  cross join lateral (select (current_date - n) as day from generate_series(0, 29) n) d
                  where d.day >= u.created_at::date and random() < 0.7 * power(0.75, (d.day - u.created_at::date) / 7))
             select day + time '07:00' + random() * interval '15 hours', 'page_view', null::uuid, user_id, true,
                    (array['/', '/jobs-board', '/jobs-board/{{id}}', '/profile', '/jobs-board/{{id}}'])[1 + floor(random() * 5)::int], null, null::int
               from seeker_days cross join lateral generate_series(1, 2 + (hashtext(user_id::text || day::text) & 7))
             union all
             select day + time '07:00' + random() * interval '15 hours', kind, null::uuid, user_id, true, null, query, results
               from (select day, user_id, ({words})[1 + floor(random() * 15)::int] as query from seeker_days
                     cross join lateral generate_series(1, 1 + (hashtext(day::text || user_id::text) & 3))) s
              cross join lateral (values ('search', 20 + floor(random() * 400)::int, s.user_id), ('search_click', null, s.user_id)) v (kind, results, who)
              where v.kind = 'search' or random() < 0.45"
        ),
        // Visitors who do not sign in: pages and searches, some finding nothing.
        format!(
            "select d::date + time '06:00' + random() * interval '17 hours', 'page_view', null::uuid, null::uuid, true,
                    (array['/jobs-board', '/jobs-board/{{id}}', '/careers/{{slug}}', '/careers/{{slug}}/jobs/{{id}}', '/sign-in', '/sign-up'])[1 + floor(random() * 6)::int], null, null
               from generate_series(current_date - 29, current_date, interval '1 day') d cross join lateral generate_series(1, 60 + (hashtext(d::text) & 63))"
        ),
        format!(
            "select d::date + time '06:00' + random() * interval '17 hours', 'search', null::uuid, null::uuid, true, null,
                    case when random() < 0.12 then ({nothing})[1 + floor(random() * 4)::int] else ({words})[1 + floor(random() * 15)::int] end, null
               from generate_series(current_date - 29, current_date, interval '1 day') d cross join lateral generate_series(1, 25 + (hashtext(d::text || 'search') & 31))"
        ),
        // Acme's team on weekdays: a sign-in and their working pages.
        "select d::date + time '08:30' + random() * interval '9 hours', v.kind, m.tenant_id, m.user_id, true, v.path, null, null
           from generate_series(current_date - 29, current_date, interval '1 day') d
           join memberships m on m.role in ('tenant_admin', 'recruiter', 'interviewer')
           join tenants t on t.id = m.tenant_id and t.slug = 'acme'
          cross join lateral (select 'sign_in' as kind, null as path
                              union all
                              select 'page_view', (array['/', '/jobs', '/jobs/{id}/pipeline', '/candidates', '/candidates/{id}', '/interviews', '/analytics'])[1 + floor(random() * 7)::int]
                                from generate_series(1, 8 + (hashtext(d::text || m.user_id::text) & 15))) v
          where extract(isodow from d) < 6 and random() < 0.9"
            .to_owned(),
        // Failed sign-ins, and applications to Acme.
        "select d::date + random() * interval '24 hours', 'sign_in', null::uuid, null::uuid, false, null, null, null
           from generate_series(current_date - 29, current_date, interval '1 day') d cross join lateral generate_series(1, hashtext(d::text) & 3)"
            .to_owned(),
        "select d::date + time '06:00' + random() * interval '17 hours', 'application', t.id, null::uuid, true, null, null, null
           from generate_series(current_date - 29, current_date, interval '1 day') d join tenants t on t.slug = 'acme'
          cross join lateral generate_series(1, 1 + (hashtext(d::text || 'applied') & 3))"
            .to_owned(),
    ];
    for select in events {
        // Nothing in the future: today's events stop at the present hour.
        sqlx::query(&format!(
            "insert into analytics_events (at, kind, tenant_id, user_id, success, path, query, results)
             select at, kind, tenant_id, user_id, success, path, query, results::int
               from ({select}) e (at, kind, tenant_id, user_id, success, path, query, results) where at <= now()"
        ))
        .execute(&mut *tx)
        .await?;
    }
    // A search's results: none for the words nobody advertises.
    sqlx::query(&format!("update analytics_events set results = case when query = any({nothing}) then 0 else 20 + (hashtext(query) & 255) end where kind = 'search'"))
        .execute(&mut *tx)
        .await?;
    // Clicks come after searches that found something.
    sqlx::query(&format!("delete from analytics_events where kind = 'search_click' and query = any({nothing})")).execute(&mut *tx).await?;
    tx.commit().await?;
    app::usage::jobs::roll_up(platform, chrono::Utc::now().date_naive()).await?;
    Ok(true)
}
