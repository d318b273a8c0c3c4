//! Funnel analytics on the server: the reports, read from daily rollups, agree with a count
//! made here from the raw stage events; new moves show when a report is opened; bad periods are
//! refused; and only the tenant's recruiters and admins read them.

use crate::support;

use std::collections::HashMap;

use app::recruiting::analytics::api::*;
use app::recruiting::analytics::types::*;
use app::recruiting::pipeline::api::MoveApplication;
use app::recruiting::pipeline::types::StageKind;
use chrono::{DateTime, NaiveDate, Utc};
use support::{error_of, TestApp};
use uuid::Uuid;

/// The demo requisition with the most stage events.
async fn busiest(app: &TestApp) -> Uuid {
    sqlx::query_scalar("select requisition_id from stage_events group by 1 order by count(*) desc, 1 limit 1").fetch_one(&app.superuser().await).await.unwrap()
}

struct Expected {
    entered: HashMap<StageKind, i64>,
    rejected: HashMap<StageKind, i64>,
    medians: HashMap<StageKind, f64>,
    /// The same in seconds, unrounded, and the width of the wider bucket of the two middle values.
    median_seconds: HashMap<StageKind, (f64, f64)>,
    per_day: HashMap<NaiveDate, (i64, i64, i64)>,
}

/// The report's figures, counted one event at a time by the rule the page states.
async fn recount(app: &TestApp, requisition_id: Uuid, from: NaiveDate, to: NaiveDate) -> Expected {
    recount_all(app, &[requisition_id], from, to).await
}

/// The same over several requisitions together.
async fn recount_all(app: &TestApp, requisitions: &[Uuid], from: NaiveDate, to: NaiveDate) -> Expected {
    type Row = (Uuid, DateTime<Utc>, Option<String>, String, Option<Uuid>, Option<Uuid>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "select application_id, created_at, to_kind, to_status, from_stage_id, to_stage_id, from_status from stage_events
         where requisition_id = any($1) order by application_id, created_at, id",
    )
    .bind(requisitions)
    .fetch_all(&app.superuser().await)
    .await
    .unwrap();
    let mut expected = Expected { entered: HashMap::new(), rejected: HashMap::new(), medians: HashMap::new(), median_seconds: HashMap::new(), per_day: HashMap::new() };
    let mut durations: HashMap<StageKind, Vec<f64>> = HashMap::new();
    let mut previous: Option<(Uuid, DateTime<Utc>, StageKind)> = None;
    for (application, at, kind, to_status, from_stage, to_stage, from_status) in rows {
        let kind = StageKind::parse(kind.as_deref().unwrap()).unwrap();
        let day = at.date_naive();
        let in_range = day >= from && day <= to;
        let was_out = matches!(from_status.as_deref(), Some("rejected") | Some("withdrawn"));
        if in_range && to_status == "active" && !was_out && (from_stage.is_none() || from_stage != to_stage) {
            *expected.entered.entry(kind).or_default() += 1;
            let entry = expected.per_day.entry(day).or_default();
            match kind {
                StageKind::Applied => entry.0 += 1,
                StageKind::Hired => {
                    entry.1 += 1;
                    entry.2 += 1
                }
                _ => entry.1 += 1,
            }
        }
        if in_range && to_status == "rejected" {
            *expected.rejected.entry(kind).or_default() += 1;
        }
        if let Some((same, since, previous_kind)) = previous {
            let leaves = from_status.as_deref() == Some("active") && (from_stage != to_stage || to_status != "active");
            if same == application && in_range && leaves {
                durations.entry(previous_kind).or_default().push((at - since).num_seconds() as f64);
            }
        }
        previous = Some((application, at, kind));
    }
    for (kind, mut values) in durations {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 };
        expected.medians.insert(kind, (median / 86_400.0 * 10.0).round() / 10.0);
        let width = app::platform::rollups::bucket_width(values[(n - 1) / 2]).max(app::platform::rollups::bucket_width(values[n / 2]));
        expected.median_seconds.insert(kind, (median, width));
    }
    expected
}

fn assert_agrees(funnel: &Funnel, expected: &Expected) {
    for step in &funnel.steps {
        assert_eq!(step.count, expected.entered.get(&step.kind).copied().unwrap_or(0), "entered {:?}", step.kind);
        assert_eq!(step.rejected, expected.rejected.get(&step.kind).copied().unwrap_or(0), "rejected {:?}", step.kind);
        assert_eq!(step.median_days_in_step, expected.medians.get(&step.kind).copied(), "median {:?}", step.kind);
    }
    for pair in funnel.steps.windows(2) {
        let expected = (pair[0].count > 0).then(|| (pair[1].count as f64 / pair[0].count as f64 * 1000.0).round() / 10.0);
        assert_eq!(pair[1].conversion, expected, "conversion into {:?}", pair[1].kind);
    }
    for day in &funnel.days {
        let (applications, moves, hires) = expected.per_day.get(&day.day).copied().unwrap_or_default();
        assert_eq!((day.applications, day.moves, day.hires), (applications, moves, hires), "{}", day.day);
    }
}

#[tokio::test]
async fn a_requisitions_report_agrees_with_the_raw_events_and_follows_new_moves() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let requisition_id = busiest(&app).await;
    let today = Utc::now().date_naive();
    let from = today - chrono::Duration::days(89);
    let report: RequisitionReport = app.call::<RequisitionFunnel>(&rita, &[("requisition_id", &requisition_id.to_string())]).await.json().await.unwrap();
    assert_eq!((report.funnel.from, report.funnel.to), (from, today));
    assert!(report.funnel.steps[0].count > 0, "the demo requisition has applications");
    assert_agrees(&report.funnel, &recount(&app, requisition_id, from, today).await);
    assert_eq!(report.funnel.days.len(), 90);

    let views: i64 = sqlx::query_scalar("select coalesce(sum(views), 0)::int8 from job_analytics where requisition_id = $1 and day between $2 and $3")
        .bind(requisition_id).bind(from).bind(today).fetch_one(&db).await.unwrap();
    assert_eq!(report.funnel.views, views);
    let (opened, first, average, median): (DateTime<Utc>, DateTime<Utc>, Option<f64>, Option<f64>) = sqlx::query_as(
        "select coalesce(r.opened_at, r.created_at), (select min(created_at) from applications where requisition_id = r.id),
                (select round(avg(match_score), 1)::float8 from applications where requisition_id = r.id and created_at::date between $2 and $3),
                (select percentile_cont(0.5) within group (order by match_score::float8) from applications where requisition_id = r.id and created_at::date between $2 and $3)
         from requisitions r where r.id = $1",
    )
    .bind(requisition_id).bind(from).bind(today).fetch_one(&db).await.unwrap();
    assert_eq!(report.funnel.days_to_first_application, Some((((first - opened).num_seconds().max(0) as f64) / 86_400.0 * 10.0).round() / 10.0));
    assert_eq!((report.funnel.average_match, report.funnel.median_match), (average, median.map(|m| (m * 10.0).round() / 10.0)));

    // A move now shows the next time the report is opened.
    let (application, version, next): (Uuid, i32, Uuid) = sqlx::query_as(
        "select a.id, a.version, (select s2.id from requisition_stages s2 where s2.requisition_id = a.requisition_id and s2.kind = 'interview' limit 1)
         from applications a join requisition_stages s on s.id = a.stage_id where a.requisition_id = $1 and a.status = 'active' and s.kind <> 'interview' limit 1",
    )
    .bind(requisition_id).fetch_one(&db).await.unwrap();
    let interviews = report.funnel.steps.iter().find(|s| s.kind == StageKind::Interview).unwrap().count;
    let moved = app.call::<MoveApplication>(&rita, &[("application_id", &application.to_string()), ("version", &version.to_string()), ("stage_id", &next.to_string())]).await;
    assert!(moved.status().is_success());
    let report: RequisitionReport = app.call::<RequisitionFunnel>(&rita, &[("requisition_id", &requisition_id.to_string())]).await.json().await.unwrap();
    assert_eq!(report.funnel.steps.iter().find(|s| s.kind == StageKind::Interview).unwrap().count, interviews + 1);
    assert_agrees(&report.funnel, &recount(&app, requisition_id, from, today).await);
    // The rollups are what the report read: one row per requisition, day, step and source at most.
    let rows = app.scalar_i64(&format!("select count(*) from funnel_daily where requisition_id = '{requisition_id}'")).await;
    assert!(rows > 0 && rows < 200, "{rows}");

    // The nightly job recomputes nothing it has made final, and agrees.
    app::recruiting::analytics::scheduled::rollup(&app.platform).await.unwrap();
    let again: RequisitionReport = app.call::<RequisitionFunnel>(&rita, &[("requisition_id", &requisition_id.to_string())]).await.json().await.unwrap();
    assert_eq!(again.funnel, report.funnel);
}

#[tokio::test]
async fn the_tenants_report_adds_up_its_requisitions_and_breaks_them_down() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let report: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    let applications: i64 = report.funnel.steps[0].count;
    let total: i64 = sqlx::query_scalar(
        "select count(*) from stage_events e join requisitions r on r.id = e.requisition_id
         where e.from_stage_id is null and e.created_at::date >= current_date - 89 and r.deleted_at is null and r.tenant_id = (select id from tenants where slug = 'acme')",
    )
    .fetch_one(&app.superuser().await)
    .await
    .unwrap();
    assert_eq!(applications, total);
    for breakdown in [&report.by_department, &report.by_source, &report.by_recruiter] {
        assert_eq!(breakdown.iter().map(|b| b.applications).sum::<i64>(), applications);
    }
    assert!(report.by_source.iter().any(|b| b.name == "careers site"));
    assert!(report.by_recruiter.iter().any(|b| b.name == "Rita Moreno"));
}

#[tokio::test]
async fn bad_periods_and_outsiders_are_refused() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let requisition_id = busiest(&app).await.to_string();
    for (from, to, says) in [("2026-03-01", "2026-02-01", "ends before"), ("2020-01-01", "2026-01-01", "two years"), ("soon", "", "start")] {
        let (status, error) = error_of(app.call::<RequisitionFunnel>(&rita, &[("requisition_id", &requisition_id), ("from", from), ("to", to)]).await).await;
        assert_eq!(status, 400);
        assert!(error.to_string().contains(says), "{error}");
        let (status, _) = error_of(app.call::<TenantFunnel>(&rita, &[("from", from), ("to", to)]).await).await;
        assert_eq!(status, 400);
    }
    let globex = app.signed_in("recruiter@globex.test").await;
    assert_eq!(app.call::<RequisitionFunnel>(&globex, &[("requisition_id", &requisition_id)]).await.status().as_u16(), 404);
    let theirs: TenantReport = app.call::<TenantFunnel>(&globex, &[]).await.json().await.unwrap();
    assert_eq!(theirs.funnel.steps[0].count, 0, "another tenant's report counts only its own");
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(app.call::<RequisitionFunnel>(&interviewer, &[("requisition_id", &requisition_id)]).await.status().as_u16(), 403);
    assert_eq!(app.call::<TenantFunnel>(&interviewer, &[]).await.status().as_u16(), 403);
    assert_eq!(app.call::<TenantFunnel>(&app.browser(), &[]).await.status().as_u16(), 401);
}

/// The tenant's report against the raw count: counts exactly, each median in days to within the
/// width of the bucket it falls in (and the rounding to a tenth of a day).
fn assert_tenant_agrees(funnel: &Funnel, expected: &Expected) {
    for step in &funnel.steps {
        assert_eq!(step.count, expected.entered.get(&step.kind).copied().unwrap_or(0), "entered {:?}", step.kind);
        assert_eq!(step.rejected, expected.rejected.get(&step.kind).copied().unwrap_or(0), "rejected {:?}", step.kind);
        match (step.median_days_in_step, expected.median_seconds.get(&step.kind)) {
            (Some(days), Some((seconds, width))) => {
                let width = width / 86_400.0;
                assert!((days - seconds / 86_400.0).abs() <= width + 0.05 + 1e-9, "median {:?}: {days} days against {seconds} s", step.kind);
            }
            (days, seconds) => assert_eq!(days.is_some(), seconds.is_some(), "median {:?}", step.kind),
        }
    }
    for day in &funnel.days {
        let (applications, moves, hires) = expected.per_day.get(&day.day).copied().unwrap_or_default();
        assert_eq!((day.applications, day.moves, day.hires), (applications, moves, hires), "{}", day.day);
    }
}

/// The tenant's requisitions that are not deleted, with their department as the report names it.
async fn live_requisitions(app: &TestApp) -> Vec<(Uuid, String)> {
    sqlx::query_as(
        "select id, coalesce(nullif(department, ''), 'No department') from requisitions
         where tenant_id = (select id from tenants where slug = 'acme') and deleted_at is null order by id",
    )
    .fetch_all(&app.superuser().await)
    .await
    .unwrap()
}

/// Applications, interviews and hires per department, counted requisition by requisition.
async fn by_department(app: &TestApp, live: &[(Uuid, String)], from: NaiveDate, to: NaiveDate) -> Vec<Breakdown> {
    let mut out: Vec<Breakdown> = Vec::new();
    for (id, department) in live {
        let expected = recount(app, *id, from, to).await;
        let count = |kind| expected.entered.get(&kind).copied().unwrap_or(0);
        let index = match out.iter().position(|b| &b.name == department) {
            Some(index) => index,
            None => {
                out.push(Breakdown { name: department.clone(), applications: 0, interviews: 0, hires: 0 });
                out.len() - 1
            }
        };
        out[index].applications += count(StageKind::Applied);
        out[index].interviews += count(StageKind::Interview);
        out[index].hires += count(StageKind::Hired);
    }
    out.retain(|b| b.applications + b.interviews + b.hires > 0);
    out.sort_by(|a, b| b.applications.cmp(&a.applications).then(a.name.cmp(&b.name)));
    out
}

#[tokio::test]
async fn the_tenants_rollups_agree_with_the_raw_events_and_leave_deleted_requisitions_out() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let db = app.superuser().await;
    let today = Utc::now().date_naive();
    let from = today - chrono::Duration::days(89);
    let check = |report: TenantReport, live: Vec<(Uuid, String)>| {
        let app = &app;
        async move {
            let ids: Vec<Uuid> = live.iter().map(|r| r.0).collect();
            assert_tenant_agrees(&report.funnel, &recount_all(app, &ids, from, today).await);
            let mut departments = report.by_department.clone();
            departments.retain(|b| b.applications + b.interviews + b.hires > 0);
            assert_eq!(departments, by_department(app, &live, from, today).await);
            for breakdown in [&report.by_source, &report.by_recruiter] {
                assert_eq!(breakdown.iter().map(|b| b.applications).sum::<i64>(), report.funnel.steps[0].count);
            }
            let (average, median): (Option<f64>, Option<f64>) = sqlx::query_as(
                "select round(avg(match_score), 1)::float8, percentile_cont(0.5) within group (order by match_score::float8) from applications
                 where tenant_id = (select id from tenants where slug = 'acme') and (created_at at time zone 'utc')::date between $1 and $2 and match_score is not null",
            )
            .bind(from).bind(today).fetch_one(&app.superuser().await).await.unwrap();
            assert!(average.is_some(), "the demo applications have match scores");
            assert_eq!((report.funnel.average_match, report.funnel.median_match), (average, median.map(|m| (m * 10.0).round() / 10.0)));
        }
    };
    let report: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert!(report.funnel.steps[0].count > 0 && report.funnel.steps.iter().any(|s| s.median_days_in_step.is_some()));
    check(report, live_requisitions(&app).await).await;

    // A deleted requisition leaves the tenant's report at once; restored, it is back.
    let busiest = busiest(&app).await;
    let before: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert!(app.call::<app::recruiting::requisitions::api::DeleteRequisition>(&admin, &[("id", &busiest.to_string())]).await.status().is_success());
    let report: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert!(report.funnel.steps[0].count < before.funnel.steps[0].count);
    assert!(live_requisitions(&app).await.iter().all(|r| r.0 != busiest));
    check(report, live_requisitions(&app).await).await;
    assert!(app.call::<app::recruiting::requisitions::api::RestoreRequisition>(&admin, &[("id", &busiest.to_string())]).await.status().is_success());
    let report: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(report, before);

    // A requisition moved to another department is counted there; changed match scores count at once.
    sqlx::query("update requisitions set department = 'Moved' where id = $1").bind(busiest).execute(&db).await.unwrap();
    sqlx::query("update applications set match_score = 99.5 where id in (select id from applications where requisition_id = $1 order by id limit 3)")
        .bind(busiest).execute(&db).await.unwrap();
    let report: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert!(report.by_department.iter().any(|b| b.name == "Moved" && b.applications > 0));
    check(report, live_requisitions(&app).await).await;

    // A year's report and a month's agree as well, and the nightly job changes nothing.
    for (from, to) in [(today - chrono::Duration::days(364), today), (today - chrono::Duration::days(40), today - chrono::Duration::days(10))] {
        let (f, t) = (from.to_string(), to.to_string());
        let report: TenantReport = app.call::<TenantFunnel>(&admin, &[("from", &f), ("to", &t)]).await.json().await.unwrap();
        let ids: Vec<Uuid> = live_requisitions(&app).await.iter().map(|r| r.0).collect();
        assert_tenant_agrees(&report.funnel, &recount_all(&app, &ids, from, to).await);
    }
    let before: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    app::recruiting::analytics::scheduled::rollup(&app.platform).await.unwrap();
    let after: TenantReport = app.call::<TenantFunnel>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(before, after);
}
