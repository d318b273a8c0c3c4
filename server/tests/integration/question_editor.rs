//! The question editor: each type posted as a browser without JavaScript posts it and as the
//! app's own code does, read back as the editor fills it in; errors that name their row; the
//! pages rendered on the server with only the chosen type's fields.

use crate::support;

use app::assessments::api::*;
use app::assessments::authoring::{OptionRow, QuestionForm};
use app::assessments::types::{Bank, QuestionDraft};
use leptos::server_fn::ServerFn;
use support::{error_of, TestApp};
use uuid::Uuid;

/// Posts the form as a browser without JavaScript does, from `page`; answers where it was sent back to.
async fn post_without_js(app: &TestApp, client: &reqwest::Client, page: &str, form: &[(&str, &str)]) -> String {
    let response = client
        .post(format!("{}{}", app.url, SaveQuestion::PATH))
        .header("accept", "text/html")
        .header("referer", format!("{}{page}", app.url))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302, "a plain form post is sent back to its page");
    let location = response.headers()["location"].to_str().unwrap();
    location.strip_prefix(app.url.as_str()).unwrap_or(location).to_owned()
}

async fn question_ids(app: &TestApp, client: &reqwest::Client) -> Vec<Uuid> {
    let bank: Bank = app.call::<QuestionBank>(client, &[]).await.json().await.unwrap();
    bank.questions.iter().map(|q| q.question_id).collect()
}

async fn draft(app: &TestApp, client: &reqwest::Client, question_id: Uuid) -> QuestionDraft {
    app.call::<QuestionToEdit>(client, &[("question_id", &question_id.to_string())]).await.json().await.unwrap()
}

/// Saves through the app's own call and answers the stored question as the editor fills it in.
async fn saved(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> QuestionForm {
    let response = app.call::<SaveQuestion>(client, form).await;
    assert!(response.status().is_success(), "{form:?}: {}", response.text().await.unwrap());
    let version_id: Uuid = response.json().await.unwrap();
    let question_id: Uuid = sqlx::query_scalar("select question_id from question_versions where id = $1")
        .bind(version_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    draft(app, client, question_id).await.form
}

fn row(text: &str, correct: bool) -> OptionRow {
    OptionRow { text: text.into(), correct }
}

/// The opening tag of the element whose markup holds `needle`.
fn tag_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("{needle} is on the page"));
    let start = html[..=at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

#[tokio::test]
async fn every_type_is_stored_as_written_with_or_without_javascript() {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;

    // Single choice, without JavaScript: five rows as the page shows them, two left empty, the radio on the third.
    let back = post_without_js(&app, &recruiter, "/assessments/bank?kind=single_choice", &[
        ("kind", "single_choice"), ("prompt", "Which join keeps unmatched rows?"),
        ("options[0][text]", "inner"), ("options[1][text]", ""), ("options[2][text]", "left"), ("options[3][text]", "cross"), ("options[4][text]", ""),
        ("correct", "2"), ("skill_id", ""), ("difficulty", "easy"), ("points", "2"), ("explanation", ""),
    ]).await;
    assert_eq!(back, "/assessments/bank?kind=single_choice");
    let single = draft(&app, &recruiter, question_ids(&app, &recruiter).await[0]).await.form;
    assert_eq!((single.kind.as_str(), single.prompt.as_str(), single.points), ("single_choice", "Which join keeps unmatched rows?", 2.0));
    assert_eq!(single.options, [row("inner", false), row("left", true), row("cross", false)]);
    assert_eq!(single.correct, "1", "the right row, as the editor's radio buttons name it");

    // Multiple choice with partial credit, as the app sends it.
    let multiple = saved(&app, &recruiter, &[
        ("kind", "multiple_choice"), ("prompt", "Which are aggregates?"),
        ("options[0][text]", "count"), ("options[0][correct]", "true"), ("options[1][text]", "lower"),
        ("options[2][text]", "max"), ("options[2][correct]", "true"), ("options[3][text]", ""),
        ("scoring", "proportional"), ("penalty", "0.5"), ("difficulty", "medium"), ("points", "3"),
    ]).await;
    assert_eq!(multiple.options, [row("count", true), row("lower", false), row("max", true)]);
    assert_eq!((multiple.scoring.as_str(), multiple.penalty, multiple.difficulty.as_str()), ("proportional", Some(0.5), "medium"));

    // True or false, without JavaScript.
    post_without_js(&app, &recruiter, "/assessments/bank?kind=true_false", &[
        ("kind", "true_false"), ("prompt", "NULL = NULL is true."), ("correct", "false"), ("difficulty", "easy"), ("points", "1"),
    ]).await;
    let stored: (String, serde_json::Value) = sqlx::query_as("select kind, answer_key from question_versions where prompt = 'NULL = NULL is true.'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(stored, ("true_false".to_owned(), serde_json::json!({ "type": "choice", "correct": ["false"], "scoring": { "mode": "all_or_nothing" } })));

    // A number with a tolerance, as the app sends it.
    let numeric = saved(&app, &recruiter, &[
        ("kind", "numeric"), ("prompt", "Pi to two places?"), ("numeric_value", "3.14"), ("tolerance", "0.005"), ("difficulty", "hard"), ("points", "1"),
    ]).await;
    assert_eq!((numeric.numeric_value, numeric.tolerance), (Some(3.14), Some(0.005)));

    // Short text with accepted answers and a pattern, without JavaScript; empty rows are ignored.
    post_without_js(&app, &recruiter, "/assessments/bank?kind=short_text", &[
        ("kind", "short_text"), ("prompt", "Keyword to sort?"), ("accepted[0]", "order by"), ("accepted[1]", ""), ("accepted[2]", "sort by"),
        ("pattern", "order by*"), ("difficulty", "easy"), ("points", "1"),
    ]).await;
    let ids = question_ids(&app, &recruiter).await;
    let mut short = None;
    for id in ids {
        let form = draft(&app, &recruiter, id).await.form;
        if form.kind == "short_text" {
            short = Some(form);
        }
    }
    let short = short.expect("the short-text question");
    assert_eq!((short.accepted, short.pattern.as_str()), (vec!["order by".to_owned(), "sort by".to_owned()], "order by*"));

    // Long text, graded by hand.
    let long = saved(&app, &recruiter, &[("kind", "long_text"), ("prompt", "Explain MVCC."), ("difficulty", "hard"), ("points", "5"), ("explanation", "Snapshots.")]).await;
    assert_eq!((long.kind.as_str(), long.explanation.as_str(), long.options.len()), ("long_text", "Snapshots.", 0));
    assert_eq!(app.scalar_i64("select count(*) from question_versions").await, 6);
}

#[tokio::test]
async fn a_row_error_names_its_row_and_stores_nothing() {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let repeated = [
        ("kind", "multiple_choice"), ("prompt", "Pick the joins"), ("options[0][text]", "Left join"), ("options[0][correct]", "true"),
        ("options[1][text]", "cross join"), ("options[2][text]", "left  JOIN"), ("difficulty", "easy"), ("points", "1"),
    ];
    let (status, error) = error_of(app.call::<SaveQuestion>(&recruiter, &repeated).await).await;
    assert_eq!((status, error.field(), error.to_string().as_str()), (400, Some("options[2][text]"), "Option 3 repeats option 1."));
    let unmarked = [("kind", "multiple_choice"), ("prompt", "Pick"), ("options[0][text]", "a"), ("options[1][text]", "b"), ("difficulty", "easy"), ("points", "1")];
    let (_, error) = error_of(app.call::<SaveQuestion>(&recruiter, &unmarked).await).await;
    assert_eq!((error.field(), error.to_string().as_str()), (Some("correct"), "Mark at least one right answer."));
    let empty_but_right = [("kind", "multiple_choice"), ("prompt", "Pick"), ("options[0][text]", "a"), ("options[1][text]", "b"), ("options[1][correct]", "true"),
        ("options[2][text]", " "), ("options[2][correct]", "true"), ("difficulty", "easy"), ("points", "1")];
    let (_, error) = error_of(app.call::<SaveQuestion>(&recruiter, &empty_but_right).await).await;
    assert_eq!(error.field(), Some("options[2][text]"));

    // Without JavaScript, the page it is sent back to shows the message beside that row.
    let back = post_without_js(&app, &recruiter, "/assessments/bank?kind=multiple_choice", &repeated).await;
    let (status, html) = app.page(&recruiter, &back).await;
    assert_eq!(status, 200);
    assert!(html.contains("Option 3 repeats option 1."), "{html}");
    let third = tag_with(&html, r#"name="options[2][text]""#);
    assert!(third.contains(r#"aria-invalid="true""#) && third.contains(r#"aria-describedby="option-2-error""#), "{third}");
    assert!(html.contains(r#"id="option-2-error""#));
    assert!(!tag_with(&html, r#"name="options[0][text]""#).contains("aria-invalid"), "only the row at fault is marked");
    assert_eq!(app.scalar_i64("select count(*) from questions").await + app.scalar_i64("select count(*) from question_versions").await, 0);
}

#[tokio::test]
async fn the_page_renders_only_the_chosen_types_fields() {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let (status, numeric) = app.page(&recruiter, "/assessments/bank?kind=numeric").await;
    assert_eq!(status, 200);
    assert!(numeric.contains("Right number") && numeric.contains("Tolerance (±)"));
    assert!(tag_with(&numeric, r#"name="kind" value="#).contains(r#"value="numeric""#), "the type is posted with the form");
    for other in ["Accepted answer", "options[0][text]", "Penalty per wrong pick", "The statement is", "Pattern"] {
        assert!(!numeric.contains(other), "{other} is not a number question's field");
    }

    // Multiple choice: rows with a tick box each, more rows on request.
    let (_, multiple) = app.page(&recruiter, "/assessments/bank?kind=multiple_choice&rows=7").await;
    assert!(multiple.contains(r#"name="options[6][text]""#) && !multiple.contains(r#"name="options[7][text]""#));
    assert!(tag_with(&multiple, r#"name="options[0][correct]""#).contains(r#"type="checkbox""#));
    assert!(multiple.contains("Penalty per wrong pick") && !multiple.contains("Right number"));
    assert!(multiple.contains("/assessments/bank?kind=multiple_choice&amp;rows=11"), "a link shows more rows without JavaScript");

    // Single choice (the default): one radio button per row, posted as `correct`.
    let (_, single) = app.page(&recruiter, "/assessments/bank").await;
    assert!(tag_with(&single, r#"name="correct" value="2""#).contains(r#"type="radio""#));
    assert!(single.contains(r#"name="options[3][text]""#) && !single.contains(r#"name="options[4][text]""#) && !single.contains("Penalty per wrong pick"));
}

#[tokio::test]
async fn an_edit_opens_filled_in_as_it_was_written() {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    saved(&app, &recruiter, &[
        ("kind", "multiple_choice"), ("prompt", "Which are <b>aggregates</b>?"),
        ("options[0][text]", "count"), ("options[0][correct]", "true"), ("options[1][text]", "lower"),
        ("options[2][text]", "max"), ("options[2][correct]", "true"), ("scoring", "proportional"), ("penalty", "0.25"),
        ("difficulty", "medium"), ("points", "3"),
    ]).await;
    let question_id = question_ids(&app, &recruiter).await[0];
    let (status, html) = app.page(&recruiter, &format!("/assessments/questions/{question_id}")).await;
    assert_eq!(status, 200);
    assert!(tag_with(&html, r#"<option value="multiple_choice""#).contains("selected"), "the type is chosen");
    for (index, (text, right)) in [("count", true), ("lower", false), ("max", true)].into_iter().enumerate() {
        assert!(tag_with(&html, &format!(r#"name="options[{index}][text]""#)).contains(&format!(r#"value="{text}""#)), "{text}");
        assert_eq!(tag_with(&html, &format!(r#"name="options[{index}][correct]""#)).contains("checked"), right, "{text}");
    }
    assert!(html.contains(r#"name="options[3][text]""#), "an empty row to add an option");
    assert!(tag_with(&html, r#"value="proportional""#).contains("checked"));
    assert!(tag_with(&html, r#"name="penalty""#).contains(r#"value="0.25""#));
    assert!(html.contains("Which are &lt;b&gt;aggregates&lt;/b&gt;?") && !html.contains("<b>aggregates</b>"));
    assert!(!html.contains("Candidates have already answered this version."));
    assert!(tag_with(&html, r#"name="question_id""#).contains(&question_id.to_string()));

    // Saved again from the page as it came, the question does not change.
    let again = saved(&app, &recruiter, &[
        ("question_id", &question_id.to_string()), ("kind", "multiple_choice"), ("prompt", "Which are <b>aggregates</b>?"),
        ("options[0][text]", "count"), ("options[0][correct]", "true"), ("options[1][text]", "lower"),
        ("options[2][text]", "max"), ("options[2][correct]", "true"), ("options[3][text]", ""), ("scoring", "proportional"), ("penalty", "0.25"),
        ("difficulty", "medium"), ("points", "3"),
    ]).await;
    assert_eq!(again, draft(&app, &recruiter, question_id).await.form);
    assert_eq!(app.scalar_i64("select count(*) from question_versions").await, 1, "an unseen question is edited in place");
}
