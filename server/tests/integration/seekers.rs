//! Job seekers over real HTTP on a real database: signing up from the mailbox, what a seeker
//! keeps of the board (saved and hidden jobs, views, searches), that no one else reads it, and
//! saved searches' alerts, which never send a job twice.

use crate::careers::{job, tenant, Job};
use crate::support::{error_of, TestApp, PASSWORD};
use app::seekers::api::*;
use reqwest::Client;
use uuid::Uuid;

/// Signs a seeker up and confirms the address from the mailed link; returns their signed-in browser.
pub(crate) async fn seeker(app: &TestApp, email: &str) -> Client {
    let client = app.browser();
    let response = app.call::<SignUp>(&client, &[("display_name", "Sam Seeker"), ("email", email), ("password", PASSWORD), ("confirm", PASSWORD)]).await;
    assert_eq!(response.status().as_u16(), 200);
    let token = app.mailed_token(email).await;
    let response = app.call::<ConfirmSignUp>(&client, &[("token", &token), ("password", PASSWORD)]).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
    client
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.scalar_i64(sql).await
}

#[tokio::test]
async fn signing_up_makes_the_account_only_when_the_mailbox_confirms_it() {
    let app = TestApp::spawn().await;
    let visitor = app.browser();
    let sign_up = |email: &'static str, password: &'static str, confirm: &'static str| {
        let (app, visitor) = (&app, &visitor);
        async move { app.call::<SignUp>(visitor, &[("display_name", "Ada Seeker"), ("email", email), ("password", password), ("confirm", confirm)]).await }
    };
    // Bad input, field by field: nothing stored, nothing mailed.
    let outbox = count(&app, "select count(*) from outbox").await;
    for (email, password, confirm, field) in [
        ("not an email", PASSWORD, PASSWORD, "email"),
        ("ada@example.com", "short", "short", "password"),
        ("ada@example.com", PASSWORD, "something else entirely", "confirm"),
    ] {
        let (status, error) = error_of(sign_up(email, password, confirm).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{email} {password}");
    }
    let (status, error) = error_of(app.call::<SignUp>(&visitor, &[("display_name", ""), ("email", "ada@example.com"), ("password", PASSWORD), ("confirm", PASSWORD)]).await).await;
    assert_eq!((status, error.field()), (400, Some("display_name")));
    assert_eq!(count(&app, "select count(*) from outbox").await, outbox);
    assert_eq!(count(&app, "select count(*) from seeker_sign_ups").await, 0);

    // A new address: a link, no account yet.
    let answer: String = sign_up("ada@example.com", PASSWORD, PASSWORD).await.json().await.unwrap();
    assert!(answer.starts_with("Check your email"));
    assert_eq!(count(&app, "select count(*) from users where email = 'ada@example.com'").await, 0);
    let token = app.mailed_token("ada@example.com").await;

    // A known address: the same answer; its owner is told by mail, and no sign-up waits.
    let known: String = sign_up("recruiter@acme.test", PASSWORD, PASSWORD).await.json().await.unwrap();
    assert_eq!(known, answer);
    let body: String = sqlx::query_scalar("select body from outbox where to_address = 'recruiter@acme.test' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert!(body.contains("already has an account") && !body.contains("token="));
    assert_eq!(count(&app, "select count(*) from seeker_sign_ups").await, 1);

    // The link needs the password chosen: someone else's sign-up mailed to you is useless to them.
    let (status, error) = error_of(app.call::<ConfirmSignUp>(&visitor, &[("token", &token), ("password", "not the password at all")]).await).await;
    assert_eq!((status, error.field()), (400, Some("password")));
    let (status, _) = error_of(app.call::<ConfirmSignUp>(&visitor, &[("token", "f".repeat(64).as_str()), ("password", PASSWORD)]).await).await;
    assert_eq!(status, 400);
    let response = app.call::<ConfirmSignUp>(&visitor, &[("token", &token), ("password", PASSWORD)]).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(count(&app, "select count(*) from seekers s join users u on u.id = s.user_id where u.email = 'ada@example.com'").await, 1);
    let (status, html) = app.page(&visitor, "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Your job search") && html.contains("Find jobs on the board"), "the seeker's home");
    // Used once.
    let (status, _) = error_of(app.call::<ConfirmSignUp>(&app.browser(), &[("token", &token), ("password", PASSWORD)]).await).await;
    assert_eq!(status, 400);

    // Signing in later lands on the seeker's side, with no tenant.
    let again = app.signed_in("ada@example.com").await;
    let (_, html) = app.page(&again, "/").await;
    assert!(html.contains("Your job search"));
    let role: String = sqlx::query_scalar("select role from sessions s join users u on u.id = s.user_id where u.email = 'ada@example.com' order by s.created_at desc limit 1")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(role, "seeker");
    assert_eq!(count(&app, "select count(*) from sessions s join users u on u.id = s.user_id where u.email = 'ada@example.com' and s.tenant_id is not null").await, 0);
}

#[tokio::test]
async fn a_seeker_saves_hides_and_views_jobs_and_no_one_else_sees_it() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let kept = job(&app, initech, Job { title: "Otter Keeper", ..Job::default() }).await;
    let hidden = job(&app, initech, Job { title: "Otter Groomer", ..Job::default() }).await;
    let draft = job(&app, initech, Job { title: "Otter Draft", status: "draft", ..Job::default() }).await;
    let sam = seeker(&app, "sam@example.com").await;
    let save = |client: &Client, id: Uuid, saved: bool| {
        let (app, client) = (&app, client.clone());
        async move { app.call::<SaveJob>(&client, &[("job_id", &id.to_string()), ("saved", &saved.to_string())]).await }
    };
    assert_eq!(save(&sam, kept, true).await.status().as_u16(), 200);
    assert_eq!(save(&sam, kept, true).await.status().as_u16(), 200, "saving twice is saving");
    assert_eq!(error_of(save(&sam, draft, true).await).await.0, 404, "a job not on the board");
    assert_eq!(error_of(app.call::<HideJob>(&sam, &[("job_id", "not-a-uuid"), ("hidden", "true")]).await).await.0, 400);
    assert_eq!(app.call::<HideJob>(&sam, &[("job_id", &hidden.to_string()), ("hidden", "true")]).await.status().as_u16(), 200);

    // The board for Sam: the saved one marked, the hidden one gone; the job page counts a view.
    app.page(&sam, &format!("/jobs-board/{kept}")).await;
    app.page(&sam, &format!("/jobs-board/{kept}")).await;
    assert_eq!(count(&app, "select count(*) from seeker_job_views v join users u on u.id = v.user_id where u.email = 'sam@example.com'").await, 1, "once a day");
    let (_, html) = app.page(&sam, "/jobs-board?q=otter").await;
    assert!(html.contains("Otter Keeper") && !html.contains("Otter Groomer"), "{html}");
    assert!(html.contains(">Viewed<") && html.contains(">Saved<"));
    assert!(html.contains("Save this search"));
    let (_, html) = app.page(&app.browser(), "/jobs-board?q=otter").await;
    assert!(html.contains("Otter Groomer") && !html.contains(">Saved<") && !html.contains("Save this search"), "a visitor sees neither");
    let (_, html) = app.page(&sam, &format!("/jobs-board/{hidden}")).await;
    assert!(html.contains("Show in my searches again"));

    // Sam's home lists the saved job and the search.
    let home: app::seekers::types::SeekerHome = app.call::<ReadSeekerHome>(&sam, &[]).await.json().await.unwrap();
    assert_eq!(home.saved_jobs.iter().map(|j| j.title.as_str()).collect::<Vec<_>>(), ["Otter Keeper"]);
    assert_eq!(home.recent_searches.first().map(|s| s.label.as_str()), Some("“otter”"));
    assert_eq!(home.hidden_jobs, 1);

    // Another seeker sees nothing of Sam's, through the app or the database's own rules.
    let kim = seeker(&app, "kim@example.com").await;
    let theirs: app::seekers::types::SeekerHome = app.call::<ReadSeekerHome>(&kim, &[]).await.json().await.unwrap();
    assert!(theirs.saved_jobs.is_empty() && theirs.recent_searches.is_empty() && theirs.hidden_jobs == 0);
    let kim_id: Uuid = sqlx::query_scalar("select id from users where email = 'kim@example.com'").fetch_one(&app.superuser().await).await.unwrap();
    let mut conn = app.app_role().await;
    let seen: i64 = sqlx::query_scalar(&format!(
        "select (select count(*) from seeker_bookmarks) + (select count(*) from seeker_hidden_jobs) + (select count(*) from seeker_search_history)
           from (select set_config('app.user_id', '{kim_id}', false)) s"
    ))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(seen, 0);
    let tenant_scope: i64 = sqlx::query_scalar(&format!(
        "select count(*) from seeker_bookmarks, (select set_config('app.user_id', '', false), set_config('app.tenant_id', '{initech}', false)) s"
    ))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(tenant_scope, 0, "a tenant reads no seeker's data");

    // Staff are no seekers.
    let recruiter = app.signed_in("recruiter@initech.test").await;
    assert_eq!(error_of(save(&recruiter, kept, true).await).await.0, 403);
    assert_eq!(error_of(app.call::<ReadSeekerHome>(&recruiter, &[]).await).await.0, 403);
    assert_eq!(error_of(save(&app.browser(), kept, true).await).await.0, 401);

    // Forgetting works; showing hidden jobs again brings them back.
    assert_eq!(save(&sam, kept, false).await.status().as_u16(), 200);
    assert_eq!(app.call::<ShowHiddenJobs>(&sam, &[]).await.json::<String>().await.unwrap(), "1 job is back in your searches.");
    let (_, html) = app.page(&sam, "/jobs-board?q=otter").await;
    assert!(html.contains("Otter Groomer") && !html.contains(">Saved<"));
}

#[tokio::test]
async fn saved_searches_mail_their_new_jobs_and_never_the_same_job_twice() {
    let app = TestApp::spawn().await;
    // The demo seeker's saved search is not this test's.
    sqlx::query("delete from seeker_saved_searches").execute(&app.superuser().await).await.unwrap();
    let initech = tenant(&app).await;
    let sam = seeker(&app, "sam@example.com").await;
    let save = |name: &'static str, q: &'static str, alert: &'static str| {
        let (app, sam) = (&app, &sam);
        async move { app.call::<SaveSearch>(sam, &[("params[q]", q), ("params[place]", "Berlin"), ("name", name), ("alert", alert)]).await }
    };
    assert_eq!(save("Pelicans", "pelican", "daily").await.json::<String>().await.unwrap(), "Saved “Pelicans”: we will email you its new jobs each day.");
    assert_eq!(error_of(save("Again", "pelican", "daily").await).await.1.to_string(), "You saved this search already.");
    assert_eq!(error_of(save("Bad", "heron", "hourly").await).await.1.field(), Some("alert"));
    let long = "x".repeat(101);
    let response = app.call::<SaveSearch>(&sam, &[("params[q]", "heron"), ("name", long.as_str()), ("alert", "off")]).await;
    assert_eq!(error_of(response).await.1.field(), Some("name"));
    assert_eq!(count(&app, "select count(*) from seeker_saved_searches").await, 1);

    // Nothing is due until a day has passed; jobs posted before the search was saved are not new to it.
    job(&app, initech, Job { title: "Pelican Trainer Old", ..Job::default() }).await;
    sqlx::query("update board_jobs set posted_at = now() - interval '2 days' where title = 'Pelican Trainer Old'").execute(&app.superuser().await).await.unwrap();
    assert_eq!(app::seekers::jobs::send_alerts(&app.platform).await.unwrap(), 0);
    let pelican = job(&app, initech, Job { title: "Pelican Trainer", ..Job::default() }).await;
    job(&app, initech, Job { title: "Pelican Elsewhere", city: "Paris", country: "France", ..Job::default() }).await;
    let a_day_later = || async { sqlx::query("update seeker_saved_searches set alerted_at = alerted_at - interval '1 day'").execute(&app.superuser().await).await.unwrap() };
    sqlx::query("update seeker_saved_searches set alerted_at = now() - interval '1 hour'").execute(&app.superuser().await).await.unwrap();
    a_day_later().await;
    assert_eq!(app::seekers::jobs::send_alerts(&app.platform).await.unwrap(), 1);
    let (subject, body): (String, String) = sqlx::query_as("select subject, body from outbox where to_address = 'sam@example.com' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(subject, "1 new job for “Pelicans”");
    assert!(body.contains("Pelican Trainer") && body.contains(&format!("/jobs-board/{pelican}")) && !body.contains("Elsewhere") && !body.contains("Old"), "{body}");

    // Reposted (a new posting date), it is still not sent again.
    sqlx::query("update board_jobs set posted_at = now() where id = $1").bind(pelican).execute(&app.superuser().await).await.unwrap();
    a_day_later().await;
    assert_eq!(app::seekers::jobs::send_alerts(&app.platform).await.unwrap(), 0);
    assert_eq!(count(&app, "select count(*) from seeker_alerted_jobs").await, 1);

    // Switched off, nothing goes out.
    let id: Uuid = sqlx::query_scalar("select id from seeker_saved_searches").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(app.call::<ChangeAlert>(&sam, &[("id", &id.to_string()), ("alert", "off")]).await.status().as_u16(), 200);
    job(&app, initech, Job { title: "Pelican Feeder", ..Job::default() }).await;
    a_day_later().await;
    assert_eq!(app::seekers::jobs::send_alerts(&app.platform).await.unwrap(), 0);
    // Another seeker cannot change or delete Sam's search.
    let kim = seeker(&app, "kim@example.com").await;
    assert_eq!(error_of(app.call::<DeleteSavedSearch>(&kim, &[("id", &id.to_string())]).await).await.0, 404);
    assert_eq!(app.call::<DeleteSavedSearch>(&sam, &[("id", &id.to_string())]).await.status().as_u16(), 200);
    assert_eq!(count(&app, "select count(*) from seeker_saved_searches").await, 0);
}

#[tokio::test]
async fn a_seeker_applies_with_their_confirmed_address_and_follows_what_the_organization_shows() {
    use crate::careers::{apply, Application};
    use app::recruiting::pipeline::api::{MoveApplication, RejectApplication};
    use app::seekers::types::{ApplicationStatus, SeekerHome};

    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let keeper = job(&app, initech, Job { title: "Otter Keeper", ..Job::default() }).await;
    let groomer = job(&app, initech, Job { title: "Otter Groomer", ..Job::default() }).await;
    // Initech knows Sam's address already, from an application on its careers site.
    let (status, _) = apply(&app, &app.browser(), "initech", groomer, Application { name: "Sam Earlier", email: "sam@example.com", ..Application::default() }).await;
    assert_eq!(status, 303);
    let sam = seeker(&app, "sam@example.com").await;
    let home = |client: &Client| {
        let (app, client) = (&app, client.clone());
        async move { app.call::<ReadSeekerHome>(&client, &[]).await.json::<SeekerHome>().await.unwrap() }
    };

    // The job's page says whom Sam applies as, with no address to type.
    let (_, html) = app.page(&sam, &format!("/careers/initech/jobs/{keeper}")).await;
    assert!(html.contains("You apply as sam@example.com") && !html.contains(r#"name="email""#), "{html}");
    // An address typed into the form anyway is not used: the account's confirmed one is.
    let (status, location) = apply(&app, &sam, "initech", keeper, Application { name: "Sam Seeker", email: "else@example.com", ..Application::default() }).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{keeper}?applied=1#apply")));
    let initech_rows = |sql: &str| format!("{sql} and tenant_id = '{initech}'");
    assert_eq!(count(&app, &initech_rows("select count(*) from candidates where lower(email) = 'sam@example.com'")).await, 1, "the known candidate, linked");
    assert_eq!(count(&app, "select count(*) from candidates where email = 'else@example.com'").await, 0);
    assert_eq!(count(&app, &initech_rows("select count(*) from applications where source = 'job_board'")).await, 1);
    assert_eq!(count(&app, "select count(*) from application_confirmations").await, 0, "a confirmed address waits for no confirmation");
    let body: String = sqlx::query_scalar("select body from outbox where to_address = 'sam@example.com' and subject = 'Your application for Otter Keeper'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert!(body.contains("Follow it in your job search"), "{body}");
    let applications = home(&sam).await.applications;
    assert_eq!(applications.len(), 1, "only what Sam sent from the board");
    assert_eq!((applications[0].title.as_str(), applications[0].company.as_str(), applications[0].status), ("Otter Keeper", "Initech", ApplicationStatus::Applied));

    // Sending it again changes nothing.
    let (status, _) = apply(&app, &sam, "initech", keeper, Application::default()).await;
    assert_eq!(status, 303);
    assert_eq!(count(&app, &initech_rows("select count(*) from applications where source = 'job_board'")).await, 1);
    assert_eq!(home(&sam).await.applications.len(), 1);

    // The recruiter moves it to an interview: Sam sees "Interviewing", and nothing of the stage's name.
    let recruiter = app.signed_in("recruiter@initech.test").await;
    let state = || async {
        sqlx::query_as::<_, (Uuid, i32)>("select id, version from applications where source = 'job_board' and requisition_id = $1")
            .bind(keeper)
            .fetch_one(&app.superuser().await)
            .await
            .unwrap()
    };
    let (application_id, version) = state().await;
    sqlx::query("update requisition_stages set name = 'Secret panel' where requisition_id = $1 and kind = 'interview'").bind(keeper).execute(&app.superuser().await).await.unwrap();
    let interview: Uuid = sqlx::query_scalar("select id from requisition_stages where requisition_id = $1 and kind = 'interview' order by position limit 1")
        .bind(keeper)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let moved = app.call::<MoveApplication>(&recruiter, &[("application_id", &application_id.to_string()), ("version", &version.to_string()), ("stage_id", &interview.to_string())]).await;
    assert!(moved.status().is_success(), "{}", moved.status());
    assert_eq!(home(&sam).await.applications[0].status, ApplicationStatus::Interviewing);
    let (_, html) = app.page(&sam, "/").await;
    assert!(html.contains("Interviewing") && !html.contains("Secret panel"), "{html}");
    let (_, html) = app.page(&sam, &format!("/careers/initech/jobs/{keeper}")).await;
    assert!(html.contains("Status: ") && html.contains("Interviewing") && !html.contains(r#"name="resume""#), "no form once applied");

    // Rejected: closed, in the same words whatever the reason.
    let (application_id, version) = state().await;
    let rejected = app.call::<RejectApplication>(&recruiter, &[("application_id", &application_id.to_string()), ("version", &version.to_string()), ("reason", "Position filled")]).await;
    assert!(rejected.status().is_success(), "{}", rejected.status());
    let applications = home(&sam).await.applications;
    assert_eq!(applications[0].status, ApplicationStatus::Closed);
    let (_, html) = app.page(&sam, "/").await;
    assert!(!html.contains("Position filled"));

    // Nobody else reads it: another seeker, and Initech's own scope.
    let kim = seeker(&app, "kim@example.com").await;
    assert!(home(&kim).await.applications.is_empty());
    let mut conn = app.app_role().await;
    let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)").bind(initech.to_string()).execute(&mut *tx).await.unwrap();
    let seen: i64 = sqlx::query_scalar("select count(*) from seeker_applications").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(seen, 0, "a tenant reads its own candidate copy, never the seeker's record");
}

#[tokio::test]
async fn an_organization_chooses_what_applicants_read_for_a_stage() {
    use crate::careers::{apply, Application};
    use app::recruiting::pipeline::api::{ChangeRequisitionStages, MoveApplication};
    use app::seekers::types::{ApplicationStatus, SeekerHome};

    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let keeper = job(&app, initech, Job { title: "Otter Keeper", ..Job::default() }).await;
    let sam = seeker(&app, "sam@example.com").await;
    assert_eq!(apply(&app, &sam, "initech", keeper, Application::default()).await.0, 303);
    let status = || async { app.call::<ReadSeekerHome>(&sam, &[]).await.json::<SeekerHome>().await.unwrap().applications[0].status };
    let recruiter = app.signed_in("recruiter@initech.test").await;
    let screening: Uuid = sqlx::query_scalar("select id from requisition_stages where requisition_id = $1 and kind = 'screening' order by position limit 1")
        .bind(keeper)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let (rid, sid) = (keeper.to_string(), screening.to_string());
    let show = |client: &Client, shown_as: &'static str| {
        let (app, client, rid, sid) = (&app, client.clone(), rid.clone(), sid.clone());
        async move { app.call::<ChangeRequisitionStages>(&client, &[("requisition_id", &rid), ("change", "shown_as"), ("stage_id", &sid), ("shown_as", shown_as)]).await }
    };

    // A screening call the organization would rather call an interview.
    assert!(show(&recruiter, "interviewing").await.status().is_success());
    let (application_id, version): (Uuid, i32) = sqlx::query_as("select id, version from applications where requisition_id = $1")
        .bind(keeper)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let moved = app.call::<MoveApplication>(&recruiter, &[("application_id", &application_id.to_string()), ("version", &version.to_string()), ("stage_id", &sid)]).await;
    assert!(moved.status().is_success());
    assert_eq!(status().await, ApplicationStatus::Interviewing);
    // Changed while the application is in it: the applicant reads the new word at once.
    assert!(show(&recruiter, "").await.status().is_success());
    assert_eq!(status().await, ApplicationStatus::InReview, "the word for a screening step");
    assert!(show(&recruiter, "offer").await.status().is_success());
    assert_eq!(status().await, ApplicationStatus::Offer);

    // An outcome cannot be chosen, nor anything else; another organization cannot reach the stage.
    for bad in ["hired", "closed", "Secret panel"] {
        let (code, error) = error_of(show(&recruiter, bad).await).await;
        assert_eq!((code, error.field()), (400, Some("shown_as")), "{bad}");
    }
    let (code, _) = error_of(show(&app.signed_in("recruiter@acme.test").await, "applied").await).await;
    assert!(code == 403 || code == 404, "{code}");
    assert_eq!(app.scalar_i64(&format!("select count(*) from requisition_stages where id = '{screening}' and shown_as = 'offer'")).await, 1);
    assert_eq!(status().await, ApplicationStatus::Offer);
}

#[tokio::test]
async fn a_seeker_opens_the_test_and_sees_the_interview_an_organization_sent_them_and_nobody_else_does() {
    use crate::careers::{apply, Application};
    use app::interviews::api::ScheduleInterview;
    use app::recruiting::pipeline::api::MoveApplication;
    use app::seekers::types::{SeekerHome, TestState};

    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    // An Acme job on the board whose plan has interviews, its assessment stage set to send a test.
    let (job_id, assessment_stage, interview_stage, type_id): (Uuid, Uuid, Uuid, Uuid) = sqlx::query_as(
        "select r.id, s.id, i.id, t.id from requisitions r
         join board_jobs j on j.requisition_id = r.id and j.listed
         join requisition_stages s on s.requisition_id = r.id and s.kind = 'assessment'
         join requisition_stages i on i.requisition_id = r.id and i.kind = 'interview'
         join interview_types t on t.requisition_id = r.id
         join users u on u.id = r.recruiter_id and u.email = 'recruiter@acme.test'
         order by r.created_at, r.id, i.position, t.position limit 1",
    )
    .fetch_one(&db)
    .await
    .expect("a demo job with an assessment stage and interviews");
    sqlx::query("update requisition_stages set auto_assessment_id = (select id from assessments where tenant_id = requisition_stages.tenant_id and title = 'SQL and HTTP quick check') where id = $1")
        .bind(assessment_stage)
        .execute(&db)
        .await
        .unwrap();
    let sam = seeker(&app, "sam@example.com").await;
    assert_eq!(apply(&app, &sam, "acme", job_id, Application::default()).await.0, 303);
    let home = |client: &Client| {
        let (app, client) = (&app, client.clone());
        async move { app.call::<ReadSeekerHome>(&client, &[]).await.json::<SeekerHome>().await.unwrap() }
    };
    let version = || async {
        sqlx::query_as::<_, (Uuid, i32)>("select id, version from applications where requisition_id = $1 and source = 'job_board' and candidate_id in (select id from candidates where email = 'sam@example.com')")
            .bind(job_id)
            .fetch_one(&app.superuser().await)
            .await
            .unwrap()
    };
    let rita = app.signed_in("recruiter@acme.test").await;
    let move_to = |stage: Uuid| {
        let (app, rita) = (&app, &rita);
        async move {
            let (id, version) = version().await;
            let response = app.call::<MoveApplication>(rita, &[("application_id", &id.to_string()), ("version", &version.to_string()), ("stage_id", &stage.to_string())]).await;
            assert!(response.status().is_success(), "{}", response.text().await.unwrap());
        }
    };

    // Moved to the assessment: the test is on Sam's home, and Sam opens it from there.
    move_to(assessment_stage).await;
    let tests = home(&sam).await.tests;
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0].state, TestState::ToTake);
    let mailed = app.mailed_token("sam@example.com").await;
    let kim = seeker(&app, "kim@example.com").await;
    assert_eq!(error_of(app.call::<OpenTest>(&kim, &[("id", &tests[0].id.to_string())]).await).await.0, 404, "not Kim's");
    assert!(home(&kim).await.tests.is_empty());
    let path: String = app.call::<OpenTest>(&sam, &[("id", &tests[0].id.to_string())]).await.json().await.unwrap();
    assert!(path.starts_with("/take?token="), "{path}");
    let (status, html) = app.page(&app.browser(), &path).await;
    assert_eq!(status, 200);
    assert!(html.contains(&tests[0].assessment), "{html}");
    let (_, old) = app.page(&app.browser(), &format!("/take?token={mailed}")).await;
    assert!(!old.contains(&tests[0].assessment), "the mailed link was replaced");

    // Moved on and an interview scheduled: Sam sees it in the zone it was set for, and its calendar file.
    move_to(interview_stage).await;
    let ivan: Uuid = sqlx::query_scalar("select id from users where email = 'interviewer@acme.test'").fetch_one(&db).await.unwrap();
    let start = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT10:00").to_string();
    let (application_id, _) = version().await;
    let scheduled = app
        .call::<ScheduleInterview>(&rita, &[
            ("application_id", &application_id.to_string()),
            ("interview_type_id", &type_id.to_string()),
            ("starts_at", &start),
            ("time_zone", "Europe/Berlin"),
            ("candidate_time_zone", "America/New_York"),
            ("interviewer_ids[]", &ivan.to_string()),
        ])
        .await;
    assert_eq!(scheduled.status(), 200, "{}", scheduled.text().await.unwrap());
    let interviews = home(&sam).await.interviews;
    assert_eq!(interviews.len(), 1);
    assert!(interviews[0].when.ends_with("(America/New_York)") && interviews[0].when.contains("04:00"), "{}", interviews[0].when);
    let calendar = format!("{}/job-search/interviews/{}/calendar", app.url, interviews[0].id);
    let response = sam.get(&calendar).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let ics = response.text().await.unwrap();
    assert!(ics.contains("BEGIN:VCALENDAR") && ics.contains(&format!("interview-{}@hirevoo", interviews[0].id)), "{ics}");
    assert_eq!(kim.get(&calendar).send().await.unwrap().status(), 404);
    assert_eq!(app.browser().get(&calendar).send().await.unwrap().status(), 401);
    assert!(home(&kim).await.interviews.is_empty());
}

#[tokio::test]
async fn the_demo_seeker_follows_three_applications_a_test_and_an_interview() {
    use app::seekers::types::{ApplicationStatus, SeekerHome, TestState};
    let app = TestApp::spawn().await;
    let noor = app.signed_in("seeker@example.com").await;
    let home: SeekerHome = app.call::<ReadSeekerHome>(&noor, &[]).await.json().await.unwrap();
    let mut statuses: Vec<ApplicationStatus> = home.applications.iter().map(|a| a.status).collect();
    statuses.sort_by_key(|s| s.label());
    assert_eq!(statuses, vec![ApplicationStatus::Applied, ApplicationStatus::InReview, ApplicationStatus::Interviewing]);
    assert_eq!(home.tests.len(), 1);
    assert!(home.tests[0].state == TestState::ToTake && home.tests[0].can_open(home.now));
    assert_eq!(home.interviews.len(), 1);
    assert!(home.interviews[0].when.ends_with("(Europe/Berlin)") && home.interviews[0].when.contains("10:00"), "{}", home.interviews[0].when);
    assert!(!home.saved_jobs.is_empty() && !home.saved_searches.is_empty());
}
