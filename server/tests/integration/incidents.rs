//! Incidents: opened and updated by a superadmin, seen as banners by the affected organizations'
//! staff and candidates, on the public status page by everyone, and emailed to subscribers.

use crate::support;

use app::assessments::api::InviteCandidates;
use app::assessments::taking::AssessmentLanding;
use app::assessments::types::Landing;
use app::incidents::api::*;
use app::incidents::types::{Banner, Incident, ServiceStatus};
use support::{error_of, TestApp};
use uuid::Uuid;

/// The incident banners of the signed-in person's page frame.
async fn banners(app: &TestApp, client: &reqwest::Client) -> Vec<Banner> {
    let frame: Option<app::access::FrameState> = app.call::<app::access::SignedInFrame>(client, &[]).await.json().await.unwrap();
    frame.expect("signed in").banners
}

async fn outbox_to(app: &TestApp, address: &str, subject_part: &str) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where to_address = $1 and subject like '%' || $2 || '%'")
        .bind(address)
        .bind(subject_part)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

/// An app whose demo history of incidents is cleared, so that counts are this test's own.
async fn without_incidents() -> TestApp {
    let app = TestApp::spawn().await;
    sqlx::query("delete from incidents").execute(&app.superuser().await).await.unwrap();
    app
}

#[tokio::test]
async fn an_incident_reaches_the_affected_organization_its_candidates_the_status_page_and_subscribers() {
    let app = without_incidents().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let acme_recruiter = app.signed_in("recruiter@acme.test").await;
    let globex_recruiter = app.signed_in("recruiter@globex.test").await;
    // Rita subscribes; Ada (an admin) is subscribed without asking; Globex's admin is not affected.
    assert!(app.call::<SetIncidentSubscription>(&acme_recruiter, &[("subscribed", "yes")]).await.status().is_success());
    assert!(app.call::<IncidentSubscription>(&app.signed_in("admin@acme.test").await, &[]).await.json::<bool>().await.unwrap());
    let ivan = app.signed_in("interviewer@acme.test").await;
    assert!(!app.call::<IncidentSubscription>(&ivan, &[]).await.json::<bool>().await.unwrap());

    let opened = app
        .call::<OpenIncident>(&superadmin, &[
            ("title", "Slow answer saves"),
            ("severity", "major"),
            ("status", "investigating"),
            ("components[]", "assessments"),
            ("scope", "some"),
            ("tenants", "acme"),
            ("message", "Saves take several seconds; nothing is lost."),
        ])
        .await;
    assert!(opened.status().is_success(), "{}", opened.text().await.unwrap());

    // Acme's staff see it; Globex's do not.
    let seen = banners(&app, &acme_recruiter).await;
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].title.as_str(), seen[0].severity.as_str(), seen[0].message.as_str()), ("Slow answer saves", "major", "Saves take several seconds; nothing is lost."));
    assert!(banners(&app, &globex_recruiter).await.is_empty());
    let (_, page) = app.page(&ivan, "/interviews").await;
    assert!(page.contains("Slow answer saves"), "the banner is rendered into the page");

    // A candidate of Acme sees it on the test page.
    let assessment: Uuid = sqlx::query_scalar("select a.id from assessments a join tenants t on t.id = a.tenant_id where t.slug = 'acme' limit 1").fetch_one(&app.superuser().await).await.unwrap();
    let invited = app.call::<InviteCandidates>(&acme_recruiter, &[("assessment_id", &assessment.to_string()), ("emails", "sam.candidate@example.com")]).await;
    assert!(invited.status().is_success());
    let token = app.mailed_token("sam.candidate@example.com").await;
    let landing: Landing = app.call::<AssessmentLanding>(&app.browser(), &[("token", &token)]).await.json().await.unwrap();
    assert_eq!(landing.notices.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(), ["Slow answer saves"]);

    // The public page shows it without naming the organization.
    let status: ServiceStatus = app.call::<PlatformStatus>(&app.browser(), &[]).await.json().await.unwrap();
    assert_eq!(status.current.len(), 1);
    assert!(status.current[0].tenants.is_empty() && !status.current[0].all_tenants);
    assert!(status.components.contains(&("Assessments".to_owned(), Some("major".to_owned()))));
    assert!(status.components.contains(&("Sign-in".to_owned(), None)));
    let (code, page) = app.page(&app.browser(), "/status").await;
    assert_eq!(code, 200);
    assert!(page.contains("Some systems are affected") && page.contains("Slow answer saves") && !page.contains("acme"));

    // Subscribers are emailed; others are not.
    app.run_jobs().await;
    assert_eq!(outbox_to(&app, "recruiter@acme.test", "Slow answer saves").await, 1);
    assert_eq!(outbox_to(&app, "admin@acme.test", "Slow answer saves").await, 1);
    assert_eq!(outbox_to(&app, "interviewer@acme.test", "Slow answer saves").await, 0);
    assert_eq!(outbox_to(&app, "admin@globex.test", "Slow answer saves").await, 0);

    // Updates move it along; each is emailed; once resolved, the banner goes and updates are refused.
    let incident: Incident = app.call::<ListIncidents>(&superadmin, &[]).await.json::<Vec<Incident>>().await.unwrap().remove(0);
    let id = incident.id.to_string();
    assert!(app.call::<PostIncidentUpdate>(&superadmin, &[("incident_id", &id), ("status", "identified"), ("message", "A slow disk; replacing it.")]).await.status().is_success());
    assert!(app.call::<PostIncidentUpdate>(&superadmin, &[("incident_id", &id), ("status", "resolved"), ("message", "Saves are fast again.")]).await.status().is_success());
    app.run_jobs().await;
    assert_eq!(outbox_to(&app, "admin@acme.test", "Slow answer saves").await, 3);
    assert!(banners(&app, &acme_recruiter).await.is_empty());
    let (code, error) = error_of(app.call::<PostIncidentUpdate>(&superadmin, &[("incident_id", &id), ("status", "monitoring"), ("message", "Still watching.")]).await).await;
    assert_eq!(code, 409);
    assert!(error.to_string().contains("resolved"));
    let status: ServiceStatus = app.call::<PlatformStatus>(&app.browser(), &[]).await.json().await.unwrap();
    assert!(status.current.is_empty());
    assert_eq!(status.past[0].updates.iter().map(|u| u.status.as_str()).collect::<Vec<_>>(), ["resolved", "identified", "investigating"]);
    assert_eq!(app.scalar_i64("select count(*) from incident_updates").await, 3, "the refused update stored nothing");
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action like 'incident.%'").await, 3);
}

#[tokio::test]
async fn a_draft_is_seen_by_nobody_until_published() {
    let app = without_incidents().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let admin = app.signed_in("admin@globex.test").await;
    let opened = app
        .call::<OpenIncident>(&superadmin, &[("title", "Mail delays"), ("severity", "minor"), ("components[]", "email"), ("message", "Some emails arrive late."), ("draft", "yes")])
        .await;
    assert!(opened.status().is_success());
    assert!(banners(&app, &admin).await.is_empty());
    assert!(app.call::<PlatformStatus>(&app.browser(), &[]).await.json::<ServiceStatus>().await.unwrap().current.is_empty());
    app.run_jobs().await;
    assert_eq!(outbox_to(&app, "admin@globex.test", "Mail delays").await, 0);
    let id = app.call::<ListIncidents>(&superadmin, &[]).await.json::<Vec<Incident>>().await.unwrap()[0].id.to_string();
    assert!(app.call::<PublishIncident>(&superadmin, &[("incident_id", &id)]).await.status().is_success());
    assert_eq!(banners(&app, &admin).await.len(), 1, "every organization is affected");
    app.run_jobs().await;
    assert_eq!(outbox_to(&app, "admin@globex.test", "Mail delays").await, 1);
    assert_eq!(error_of(app.call::<PublishIncident>(&superadmin, &[("incident_id", &id)]).await).await.0, 409);
}

#[tokio::test]
async fn bad_incident_input_is_refused_and_only_superadmins_may_open_one() {
    let app = without_incidents().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let base = [("title", "Outage"), ("severity", "critical"), ("message", "Down.")];
    for (change, field) in [
        (("title", ""), "title"),
        (("severity", "apocalyptic"), "severity"),
        (("message", "  "), "message"),
        (("status", "panicking"), "status"),
        (("components[]", "coffee_machine"), "components"),
        (("scope", "some"), "tenants"),
        (("tenants", "nowhere"), "tenants"),
    ] {
        let mut fields: Vec<(&str, &str)> = base.iter().filter(|(k, _)| *k != change.0).copied().collect();
        fields.push(change);
        if change.1 == "nowhere" {
            fields.push(("scope", "some"));
        }
        let (code, error) = error_of(app.call::<OpenIncident>(&superadmin, &fields).await).await;
        assert_eq!((code, error.field()), (400, Some(field)), "{change:?}: {error}");
    }
    assert_eq!(app.scalar_i64("select count(*) from incidents").await, 0);
    for email in ["admin@acme.test", "recruiter@acme.test"] {
        let client = app.signed_in(email).await;
        assert_eq!(error_of(app.call::<OpenIncident>(&client, &base).await).await.0, 403);
        assert_eq!(error_of(app.call::<ListIncidents>(&client, &[]).await).await.0, 403);
        assert_eq!(error_of(app.call::<PostIncidentUpdate>(&client, &[("incident_id", &Uuid::now_v7().to_string()), ("status", "resolved"), ("message", "x")]).await).await.0, 403);
        assert_eq!(error_of(app.call::<PublishIncident>(&client, &[("incident_id", &Uuid::now_v7().to_string())]).await).await.0, 403);
    }
    assert_eq!(error_of(app.call::<IncidentSubscription>(&superadmin, &[]).await).await.0, 403);
}
