//! A seeker's profile over real HTTP on a real database: each server function's rules (who may
//! call it, what it refuses, field by field, storing nothing), that no one else reads or changes
//! a profile, the JSON Resume download and import, changing the password and deleting the account.

use crate::careers::{job, tenant, Job};
use crate::seekers::seeker;
use crate::support::{error_of, TestApp, PASSWORD};
use app::seekers::profile::api::*;
use app::seekers::profile::types::{SeekerProfile, SkillLevel};
use chrono::NaiveDate;
use reqwest::Client;
use uuid::Uuid;

async fn profile(app: &TestApp, client: &Client) -> SeekerProfile {
    let response = app.call::<ReadProfile>(client, &[]).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

/// A profile without its entries' ids, to compare two that were stored apart.
type Shape = (app::seekers::profile::types::ProfileBasics, Vec<(String, SkillLevel)>, Vec<(String, String, NaiveDate, Option<NaiveDate>, String)>, Vec<(String, String, String, i32, Option<i32>)>);

fn shape(profile: SeekerProfile) -> Shape {
    (
        profile.basics,
        profile.skills.into_iter().map(|s| (s.name, s.level)).collect(),
        profile.experience.into_iter().map(|e| (e.title, e.company, e.start, e.end, e.description)).collect(),
        profile.education.into_iter().map(|e| (e.school, e.degree, e.field, e.start_year, e.end_year)).collect(),
    )
}

/// Rows of a seeker's in the profile's tables, counted outside the app's rules.
async fn profile_rows(app: &TestApp) -> i64 {
    app.scalar_i64("select (select count(*) from seeker_profiles) + (select count(*) from seeker_skills) + (select count(*) from seeker_experience) + (select count(*) from seeker_education)").await
}

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap()
}

const BASICS: [(&str, &str); 5] = [
    ("headline", "Otter keeper, aquariums"),
    ("city", "Hamburg"),
    ("country", "Germany"),
    ("links", "https://sam.example\r\nhttps://github.com/sam-example\r\n"),
    ("summary", "Ten years with otters.\nLooking for a big tank."),
];

fn with<'a>(base: &[(&'a str, &'a str)], field: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    base.iter().map(|&(name, old)| (name, if name == field { value } else { old })).collect()
}

#[tokio::test]
async fn a_seeker_keeps_a_profile_that_only_they_read_and_change() {
    let app = TestApp::spawn().await;
    // The demo seeker has a full one.
    let noor = profile(&app, &app.signed_in("seeker@example.com").await).await;
    assert_eq!((noor.skills.len(), noor.experience.len(), noor.education.len()), (6, 2, 1));
    assert!(!noor.basics.headline.is_empty());

    // Only seekers: no one signed in, then a recruiter.
    let visitor = app.browser();
    assert_eq!(error_of(app.call::<ReadProfile>(&visitor, &[]).await).await.0, 401);
    assert_eq!(error_of(app.call::<SaveProfileBasics>(&visitor, &BASICS).await).await.0, 401);
    assert_eq!(error_of(app.call::<SaveProfileSkill>(&visitor, &[("name", "Rust"), ("level", "expert")]).await).await.0, 401);
    let recruiter = app.signed_in("recruiter@acme.test").await;
    assert_eq!(error_of(app.call::<ReadProfile>(&recruiter, &[]).await).await.0, 403);
    assert_eq!(error_of(app.call::<SaveProfileBasics>(&recruiter, &BASICS).await).await.0, 403);
    assert_eq!(error_of(app.call::<SaveProfileExperience>(&recruiter, &[("title", "A"), ("company", "B"), ("start", "2020-01"), ("current", "on")]).await).await.0, 403);
    assert_eq!(error_of(app.call::<SaveProfileEducation>(&recruiter, &[("school", "A"), ("start_year", "2010")]).await).await.0, 403);
    assert_eq!(error_of(app.call::<DeleteProfileEntry>(&recruiter, &[("section", "skills"), ("id", &Uuid::now_v7().to_string())]).await).await.0, 403);
    assert_eq!(error_of(app.call::<ImportJsonResume>(&recruiter, &[("resume", "{}")]).await).await.0, 403);
    let (status, html) = app.page(&recruiter, "/profile").await;
    assert!(status == 403 || html.contains("You do not have access"), "{status}");

    let sam = seeker(&app, "sam@example.com").await;
    assert_eq!(profile(&app, &sam).await, SeekerProfile::default(), "an empty profile to start");
    let (status, html) = app.page(&sam, "/profile").await;
    assert_eq!(status, 200);
    assert!(html.contains("Your profile") && html.contains("href=\"/profile\""), "the page, in the seeker's navigation");

    // About you: every field's rule, each refusal storing nothing.
    let stored = profile_rows(&app).await;
    let long = |n: usize| "x".repeat(n);
    let (headline, place, summary) = (long(121), long(101), long(2001));
    let six_links = (1..=6).map(|i| format!("https://{i}.example")).collect::<Vec<_>>().join("\n");
    for (field, value) in [
        ("headline", headline.as_str()),
        ("headline", "a\u{7}b"),
        ("city", place.as_str()),
        ("country", place.as_str()),
        ("links", "javascript:alert(1)"),
        ("links", "ftp://files.example"),
        ("links", "sam.example"),
        ("links", six_links.as_str()),
        ("summary", summary.as_str()),
    ] {
        let (status, error) = error_of(app.call::<SaveProfileBasics>(&sam, &with(&BASICS, field, value)).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{field} = {value:?}");
    }
    assert_eq!(profile_rows(&app).await, stored);
    let response = app.call::<SaveProfileBasics>(&sam, &BASICS).await;
    assert_eq!(response.status().as_u16(), 200);
    let basics = profile(&app, &sam).await.basics;
    assert_eq!((basics.headline.as_str(), basics.city.as_str(), basics.country.as_str()), ("Otter keeper, aquariums", "Hamburg", "Germany"));
    assert_eq!(basics.links, ["https://sam.example", "https://github.com/sam-example"]);
    assert_eq!(basics.summary, "Ten years with otters.\nLooking for a big tank.");

    // Skills: a level each; naming one again changes its level.
    let skill = |name: &'static str, level: &'static str| {
        let (app, sam) = (&app, &sam);
        async move { app.call::<SaveProfileSkill>(sam, &[("name", name), ("level", level)]).await }
    };
    assert_eq!(skill("Otter care", "advanced").await.json::<String>().await.unwrap(), "Added Otter care.");
    assert_eq!(skill("otter care", "expert").await.json::<String>().await.unwrap(), "otter care is now expert.");
    let stored = profile_rows(&app).await;
    for (name, level, field) in [("", "expert", "name"), ("   ", "expert", "name"), ("Swimming", "wizard", "level"), ("Swimming", "", "level")] {
        let (status, error) = error_of(skill(name, level).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{name:?} {level:?}");
    }
    let (status, error) = error_of(app.call::<SaveProfileSkill>(&sam, &[("name", &long(61)), ("level", "expert")]).await).await;
    assert_eq!((status, error.field()), (400, Some("name")));
    assert_eq!(profile_rows(&app).await, stored);
    let skills = profile(&app, &sam).await.skills;
    assert_eq!(skills.iter().map(|s| (s.name.as_str(), s.level)).collect::<Vec<_>>(), [("otter care", SkillLevel::Expert)]);

    // Experience: months, the job held now, an end not before the start.
    let job_form = [("title", "Keeper"), ("company", "Hamburg Aquarium"), ("start", "2019-04"), ("end", ""), ("current", "on"), ("description", "- Fed otters\n- Cleaned tanks")];
    assert_eq!(app.call::<SaveProfileExperience>(&sam, &job_form).await.status().as_u16(), 200);
    let before = [("title", "Assistant"), ("company", "Zoo Kiel"), ("start", "2015-01"), ("end", "2019-03"), ("description", "")];
    assert_eq!(app.call::<SaveProfileExperience>(&sam, &before).await.status().as_u16(), 200);
    let stored = profile_rows(&app).await;
    let without_current = |field, value| with(&before, field, value);
    for (form, field) in [
        (without_current("title", ""), "title"),
        (without_current("company", ""), "company"),
        (without_current("title", &headline), "title"),
        (without_current("start", "March 2015"), "start"),
        (without_current("start", "2015-13"), "start"),
        (without_current("end", "2014-12"), "end"),
        (without_current("end", ""), "end"),
        (without_current("end", "soon"), "end"),
        (without_current("description", &summary), "description"),
        (job_form.iter().map(|&(n, v)| (n, if n == "end" { "2020-01" } else { v })).collect(), "end"),
    ] {
        let (status, error) = error_of(app.call::<SaveProfileExperience>(&sam, &form).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{form:?}");
    }
    assert_eq!(profile_rows(&app).await, stored);
    let jobs = profile(&app, &sam).await.experience;
    assert_eq!(jobs.iter().map(|j| (j.title.as_str(), j.end)).collect::<Vec<_>>(), [("Keeper", None), ("Assistant", NaiveDate::from_ymd_opt(2019, 3, 1))], "the job held now first");
    let keeper = jobs[0].id.to_string();
    let renamed = [("id", keeper.as_str()), ("title", "Head keeper"), ("company", "Hamburg Aquarium"), ("start", "2019-04"), ("current", "on")];
    assert_eq!(app.call::<SaveProfileExperience>(&sam, &renamed).await.status().as_u16(), 200);
    assert_eq!(profile(&app, &sam).await.experience[0].title, "Head keeper");
    let (status, html) = app.page(&sam, &format!("/profile/experience/{keeper}")).await;
    assert!(status == 200 && html.contains("Head keeper"), "the job's own page");

    // Education: years, the school required.
    let study = [("school", "University of Kiel"), ("degree", "BSc"), ("field", "Marine biology"), ("start_year", "2011"), ("end_year", "2014")];
    assert_eq!(app.call::<SaveProfileEducation>(&sam, &study).await.status().as_u16(), 200);
    let stored = profile_rows(&app).await;
    for (field, value) in [("school", ""), ("degree", headline.as_str()), ("field", headline.as_str()), ("start_year", "11"), ("start_year", "1800"), ("end_year", "2010"), ("end_year", "later")] {
        let (status, error) = error_of(app.call::<SaveProfileEducation>(&sam, &with(&study, field, value)).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{field} = {value:?}");
    }
    assert_eq!(profile_rows(&app).await, stored);
    let sams = profile(&app, &sam).await;
    assert_eq!(sams.education[0].period(), "2011 – 2014");

    // Another seeker sees none of it and can change none of it, through the app or the database.
    let kim = seeker(&app, "kim@example.com").await;
    assert_eq!(profile(&app, &kim).await, SeekerProfile::default());
    let skill_id = sams.skills[0].id.to_string();
    let study_id = sams.education[0].id.to_string();
    assert_eq!(error_of(app.call::<DeleteProfileEntry>(&kim, &[("section", "skills"), ("id", &skill_id)]).await).await.0, 404);
    let theirs = [("id", keeper.as_str()), ("title", "Taken over"), ("company", "Kim Co"), ("start", "2019-04"), ("current", "on")];
    assert_eq!(error_of(app.call::<SaveProfileExperience>(&kim, &theirs).await).await.0, 404);
    let theirs = [("id", study_id.as_str()), ("school", "Taken over"), ("start_year", "2011")];
    assert_eq!(error_of(app.call::<SaveProfileEducation>(&kim, &theirs).await).await.0, 404);
    assert_eq!(app.page(&kim, &format!("/profile/experience/{keeper}")).await.1.contains("Head keeper"), false);
    assert_eq!(profile(&app, &sam).await, sams, "unchanged");
    let kim_id = user_id(&app, "kim@example.com").await;
    let mut conn = app.app_role().await;
    let seen: i64 = sqlx::query_scalar(&format!(
        "select (select count(*) from seeker_profiles) + (select count(*) from seeker_skills) + (select count(*) from seeker_experience) + (select count(*) from seeker_education)
           from (select set_config('app.user_id', '{kim_id}', false)) s"
    ))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(seen, 0, "the database shows Kim none of Sam's rows");

    // Removing an entry; an unknown section is refused.
    assert_eq!(error_of(app.call::<DeleteProfileEntry>(&sam, &[("section", "hobbies"), ("id", &skill_id)]).await).await.1.field(), Some("section"));
    assert_eq!(app.call::<DeleteProfileEntry>(&sam, &[("section", "skills"), ("id", &skill_id)]).await.status().as_u16(), 200);
    assert!(profile(&app, &sam).await.skills.is_empty());

    // At most 50 skills.
    let sam_id = user_id(&app, "sam@example.com").await;
    sqlx::query("insert into seeker_skills (id, user_id, name, level, position) select gen_random_uuid(), $1, 'Skill ' || i, 'beginner', i from generate_series(1, 50) i")
        .bind(sam_id)
        .execute(&app.superuser().await)
        .await
        .unwrap();
    let (status, error) = error_of(skill("One more", "expert").await).await;
    assert_eq!((status, error.field()), (400, Some("name")));
    assert_eq!(skill("Skill 7", "expert").await.status().as_u16(), 200, "changing a level is no new skill");
}

const RESUME: &str = r#"{
  "basics": {
    "name": "Sam Seeker", "label": "Otter keeper", "email": "sam@example.com", "url": "https://sam.example",
    "summary": "Ten years with otters.",
    "location": {"city": "Hamburg", "countryCode": "de", "region": "Hamburg"},
    "profiles": [{"network": "GitHub", "username": "sam", "url": "https://github.com/sam-example"}]
  },
  "work": [
    {"name": "Hamburg Aquarium", "position": "Keeper", "startDate": "2019-04-01", "summary": "Fed otters.", "highlights": ["Cleaned tanks"]},
    {"name": "Zoo Kiel", "position": "Assistant", "startDate": "2015-01", "endDate": "2019-03"}
  ],
  "education": [{"institution": "University of Kiel", "area": "Marine biology", "studyType": "BSc", "startDate": "2011", "endDate": "2014-07-01", "score": "1.3"}],
  "skills": [{"name": "Otter care", "level": "Master", "keywords": ["feeding"]}, {"name": "Diving", "level": "Intermediate"}],
  "languages": [{"language": "German", "fluency": "Native"}]
}"#;

#[tokio::test]
async fn a_profile_goes_out_and_comes_back_as_a_json_resume() {
    let app = TestApp::spawn().await;
    let sam = seeker(&app, "sam@example.com").await;
    let answer: String = app.call::<ImportJsonResume>(&sam, &[("resume", RESUME)]).await.json().await.unwrap();
    assert_eq!(answer, "Imported your headline, your location, 2 links, your summary, 2 skills, 2 jobs and 1 school. It replaced what your profile held before.");
    let imported = profile(&app, &sam).await;
    assert_eq!((imported.basics.country.as_str(), imported.basics.links.len()), ("de", 2));
    assert_eq!(imported.skills.iter().map(|s| s.level).collect::<Vec<_>>(), [SkillLevel::Expert, SkillLevel::Intermediate]);
    assert_eq!(imported.experience[0].description, "Fed otters.\n- Cleaned tanks");
    assert_eq!(imported.education[0].end_year, Some(2014));

    // The download: the seeker's own, as a file.
    let download = |client: &Client| client.get(format!("{}/profile/resume.json", app.url)).send();
    let response = download(&sam).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"resume.json\"");
    let exported = response.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["basics"]["label"], "Otter keeper");
    assert_eq!(json["basics"]["location"]["countryCode"], "DE");
    assert_eq!(json["work"][1]["endDate"], "2019-03");
    assert_eq!(json["skills"][0]["level"], "Expert");
    assert_eq!(download(&app.browser()).await.unwrap().status().as_u16(), 401);
    assert_eq!(download(&app.signed_in("recruiter@acme.test").await).await.unwrap().status().as_u16(), 403);

    // Round trip: what comes back in is what went out.
    let before = shape(profile(&app, &sam).await);
    assert_eq!(app.call::<ImportJsonResume>(&sam, &[("resume", &exported)]).await.status().as_u16(), 200);
    let mut after = shape(profile(&app, &sam).await);
    after.0.country = after.0.country.to_lowercase();
    assert_eq!(after, before);
    // A country written out travels too.
    let written_out = exported.replace("\"countryCode\": \"DE\"", "\"country\": \"Germany\"");
    assert_eq!(app.call::<ImportJsonResume>(&sam, &[("resume", &written_out)]).await.status().as_u16(), 200);
    assert_eq!(profile(&app, &sam).await.basics.country, "Germany");
    let again: serde_json::Value = download(&sam).await.unwrap().json().await.unwrap();
    assert_eq!(again["basics"]["location"]["country"], "Germany");

    // Bad résumés are refused whole, with what is wrong, and the profile stays as it was.
    let kept = profile(&app, &sam).await;
    let many_skills = format!("{{\"skills\": [{}]}}", (1..=51).map(|i| format!("{{\"name\": \"S{i}\", \"level\": \"expert\"}}")).collect::<Vec<_>>().join(","));
    let too_long = format!("{{\"basics\": {{\"summary\": \"{}\"}}}}", "x".repeat(20_001));
    for (resume, says) in [
        ("", "The JSON Resume is empty"),
        ("{\"basics\": ", "This is not valid JSON"),
        ("[1, 2]", "This JSON is not a JSON Resume"),
        ("{\"work\": \"a lot\"}", "This JSON is not a JSON Resume"),
        (r#"{"work": [{"name": "Acme", "position": "Boss", "startDate": "yesterday"}]}"#, "Job 1 (Boss): Enter the start month"),
        (r#"{"work": [{"name": "Acme", "position": "Boss", "startDate": "2020-01", "endDate": "2019-01"}]}"#, "Job 1 (Boss): The end month cannot be before"),
        (r#"{"skills": [{"name": "Rust", "level": "Wizard"}]}"#, "Skill 1 (Rust): its level “Wizard”"),
        (r#"{"skills": [{"name": "Rust", "level": "expert"}, {"name": "rust", "level": "beginner"}]}"#, "this skill is listed twice"),
        (r#"{"basics": {"url": "javascript:alert(1)"}}"#, "In basics: Link 1 is not a web address"),
        (r#"{"education": [{"institution": "", "startDate": "2010"}]}"#, "Education 1 (): Enter a school"),
        (many_skills.as_str(), "51 skills"),
        (too_long.as_str(), "longer than 20,000 characters: upload the file"),
    ] {
        let (status, error) = error_of(app.call::<ImportJsonResume>(&sam, &[("resume", resume)]).await).await;
        assert_eq!((status, error.field()), (400, Some("resume")), "{says}");
        assert!(error.to_string().contains(says), "{says}: {error}");
    }
    assert_eq!(profile(&app, &sam).await, kept);
    let (status, html) = app.page(&sam, "/profile/resume").await;
    assert!(status == 200 && html.contains("Import a JSON Resume") && html.contains("/profile/resume.json"));

    // As a file: longer than a paste may be, and the page says what became of it, once.
    let upload = |client: &Client, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("resume.json"));
        client.post(format!("{}/profile/resume/file", app.url)).multipart(form).send()
    };
    let long_job = format!("{{\"name\": \"Acme\", \"position\": \"Keeper\", \"startDate\": \"2020-01\", \"summary\": \"{}\"}}", "y".repeat(1500));
    let long = format!("{{\"work\": [{}]}}", vec![long_job; 30].join(","));
    assert!(long.len() > 40_000);
    let (status, error) = error_of(app.call::<ImportJsonResume>(&sam, &[("resume", &long)]).await).await;
    assert_eq!((status, error.field()), (400, Some("resume")));
    let response = upload(&sam, long.into_bytes()).await.unwrap();
    assert_eq!((response.status().as_u16(), response.headers()["location"].to_str().unwrap()), (303, "/profile/resume#import"));
    assert_eq!(profile(&app, &sam).await.experience.len(), 30);
    let (_, html) = app.page(&sam, "/profile/resume").await;
    assert!(html.contains("Imported 0 skills, 30 jobs and 0 schools."), "the outcome");
    let (_, html) = app.page(&sam, "/profile/resume").await;
    assert!(!html.contains("Imported 0 skills"), "said once");
    for (bytes, says) in [(b"{\"work\": ".to_vec(), "This is not valid JSON"), (vec![0xff, 0xfe, 0x00], "This file is not text"), (Vec::new(), "Choose a JSON Resume file")] {
        assert_eq!(upload(&sam, bytes).await.unwrap().status().as_u16(), 303);
        let (_, html) = app.page(&sam, "/profile/resume").await;
        assert!(html.contains(says), "{says}");
    }
    assert_eq!(profile(&app, &sam).await.experience.len(), 30, "nothing changed by a refused file");
    assert_eq!(upload(&app.browser(), exported.clone().into_bytes()).await.unwrap().status().as_u16(), 401);
    assert_eq!(upload(&app.signed_in("recruiter@acme.test").await, exported.into_bytes()).await.unwrap().status().as_u16(), 403);
}

#[tokio::test]
async fn deleting_an_account_erases_the_seekers_rows_and_needs_the_password() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let otter = job(&app, initech, Job { title: "Otter Keeper", ..Job::default() }).await;
    let sam = seeker(&app, "sam@example.com").await;
    let sam_id = user_id(&app, "sam@example.com").await;
    assert_eq!(app.call::<ImportJsonResume>(&sam, &[("resume", RESUME)]).await.status().as_u16(), 200);
    assert_eq!(app.call::<app::seekers::api::SaveJob>(&sam, &[("job_id", &otter.to_string()), ("saved", "true")]).await.status().as_u16(), 200);
    assert_eq!(app.call::<app::seekers::api::HideJob>(&sam, &[("job_id", &otter.to_string()), ("hidden", "true")]).await.status().as_u16(), 200);
    app.page(&sam, &format!("/jobs-board/{otter}")).await;
    app.page(&sam, "/jobs-board?q=otter").await;
    let saved = app.call::<app::seekers::api::SaveSearch>(&sam, &[("params[q]", "otter"), ("name", "Otters"), ("alert", "daily")]).await;
    assert_eq!(saved.status().as_u16(), 200);
    let elsewhere = app.signed_in("sam@example.com").await;
    let tables = [
        "seekers", "seeker_bookmarks", "seeker_hidden_jobs", "seeker_job_views", "seeker_search_history", "seeker_saved_searches",
        "seeker_profiles", "seeker_skills", "seeker_experience", "seeker_education", "sessions",
    ];
    let rows = || async {
        let mut found = Vec::new();
        for table in tables {
            found.push(app.scalar_i64(&format!("select count(*) from {table} where user_id = '{sam_id}'")).await);
        }
        found
    };
    assert!(rows().await.iter().all(|&n| n > 0), "{:?}", rows().await);
    let candidates = app.scalar_i64("select count(*) from candidates").await;

    // Only the seeker, with their password.
    assert_eq!(error_of(app.call::<DeleteSeekerAccount>(&app.browser(), &[("password", PASSWORD)]).await).await.0, 401);
    assert_eq!(error_of(app.call::<DeleteSeekerAccount>(&app.signed_in("recruiter@acme.test").await, &[("password", PASSWORD)]).await).await.0, 403);
    for wrong in ["", "not the password at all"] {
        let (status, error) = error_of(app.call::<DeleteSeekerAccount>(&sam, &[("password", wrong)]).await).await;
        assert_eq!((status, error.field()), (400, Some("password")));
    }
    assert!(rows().await.iter().all(|&n| n > 0), "nothing erased");
    let (status, html) = app.page(&sam, "/profile/delete").await;
    assert!(status == 200 && html.contains("retention"), "the page says what organizations keep");

    let answer: String = app.call::<DeleteSeekerAccount>(&sam, &[("password", PASSWORD)]).await.json().await.unwrap();
    assert_eq!(answer, "/account-deleted");
    assert_eq!(rows().await, vec![0; tables.len()]);
    assert_eq!(app.scalar_i64(&format!("select count(*) from users where id = '{sam_id}' or email = 'sam@example.com'")).await, 0);
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures where email = 'sam@example.com'").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from candidates").await, candidates, "the organizations' copies stay");
    assert_eq!(app.scalar_i64("select count(*) from board_jobs").await > 0, true);
    // Audited, naming no one.
    let (target, details): (String, serde_json::Value) = sqlx::query_as("select target, details from audit_log where action = 'seeker.delete_account'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!((target, details), (format!("user:{sam_id}"), serde_json::json!({})));
    // Every browser of theirs is signed out, and the address signs in no more.
    assert_eq!(error_of(app.call::<ReadProfile>(&sam, &[]).await).await.0, 401);
    assert_eq!(error_of(app.call::<ReadProfile>(&elsewhere, &[]).await).await.0, 401);
    let sign_in = app.call::<app::identity::api::SignIn>(&app.browser(), &[("email", "sam@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(sign_in.status().as_u16(), 400);
    let (status, html) = app.page(&app.browser(), "/account-deleted").await;
    assert!(status == 200 && html.contains("Your account is deleted"));
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_elsewhere() {
    use app::identity::api::ChangePassword;
    let app = TestApp::spawn().await;
    let sam = seeker(&app, "sam@example.com").await;
    let elsewhere = app.signed_in("sam@example.com").await;
    const NEW: &str = "a brand new password";
    assert_eq!(error_of(app.call::<ChangePassword>(&app.browser(), &[("current", PASSWORD), ("password", NEW), ("confirm", NEW)]).await).await.0, 401);
    for (current, password, confirm, field) in [
        ("not the password at all", NEW, NEW, "current"),
        ("", NEW, NEW, "current"),
        (PASSWORD, "short", "short", "password"),
        (PASSWORD, NEW, "something else entirely", "confirm"),
    ] {
        let (status, error) = error_of(app.call::<ChangePassword>(&sam, &[("current", current), ("password", password), ("confirm", confirm)]).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{current:?} {password:?}");
    }
    assert_eq!(profile(&app, &elsewhere).await, SeekerProfile::default(), "still signed in elsewhere");
    let response = app.call::<ChangePassword>(&sam, &[("current", PASSWORD), ("password", NEW), ("confirm", NEW)]).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(profile(&app, &sam).await, SeekerProfile::default(), "still signed in here");
    assert_eq!(error_of(app.call::<ReadProfile>(&elsewhere, &[]).await).await.0, 401, "signed out elsewhere");
    let again = app.browser();
    let response = app.call::<app::identity::api::SignIn>(&again, &[("email", "sam@example.com"), ("password", NEW)]).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action = 'password.change'").await, 1);
    let (_, html) = app.page(&sam, "/account").await;
    assert!(html.contains("id=\"password\"") && html.contains("Current password"));
}
