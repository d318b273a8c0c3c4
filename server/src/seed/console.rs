//! The console's share of the demo: flags of every kind (one of them stale, one a sticky
//! experiment), a custom plan with a suspended tenant on it, a history of resolved incidents,
//! and the last day of platform metrics with an alert that came and went.

use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use uuid::Uuid;

/// The seed's own marker: present once the console's demo data is.
const EXPERIMENT_FLAG: &str = "candidate-search-ranking";

pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let seeded: bool = sqlx::query_scalar("select exists (select from feature_flags where key = $1)").bind(EXPERIMENT_FLAG).fetch_one(&mut *tx).await?;
    if seeded {
        return Ok(false);
    }
    let superadmin: Option<Uuid> = sqlx::query_scalar("select id from users where is_superadmin order by created_at limit 1").fetch_optional(&mut *tx).await?;

    sqlx::query(
        "insert into feature_flags (key, description, kind, owner, default_on, rollout_percent, rollout_by, plans, updated_at) values
         ($1, 'Ranks candidate search results by skills matched rather than by name.', 'experiment', 'Search team', false, 30, 'user', '{}', now() - interval '3 days'),
         ('legacy-pdf-viewer', 'The old in-page résumé viewer, kept while the new one settles. Remove when unused.', 'release', 'Documents team', true, null, 'tenant', '{}', now() - interval '62 days'),
         ('bulk-email-throttle', 'Spreads bulk candidate emails over ten minutes to protect sending reputation.', 'operational', 'Platform team', true, null, 'tenant', '{}', now() - interval '2 days'),
         ('advanced-analytics', 'Funnel breakdowns by source and stage duration percentiles.', 'permission', 'Product', false, null, 'tenant', '{enterprise}', now() - interval '10 days')",
    )
    .bind(EXPERIMENT_FLAG)
    .execute(&mut *tx)
    .await?;

    sqlx::query("insert into plans (key, name, custom) values ('nonprofit', 'Non-profit', true)").execute(&mut *tx).await?;
    sqlx::query(
        "insert into plan_quotas (plan, resource, quota) values
         ('nonprofit', 'seats', 25), ('nonprofit', 'open_requisitions', 15), ('nonprofit', 'invitations', 1000),
         ('nonprofit', 'candidates', 20000), ('nonprofit', 'storage', 5000000000)",
    )
    .execute(&mut *tx)
    .await?;
    let umbrella = Uuid::now_v7();
    Db::enter_tenant(&mut tx, umbrella).await?;
    sqlx::query(
        "insert into tenants (id, name, slug, plan, status, suspended_reason, suspended_at)
         values ($1, 'Umbrella Staffing', 'umbrella', 'nonprofit', 'suspended', 'The invoice for November is 60 days overdue.', now() - interval '5 days')",
    )
    .bind(umbrella)
    .execute(&mut *tx)
    .await?;

    incident(&mut tx, superadmin, "Slow test loading for some candidates", "major", &["assessments"], 12, &[
        (0, "investigating", "Some candidates see tests take up to a minute to load. Answers already given are safe. We are looking into it."),
        (25, "identified", "A database index was rebuilt during peak hours. We have stopped the rebuild."),
        (70, "monitoring", "Load times are back to normal. We are watching closely."),
        (130, "resolved", "Resolved. No answers were lost; candidates who ran out of time were given their time back."),
    ])
    .await?;
    incident(&mut tx, superadmin, "Delayed notification emails", "minor", &["email"], 40, &[
        (0, "investigating", "Emails to candidates and staff are arriving late."),
        (45, "resolved", "Our mail provider cleared its queue; every delayed email has been delivered."),
    ])
    .await?;

    sqlx::query(
        "insert into metric_samples (at, resolution, name, instance, value)
         select date_trunc('minute', now()) - make_interval(mins => m), 'minute', s.name, 'demo-web-1',
                case s.name
                    when 'requests' then round(45 + 30 * sin(m / 180.0 * pi()) + random() * 10)
                    when 'server_errors' then case when random() < 0.04 then 1 else 0 end
                    when 'latency_p95_ms' then round(90 + 40 * sin(m / 90.0) + random() * 30 + case when m between 1190 and 1210 then 520 else 0 end)
                    when 'pool_use_pct' then round(8 + 12 * random())
                    when 'replica_lag_ms' then round(15 + 30 * random())
                    when 'queue_depth' then floor(random() * 3)
                    when 'job_failures' then case when random() < 0.01 then 1 else 0 end
                    when 'sign_in_failures' then case when random() < 0.1 then 1 else 0 end
                    else round(15 + 10 * sin(m / 120.0) + random() * 5)
                end
         from generate_series(1, 1440) as m,
              unnest(array['requests', 'server_errors', 'latency_p95_ms', 'pool_use_pct', 'replica_lag_ms', 'queue_depth', 'job_failures', 'sign_in_failures', 'answer_saves']) as s (name)
         on conflict do nothing",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into metric_alerts (id, metric, level, value, threshold, opened_at, updated_at, resolved_at)
         values ($1, 'latency_p95_ms', 'warning', 612, 500, now() - interval '20 hours', now() - interval '19 hours 40 minutes', now() - interval '19 hours 40 minutes')",
    )
    .bind(Uuid::now_v7())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A published, resolved incident `days_ago`, with its timeline: (minutes after the start, status, message).
async fn incident(
    tx: &mut sqlx::PgConnection,
    by: Option<Uuid>,
    title: &str,
    severity: &str,
    components: &[&str],
    days_ago: i32,
    timeline: &[(i32, &str, &str)],
) -> Result<(), AppError> {
    let id = Uuid::now_v7();
    let last = timeline.last().map_or(0, |(minutes, ..)| *minutes);
    sqlx::query(
        "insert into incidents (id, title, severity, status, components, all_tenants, published_at, created_by, created_at, updated_at, resolved_at)
         values ($1, $2, $3, 'resolved', $4, true, now() - make_interval(days => $5), $6, now() - make_interval(days => $5),
                 now() - make_interval(days => $5) + make_interval(mins => $7), now() - make_interval(days => $5) + make_interval(mins => $7))",
    )
    .bind(id)
    .bind(title)
    .bind(severity)
    .bind(components)
    .bind(days_ago)
    .bind(by)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    for (minutes, status, message) in timeline {
        sqlx::query(
            "insert into incident_updates (id, incident_id, status, message, created_by, created_at)
             values ($1, $2, $3, $4, $5, now() - make_interval(days => $6) + make_interval(mins => $7))",
        )
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(status)
        .bind(message)
        .bind(by)
        .bind(days_ago)
        .bind(minutes)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
