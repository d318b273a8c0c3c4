//! The audit log's page: filters, pages, export, the chain's verification, and who sees what.

use crate::support;

use app::console::audit::api::*;
use app::console::audit::types::AuditPage;
use app::console::tenants::api::SetTenantStatus;
use serde_json::json;
use support::{error_of, TestApp};

/// The filters as the page's form would send them.
fn form(filters: &serde_json::Value) -> Vec<(String, String)> {
    filters.as_object().unwrap().iter().map(|(k, v)| (format!("filters[{k}]"), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect()
}

async fn call(app: &TestApp, client: &reqwest::Client, filters: serde_json::Value) -> reqwest::Response {
    let fields = form(&filters);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call::<AuditLog>(client, &fields).await
}

async fn page(app: &TestApp, client: &reqwest::Client, filters: serde_json::Value) -> AuditPage {
    let response = call(app, client, filters).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

#[tokio::test]
async fn filters_pages_export_and_verification() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let globex: uuid::Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    for (status, reason) in [("suspended", "Test"), ("active", ""), ("suspended", "Again"), ("active", "")] {
        let r = app.call::<SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", status), ("reason", reason)]).await;
        assert!(r.status().is_success());
    }
    let all = page(&app, &superadmin, json!({})).await;
    assert!(all.everyone);
    let total = app.scalar_i64("select count(*) from audit_log").await;
    assert_eq!(all.entries.len() as i64, total.min(50));
    assert!(all.entries.windows(2).all(|w| w[0].id > w[1].id), "newest first");

    let by_tenant = page(&app, &superadmin, json!({ "tenant": "globex", "action": "tenant." })).await;
    assert_eq!(by_tenant.entries.len(), 4);
    assert!(by_tenant.entries.iter().all(|e| e.tenant.as_deref() == Some("globex") && e.action == "tenant.set_status"));
    assert_eq!(by_tenant.entries[3].details["reason"], "Test");
    let by_actor = page(&app, &superadmin, json!({ "actor": "superadmin@", "target": format!("tenant:{globex}") })).await;
    assert_eq!(by_actor.entries.len(), 4);
    let none_today = page(&app, &superadmin, json!({ "tenant": "globex", "from": "2020-01-01", "to": "2020-12-31" })).await;
    assert!(none_today.entries.is_empty());

    // Pages continue from the last entry shown.
    if total > 50 {
        let next = page(&app, &superadmin, json!({ "before": all.next.unwrap() })).await;
        let expected: i64 = sqlx::query_scalar("select max(id) from audit_log where id < $1").bind(all.entries[49].id).fetch_one(&app.superuser().await).await.unwrap();
        assert_eq!(next.entries[0].id, expected, "the next page starts right after the last entry shown");
    }

    // The export holds the same entries.
    let csv = superadmin.get(format!("{}/audit/export.csv?tenant=globex&action=tenant.", app.url)).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.lines().nth(4).unwrap().contains("tenant.set_status") && text.contains("\"{\"\"reason\"\":\"\"Test\"\""));

    // Bad filters get a message.
    let (status, error) = error_of(call(&app, &superadmin, json!({ "from": "yesterday" })).await).await;
    assert_eq!((status, error.field()), (400, Some("from")));
    let (status, error) = error_of(call(&app, &superadmin, json!({ "tenant": "nowhere" })).await).await;
    assert_eq!((status, error.field()), (400, Some("tenant")));

    // Verification: intact, then broken where an entry was altered.
    let verified: String = app.call::<VerifyAuditChain>(&superadmin, &[]).await.json().await.unwrap();
    assert_eq!(verified, format!("The chain holds: all {total} entries verified."));
    let tampered: i64 = sqlx::query_scalar("update audit_log set details = '{\"reason\": \"nothing\"}' where id = (select min(id) from audit_log where action = 'tenant.set_status') returning id")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let broken: String = app.call::<VerifyAuditChain>(&superadmin, &[]).await.json().await.unwrap();
    assert!(broken.starts_with(&format!("The chain is broken at entry {tampered}")), "{broken}");
}

#[tokio::test]
async fn a_tenant_admin_sees_only_their_organization_and_others_nothing() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let globex: uuid::Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    app.call::<SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", "suspended"), ("reason", "Test")]).await;
    app.call::<SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", "active")]).await;
    let admin = app.signed_in("admin@acme.test").await;
    let own = page(&app, &admin, json!({ "tenant": "globex" })).await;
    assert!(!own.everyone);
    assert!(!own.entries.is_empty());
    assert!(own.entries.iter().all(|e| e.tenant.as_deref() == Some("acme")), "the tenant filter cannot widen an admin's view");
    let acme_entries = app.scalar_i64("select count(*) from audit_log a join tenants t on t.id = a.tenant_id where t.slug = 'acme'").await;
    let csv = admin.get(format!("{}/audit/export.csv?tenant=globex", app.url)).send().await.unwrap().text().await.unwrap();
    assert_eq!(csv.lines().count() as i64, acme_entries.min(100_000) + 1);
    assert!(!csv.contains("globex"));
    let verified: String = app.call::<VerifyAuditChain>(&admin, &[]).await.json().await.unwrap();
    assert!(verified.starts_with("The chain holds"));
    for email in ["recruiter@acme.test", "interviewer@acme.test", "candidate@acme.test"] {
        let client = app.signed_in(email).await;
        assert_eq!(error_of(call(&app, &client, json!({})).await).await.0, 403);
        assert_eq!(error_of(app.call::<VerifyAuditChain>(&client, &[]).await).await.0, 403);
        assert_eq!(client.get(format!("{}/audit/export.csv", app.url)).send().await.unwrap().status().as_u16(), 403);
    }
    assert_eq!(app.browser().get(format!("{}/audit/export.csv", app.url)).send().await.unwrap().status().as_u16(), 401);
}
