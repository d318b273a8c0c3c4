//! Deleting a tenant: asked for with its slug typed again and a reason, suspended at once,
//! exported (every table of it, its members, its audit trail and its files, in a tar
//! archive only superadmins download), called off or removed after the waiting period, by a
//! clock the test sets; everything audited, other tenants untouched.

use crate::support;

use app::console::tenants::api::{CancelTenantDeletion, ScheduleTenantDeletion, SetTenantStatus, TenantDetail};
use app::console::tenants::archive;
use app::console::tenants::deletion;
use app::console::tenants::types::TenantOverview;
use app::platform::AppError;
use chrono::{Duration, Utc};
use support::{error_of, TestApp};
use uuid::Uuid;

async fn count(app: &TestApp, sql: &str, tenant: Uuid) -> i64 {
    sqlx::query_scalar(sql).bind(tenant).fetch_one(&app.superuser().await).await.unwrap()
}

#[tokio::test]
async fn a_tenant_is_exported_then_removed_after_the_waiting_period() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let db = app.superuser().await;
    let acme: Uuid = sqlx::query_scalar("select id from tenants where slug = 'acme'").fetch_one(&db).await.unwrap();
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&db).await.unwrap();
    // A stored file of Acme's.
    let résumé = b"%PDF-1.4 Ada's CV".to_vec();
    let key = app.platform.storage.put(résumé.clone()).await.unwrap();
    let file_id = Uuid::now_v7();
    sqlx::query("insert into stored_files (id, tenant_id, storage_key, file_name, content_type, size_bytes, sha256) values ($1, $2, $3, 'ada-cv.pdf', 'application/pdf', $4, '\\x00')")
        .bind(file_id)
        .bind(acme)
        .bind(&key)
        .bind(résumé.len() as i64)
        .execute(&db)
        .await
        .unwrap();
    let schedule = |confirm: &'static str, reason: &'static str| {
        let acme = acme.to_string();
        let client = superadmin.clone();
        let app = &app;
        async move { app.call::<ScheduleTenantDeletion>(&client, &[("tenant_id", acme.as_str()), ("confirm", confirm), ("reason", reason)]).await }
    };

    // Refused: no reason, the wrong slug, anyone but a superadmin. Nothing stored.
    let (status, error) = error_of(schedule("acme", "").await).await;
    assert_eq!((status, error.field()), (400, Some("reason")));
    let (status, error) = error_of(schedule("globex", "Closing down").await).await;
    assert_eq!((status, error.field()), (400, Some("confirm")));
    assert!(error.to_string().contains("Type acme"));
    let admin = app.signed_in("admin@acme.test").await;
    let (status, error) = error_of(app.call::<ScheduleTenantDeletion>(&admin, &[("tenant_id", &acme.to_string()), ("confirm", "acme"), ("reason", "x")]).await).await;
    assert_eq!((status, error), (403, AppError::Forbidden));
    assert_eq!(app.scalar_i64("select count(*) from tenant_deletions").await, 0);

    // Asked for: suspended at once, the export queued.
    let response = schedule("acme", "The customer closed their account").await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    assert!(response.text().await.unwrap().contains("in 30 days"));
    assert_eq!(count(&app, "select count(*) from tenants where id = $1 and status = 'suspended'", acme).await, 1);
    let (status, _) = error_of(schedule("acme", "again").await).await;
    assert_eq!(status, 409);
    let (status, error) = error_of(app.call::<SetTenantStatus>(&superadmin, &[("tenant_id", &acme.to_string()), ("status", "active")]).await).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(app.page(&superadmin, &format!("/console/tenants/{acme}/export.tar")).await.0, 404, "not made yet");

    // The export: every table with Acme's rows and nobody else's, members without secrets, the file.
    app.run_jobs().await;
    let detail: TenantOverview = app.call::<TenantDetail>(&superadmin, &[("tenant_id", &acme.to_string())]).await.json().await.unwrap();
    let waiting = detail.deletion.expect("the deletion shows on the tenant page");
    assert!(waiting.exported_at.is_some() && waiting.export_bytes.unwrap() > 0);
    assert_eq!((waiting.due_at - waiting.requested_at).num_days(), 30);
    assert_eq!(app.page(&admin, &format!("/console/tenants/{acme}/export.tar")).await.0, 403);
    let response = superadmin.get(format!("{}/console/tenants/{acme}/export.tar", app.url)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("acme-export-"));
    let bytes = response.bytes().await.unwrap();
    let entries = archive::entries(&bytes);
    let entry = |name: &str| -> serde_json::Value {
        let (_, data) = entries.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} in the archive"));
        serde_json::from_slice(data).unwrap()
    };
    let candidates = entry("tables/candidates.json");
    let rows = candidates.as_array().unwrap();
    assert_eq!(rows.len() as i64, count(&app, "select count(*) from candidates where tenant_id = $1", acme).await);
    assert!(!rows.is_empty() && rows.iter().all(|r| r["tenant_id"] == acme.to_string()));
    for table in ["requisitions", "applications", "assessments", "interviews", "stored_files", "memberships"] {
        let rows = entry(&format!("tables/{table}.json"));
        assert_eq!(rows.as_array().unwrap().len() as i64, count(&app, &format!("select count(*) from {table} where tenant_id = $1"), acme).await, "{table}");
    }
    assert!(!entries.iter().any(|(name, _)| name == "tables/sessions.json"));
    let members = entry("members.json").to_string();
    assert!(members.contains("admin@acme.test") && !members.contains("argon2") && !members.contains("globex"));
    assert!(entry("audit_log.json").as_array().unwrap().iter().any(|e| e["action"] == "tenant.deletion_scheduled"));
    let (_, file) = entries.iter().find(|(name, _)| name == &format!("files/{file_id}-ada-cv.pdf")).expect("the stored file");
    assert_eq!(file, &résumé);
    let listed = entry("manifest.json")["files"].as_array().unwrap().len() as i64;
    assert_eq!(listed, count(&app, "select count(*) from stored_files where tenant_id = $1", acme).await);
    assert_eq!(entries.iter().filter(|(name, _)| name.starts_with("files/")).count() as i64, listed, "every stored file is in it");

    // Not yet: the waiting period runs for 30 days.
    assert_eq!(deletion::remove_due(&app.platform, Utc::now() + Duration::days(29)).await.unwrap(), 0);
    assert_eq!(count(&app, "select count(*) from tenants where id = $1", acme).await, 1);

    // 31 days on: gone, with everything of it, its file and its archive; Globex untouched.
    let globex_before = count(&app, "select count(*) from memberships where tenant_id = $1", globex).await;
    assert_eq!(deletion::remove_due(&app.platform, Utc::now() + Duration::days(31)).await.unwrap(), 1);
    for table in ["tenants where id", "candidates where tenant_id", "memberships where tenant_id", "stored_files where tenant_id", "audit_log where action <> 'tenant.delete' and tenant_id"] {
        let left = count(&app, &format!("select count(*) from {table} = $1"), acme).await;
        assert!(table.starts_with("audit_log") || left == 0, "{table}: {left}");
    }
    assert_eq!(app.platform.storage.get(&key).await, Err(AppError::NotFound), "its file is gone");
    assert_eq!(count(&app, "select count(*) from memberships where tenant_id = $1", globex).await, globex_before);
    assert_eq!(count(&app, "select count(*) from tenant_deletions where tenant_id = $1 and removed_at is not null and export_key is null", acme).await, 1);
    let actions: Vec<String> = sqlx::query_scalar("select action from audit_log where tenant_id = $1 and action like 'tenant.%' order by id").bind(acme).fetch_all(&db).await.unwrap();
    assert_eq!(actions, ["tenant.deletion_scheduled", "tenant.export", "tenant.export_download", "tenant.delete"]);
    let mut conn = app.platform.db.write().acquire().await.unwrap();
    assert!(app::platform::audit::verify(&mut conn).await.unwrap().is_ok(), "the audit chain is whole");
}

#[tokio::test]
async fn a_deletion_can_be_called_off_before_its_day() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let acme: Uuid = sqlx::query_scalar("select id from tenants where slug = 'acme'").fetch_one(&app.superuser().await).await.unwrap();
    let id = acme.to_string();
    let response = app.call::<ScheduleTenantDeletion>(&superadmin, &[("tenant_id", &id), ("confirm", "acme"), ("reason", "Asked by mistake")]).await;
    assert!(response.status().is_success());
    app.run_jobs().await;
    // Acme's own people are kept out by the suspension; another tenant's are refused.
    let other = app.signed_in("recruiter@globex.test").await;
    let (status, error) = error_of(app.call::<CancelTenantDeletion>(&other, &[("tenant_id", &id)]).await).await;
    assert_eq!((status, error), (403, AppError::Forbidden));
    let response = app.call::<CancelTenantDeletion>(&superadmin, &[("tenant_id", &id)]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    assert_eq!(app.scalar_i64("select count(*) from tenant_deletions").await, 0);
    assert_eq!(deletion::remove_due(&app.platform, Utc::now() + Duration::days(60)).await.unwrap(), 0);
    let (status, _) = error_of(app.call::<CancelTenantDeletion>(&superadmin, &[("tenant_id", &id)]).await).await;
    assert_eq!(status, 409);
    let response = app.call::<SetTenantStatus>(&superadmin, &[("tenant_id", &id), ("status", "active")]).await;
    assert!(response.status().is_success(), "reactivated once the deletion is off");
    assert_eq!(app.page(&app.signed_in("recruiter@acme.test").await, "/jobs").await.0, 200);
}
