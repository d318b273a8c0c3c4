//! Notifications on the server: from a move to the follower's bell and inbox; preferences; the
//! daily digest; delivery through the queue when the mail server is down; the live channel;
//! templates a tenant rewords; and who may read or change what.

use crate::support;

use app::notifications::api::*;
use app::notifications::types::*;
use app::platform::mail::{Mailer, SmtpSettings, SmtpTls};
use app::recruiting::pipeline::api::{FollowApplication, MoveApplication};
use support::{error_of, TestApp};
use uuid::Uuid;

/// An application to a requisition of Rita's that Ada (the admin) follows, and its stages.
async fn followed_application(app: &TestApp) -> (Uuid, Vec<Uuid>) {
    let db = app.superuser().await;
    let (id, requisition_id): (Uuid, Uuid) = sqlx::query_as(
        "select a.id, a.requisition_id from applications a join requisitions r on r.id = a.requisition_id
         where a.status = 'active' and r.recruiter_id = (select id from users where email = 'recruiter@acme.test')
           and r.hiring_manager_id = (select id from users where email = 'recruiter@acme.test')
           and not exists (select 1 from requisition_team t where t.requisition_id = r.id)
         order by a.created_at limit 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let stages: Vec<Uuid> = sqlx::query_scalar("select id from requisition_stages where requisition_id = $1 order by position").bind(requisition_id).fetch_all(&db).await.unwrap();
    let admin = app.signed_in("admin@acme.test").await;
    assert!(app.call::<FollowApplication>(&admin, &[("application_id", &id.to_string()), ("follow", "true")]).await.status().is_success());
    (id, stages)
}

/// Moves the application on to the next stage not its own, as Rita.
async fn move_on(app: &TestApp, id: Uuid, stages: &[Uuid]) {
    let (stage, version): (Uuid, i32) = sqlx::query_as("select stage_id, version from applications where id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap();
    let to = stages.iter().find(|s| **s != stage).unwrap();
    let rita = app.signed_in("recruiter@acme.test").await;
    let response = app.call::<MoveApplication>(&rita, &[("application_id", &id.to_string()), ("version", &version.to_string()), ("stage_id", &to.to_string())]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
}

async fn ada_count(app: &TestApp, table: &str, extra: &str) -> i64 {
    app.scalar_i64(&format!("select count(*) from {table} where user_id = (select id from users where email = 'admin@acme.test') {extra}")).await
}

#[tokio::test]
async fn a_move_reaches_the_followers_inbox_and_mailbox() {
    let app = TestApp::spawn().await;
    sqlx::query("delete from notifications").execute(&app.superuser().await).await.unwrap();
    sqlx::query("delete from notification_deliveries").execute(&app.superuser().await).await.unwrap();
    let (id, stages) = followed_application(&app).await;
    move_on(&app, id, &stages).await;
    let admin = app.signed_in("admin@acme.test").await;
    let inbox: Inbox = app.call::<NotificationList>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(inbox.unread, 1);
    assert_eq!(inbox.items[0].kind, NotificationKind::StageChanged);
    assert_eq!(inbox.items[0].link, format!("/applications/{id}"));
    assert!(inbox.items[0].title.contains('→'), "{}", inbox.items[0].title);
    assert_eq!(ada_count(&app, "notifications", "").await, 1);
    // Rita moved it: she is not told of her own move.
    assert_eq!(app.scalar_i64("select count(*) from notifications where user_id = (select id from users where email = 'recruiter@acme.test')").await, 0);

    assert_eq!(ada_count(&app, "notification_deliveries", "and status = 'pending'").await, 1);
    app.run_jobs().await;
    assert_eq!(ada_count(&app, "notification_deliveries", "and status = 'sent' and attempts = 1").await, 1);
    let (subject, body, html): (String, String, Option<String>) =
        sqlx::query_as("select subject, body, html_body from outbox where to_address = 'admin@acme.test' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(subject, inbox.items[0].title);
    assert!(body.contains(&format!("{}/applications/{id}", app.url)), "{body}");
    // Escaped as HTML (minijinja writes / as &#x2f;), the link is the same address.
    let html = html.unwrap().replace("&#x2f;", "/");
    assert!(html.contains(&format!("href=\"{}/applications/{id}\"", app.url)), "{html}");

    // Marked read one by one, or all at once.
    let unread: i64 = app.call::<UnreadNotifications>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(unread, 1);
    assert!(app.call::<MarkNotificationRead>(&admin, &[("id", &inbox.items[0].id.to_string())]).await.status().is_success());
    let unread: i64 = app.call::<UnreadNotifications>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(unread, 0);
    move_on(&app, id, &stages).await;
    let marked: u64 = app.call::<MarkAllNotificationsRead>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(marked, 1);
    let inbox: Inbox = app.call::<NotificationList>(&admin, &[("unread", "true")]).await.json().await.unwrap();
    assert!(inbox.items.is_empty());
}

#[tokio::test]
async fn preferences_decide_the_channels_and_the_digest_gathers_a_day() {
    let app = TestApp::spawn().await;
    sqlx::query("delete from notifications").execute(&app.superuser().await).await.unwrap();
    sqlx::query("delete from notification_deliveries").execute(&app.superuser().await).await.unwrap();
    let (id, stages) = followed_application(&app).await;
    let admin = app.signed_in("admin@acme.test").await;
    // Stage changes: not in the app, by email in the digest.
    let in_app: Vec<(&str, &str)> = NotificationKind::ALL.iter().filter(|k| **k != NotificationKind::StageChanged).map(|k| ("in_app[]", k.as_str())).collect();
    let mut form = in_app.clone();
    form.push(("email[]", "stage_changed:digest"));
    assert!(app.call::<SaveNotificationPreferences>(&admin, &form).await.status().is_success());
    let saved: Vec<Preference> = app.call::<NotificationPreferences>(&admin, &[]).await.json().await.unwrap();
    let stage = saved.iter().find(|p| p.kind == NotificationKind::StageChanged).unwrap();
    assert_eq!((stage.in_app, stage.email), (false, EmailChoice::Digest));
    let (status, error) = error_of(app.call::<SaveNotificationPreferences>(&admin, &[("email[]", "stage_changed:hourly")]).await).await;
    assert_eq!((status, error.field()), (400, Some("email")));

    move_on(&app, id, &stages).await;
    move_on(&app, id, &stages).await;
    assert_eq!(ada_count(&app, "notifications", "").await, 0, "not in the app");
    assert_eq!(ada_count(&app, "notification_deliveries", "and channel = 'digest' and status = 'pending'").await, 2);
    assert_eq!(app.run_jobs().await, 0, "nothing sent one at a time");
    let sent = app::notifications::delivery::send_digests(&app.platform).await.unwrap();
    assert_eq!(sent, 1);
    let (subject, body): (String, String) = sqlx::query_as("select subject, body from outbox where to_address = 'admin@acme.test' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(subject, "Your Hirevoo digest: 2 notifications");
    assert_eq!(body.matches(&format!("/applications/{id}")).count(), 2, "{body}");
    assert_eq!(ada_count(&app, "notification_deliveries", "and status = 'sent'").await, 2);
    assert_eq!(app::notifications::delivery::send_digests(&app.platform).await.unwrap(), 0, "each goes out once");

    // Email off: nothing is delivered.
    let mut form = in_app;
    form.push(("email[]", "stage_changed:off"));
    assert!(app.call::<SaveNotificationPreferences>(&admin, &form).await.status().is_success());
    move_on(&app, id, &stages).await;
    assert_eq!(ada_count(&app, "notification_deliveries", "").await, 2);
}

#[tokio::test]
async fn a_mail_server_that_is_down_delays_deliveries_and_loses_none() {
    let app = TestApp::spawn().await;
    let (id, stages) = followed_application(&app).await;
    move_on(&app, id, &stages).await;
    // Nothing listens on this port: every attempt fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut down = app.platform.clone();
    down.mailer = Mailer::smtp(&SmtpSettings { host: "127.0.0.1".into(), port: Some(port), tls: SmtpTls::None, username: None, password: None, from: "Hirevoo <hello@hirevoo.test>".into() }).unwrap();
    let run_with = |platform: app::platform::context::Platform| async move {
        let pool = platform.db.write().clone();
        app::platform::queue::drain(&pool, move |job| {
            let platform = platform.clone();
            async move { server::background::dispatch(&platform, &job).await }
        })
        .await
    };
    for attempt in 1..=3 {
        sqlx::query("update background_jobs set run_at = now() where kind = 'notifications.deliver'").execute(&app.superuser().await).await.unwrap();
        run_with(down.clone()).await;
        let (status, attempts, error): (String, i32, Option<String>) = sqlx::query_as(
            "select status, attempts, last_error from notification_deliveries where user_id = (select id from users where email = 'admin@acme.test') order by created_at desc limit 1",
        )
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
        assert_eq!((status.as_str(), attempts), ("pending", attempt));
        assert!(error.is_some());
        let (job_attempts, waits): (i32, bool) = sqlx::query_as("select attempts, run_at > now() from background_jobs where kind = 'notifications.deliver'").fetch_one(&app.superuser().await).await.unwrap();
        assert_eq!((job_attempts, waits), (attempt, true), "the queue tries again later");
    }
    // The server is back: the same delivery goes out, once.
    sqlx::query("update background_jobs set run_at = now() where kind = 'notifications.deliver'").execute(&app.superuser().await).await.unwrap();
    run_with(app.platform.clone()).await;
    assert_eq!(ada_count(&app, "notification_deliveries", "and status = 'sent' and attempts = 4").await, 1);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs").await, 0);
}

/// A mail server on a loopback port that offers no STARTTLS; counts the messages it takes.
async fn plain_mail_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.ok();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            counter.fetch_add(1, Ordering::SeqCst);
                            write.write_all(b"250 queued\r\n").await.ok();
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok();
                    if verb == "QUIT" {
                        break;
                    }
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn mail_leaves_through_the_queue_and_never_unencrypted_unless_configured_so() {
    use std::sync::atomic::Ordering;
    let app = TestApp::spawn().await;
    let (port, received) = plain_mail_server().await;
    let with_tls = |tls| {
        let mut platform = app.platform.clone();
        platform.mailer = Mailer::smtp(&SmtpSettings { host: "127.0.0.1".into(), port: Some(port), tls, username: None, password: None, from: "Hirevoo <hello@hirevoo.test>".into() }).unwrap();
        platform
    };
    let run_with = |platform: app::platform::context::Platform| async move {
        let mut tx = app::platform::queue::platform_tx(platform.db.write()).await.unwrap();
        sqlx::query("update background_jobs set run_at = now() where kind = 'mail.send'").execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        let pool = platform.db.write().clone();
        app::platform::queue::drain(&pool, move |job| {
            let platform = platform.clone();
            async move { server::background::dispatch(&platform, &job).await }
        })
        .await
    };
    let required = with_tls(app::platform::mail::SmtpTls::StartTls);
    let mut tx = required.db.write().begin().await.unwrap();
    let mail = app::platform::mail::Mail { to: "ada@example.com".into(), subject: "Hello".into(), body: "A link: /reset-password?token=secret".into(), ..Default::default() };
    required.mailer.send(&mut tx, mail).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(received.load(Ordering::SeqCst), 0, "the request does not wait for the mail server");
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'mail.send' and status = 'queued'").await, 1);

    // The server offers no STARTTLS: nothing is sent in the clear, the mail waits.
    run_with(required).await;
    assert_eq!(received.load(Ordering::SeqCst), 0);
    assert_eq!(app.scalar_i64("select count(*) from outbox").await, 1);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'mail.send' and status = 'queued' and attempts = 1").await, 1);

    // Configured for a relay without encryption: it goes, once, and leaves nothing behind.
    run_with(with_tls(app::platform::mail::SmtpTls::None)).await;
    assert_eq!(received.load(Ordering::SeqCst), 1);
    assert_eq!(app.scalar_i64("select count(*) from outbox").await, 0, "no live link stays in the database");
}

#[tokio::test]
async fn a_new_notification_reaches_its_person_live_and_nobody_else() {
    let app = TestApp::spawn().await;
    let (id, stages) = followed_application(&app).await;
    let admin = app.signed_in("admin@acme.test").await;
    let interviewer = app.signed_in("interviewer@acme.test").await;
    let mut admin_events = admin.get(format!("{}/events", app.url)).send().await.unwrap();
    let mut interviewer_events = interviewer.get(format!("{}/events", app.url)).send().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    move_on(&app, id, &stages).await;
    let mut kinds = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut text = String::new();
    while !kinds.contains(&"notification".to_owned()) {
        let chunk = tokio::time::timeout_at(deadline, admin_events.chunk()).await.expect("events within seconds").unwrap().unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
        kinds = text.lines().filter_map(|l| l.strip_prefix("data:")).filter_map(|d| serde_json::from_str::<serde_json::Value>(d.trim()).ok()).map(|v| v["kind"].as_str().unwrap().to_owned()).collect();
    }
    let newest: Uuid = sqlx::query_scalar("select id from notifications order by created_at desc, id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert!(text.contains(&newest.to_string()));
    // The interviewer hears neither the pipeline's change nor Ada's notification.
    let heard = tokio::time::timeout(std::time::Duration::from_secs(1), interviewer_events.chunk()).await;
    assert!(heard.is_err(), "the interviewer heard {heard:?}");
}

#[tokio::test]
async fn tenant_admins_reword_templates_that_must_render() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let form = |subject: &'static str, html: &'static str| {
        [("kind", "stage_changed"), ("subject", subject), ("text_body", "{{ candidate_name }} is now in {{ to_stage }}. {{ url }}"), ("html_body", html)]
    };
    let (status, _) = error_of(app.call::<SaveNotificationTemplate>(&rita, &form("Moved: {{ candidate_name }}", "<p>{{ candidate_name }}</p>")).await).await;
    assert_eq!(status, 403);
    let (status, error) = error_of(app.call::<SaveNotificationTemplate>(&admin, &form("Moved: {{ candidate_name }}", "<p>{% if %}</p>")).await).await;
    assert_eq!((status, error.field()), (400, Some("html_body")));
    assert!(error.to_string().contains("cannot be used"), "{error}");
    let response = app.call::<SaveNotificationTemplate>(&admin, &form("Moved: {{ candidate_name }}", "<p>{{ candidate_name }} moved</p>")).await;
    assert!(response.status().is_success());
    let (subject, _, html): (String, String, String) = response.json().await.unwrap();
    assert_eq!(subject, "Moved: [candidate_name]");
    assert_eq!(html, "<p>[candidate_name] moved</p>");
    let templates: Vec<Template> = app.call::<NotificationTemplates>(&admin, &[]).await.json().await.unwrap();
    assert!(templates.iter().find(|t| t.kind == NotificationKind::StageChanged).unwrap().customized);

    // The next stage change reads the tenant's words.
    sqlx::query("delete from notifications").execute(&app.superuser().await).await.unwrap();
    sqlx::query("delete from notification_deliveries").execute(&app.superuser().await).await.unwrap();
    let (id, stages) = followed_application(&app).await;
    move_on(&app, id, &stages).await;
    let title: String = sqlx::query_scalar("select title from notifications limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert!(title.starts_with("Moved: "), "{title}");
    assert!(app.call::<ResetNotificationTemplate>(&admin, &[("kind", "stage_changed")]).await.status().is_success());
    let templates: Vec<Template> = app.call::<NotificationTemplates>(&admin, &[]).await.json().await.unwrap();
    assert!(!templates.iter().any(|t| t.customized));
}

#[tokio::test]
async fn each_person_reads_and_marks_only_their_own() {
    let app = TestApp::spawn().await;
    let (id, stages) = followed_application(&app).await;
    move_on(&app, id, &stages).await;
    let theirs: Uuid = sqlx::query_scalar("select id from notifications where user_id = (select id from users where email = 'admin@acme.test') limit 1")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let rita = app.signed_in("recruiter@acme.test").await;
    let globex = app.signed_in("admin@globex.test").await;
    for client in [&rita, &globex] {
        let (status, _) = error_of(app.call::<MarkNotificationRead>(client, &[("id", &theirs.to_string())]).await).await;
        assert_eq!(status, 404);
        let inbox: Inbox = app.call::<NotificationList>(client, &[]).await.json().await.unwrap();
        assert!(inbox.items.iter().all(|n| n.id != theirs));
    }
    let anonymous = app.browser();
    let candidate = app.signed_in("candidate@acme.test").await;
    for (client, expected) in [(&anonymous, 401), (&candidate, 403)] {
        assert_eq!(app.call::<NotificationList>(client, &[]).await.status().as_u16(), expected);
        assert_eq!(app.call::<UnreadNotifications>(client, &[]).await.status().as_u16(), expected);
        assert_eq!(app.call::<MarkAllNotificationsRead>(client, &[]).await.status().as_u16(), expected);
        assert_eq!(app.call::<NotificationPreferences>(client, &[]).await.status().as_u16(), expected);
        assert_eq!(app.call::<NotificationTemplates>(client, &[]).await.status().as_u16(), expected);
    }
    // Interviewers have an inbox too; templates are for admins.
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(app.call::<NotificationList>(&interviewer, &[]).await.status().as_u16(), 200);
    assert_eq!(app.call::<NotificationTemplates>(&interviewer, &[]).await.status().as_u16(), 403);
    let (status, error) = error_of(app.call::<NotificationList>(&rita, &[("kind", "nonsense")]).await).await;
    assert_eq!((status, error.field()), (400, Some("kind")));
    assert_eq!(app.scalar_i64(&format!("select count(*) from notifications where id = '{theirs}' and read_at is null")).await, 1);
}

#[tokio::test]
async fn a_live_stream_ends_when_its_session_does() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let mut events = admin.get(format!("{}/events", app.url)).send().await.unwrap();
    assert_eq!(events.status(), 200);
    // Signed out everywhere by someone else: the open stream is not told, but stops at its next check.
    sqlx::query("update sessions set revoked_at = now()").execute(&app.superuser().await).await.unwrap();
    let started = std::time::Instant::now();
    let ended = tokio::time::timeout(app::platform::live::SESSION_CHECK + std::time::Duration::from_secs(10), async {
        // Keep-alive comments arrive meanwhile; the end of the body is what counts.
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the stream still open after {:?}", started.elapsed());
}
