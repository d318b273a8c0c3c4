//! Load: candidates saving an answer every 5 seconds against a running server.
//! Sets up an assessment and invites the candidates over HTTP, reads their links
//! from the development outbox, starts every session, then runs the load and
//! checks, row by row, that every acknowledged save is stored exactly once.
//!
//! cargo bench -p hirevoo-server --bench save_load -- <base url> <data dir> <candidates> <seconds>

use app::assessments::api::{AddToSet, CreateAssessment, CreateQuestionSet, InviteCandidates, QuestionBank, SaveQuestion};
use app::assessments::taking::{SaveAnswer, StartTest};
use app::assessments::types::{Bank, SessionState};
use app::identity::api::SignIn;
use leptos::server_fn::ServerFn;
use serde_json::json;
use sqlx::ConnectOptions;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const QUESTIONS: usize = 10;

fn client(base: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("origin", base.parse().unwrap());
    headers.insert("accept", "application/json".parse().unwrap());
    reqwest::Client::builder().cookie_store(true).default_headers(headers).pool_max_idle_per_host(256).build().unwrap()
}

async fn form<S: ServerFn>(http: &reqwest::Client, base: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let response = http.post(format!("{base}{}", S::PATH)).form(fields).send().await.unwrap();
    assert!(response.status().is_success(), "{}: {}", S::PATH, response.status());
    response
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let base = args.first().cloned().unwrap_or_else(|| "http://127.0.0.1:3901".into());
    let data_dir = args.get(1).cloned().unwrap_or_else(|| "/tmp/hirevoo-bench".into());
    let candidates: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let seconds: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(30);
    let password = std::env::var("HIREVOO_DEMO_PASSWORD").unwrap_or_else(|_| "benchmark demo password".into());

    let recruiter = client(&base);
    form::<SignIn>(&recruiter, &base, &[("email", "recruiter@acme.test"), ("password", &password)]).await;
    let set_id = form::<CreateQuestionSet>(&recruiter, &base, &[("name", "Load")]).await.json::<Uuid>().await.unwrap().to_string();
    for i in 0..QUESTIONS {
        let prompt = format!("Load question {i}");
        form::<SaveQuestion>(&recruiter, &base, &[("kind", "short_text"), ("prompt", &prompt), ("accepted[0]", "yes"), ("difficulty", "easy"), ("points", "1")]).await;
    }
    let bank: Bank = form::<QuestionBank>(&recruiter, &base, &[]).await.json().await.unwrap();
    // Only its own questions: the demo tenant also has a bank of its own.
    for q in bank.questions.iter().filter(|q| q.prompt.starts_with("Load question")) {
        form::<AddToSet>(&recruiter, &base, &[("set_id", &set_id), ("question_id", &q.question_id.to_string())]).await;
    }
    let assessment = form::<CreateAssessment>(&recruiter, &base, &[("title", "Load"), ("time_limit_minutes", "120"), ("passing_percent", "50"), ("rules[0][set_id]", &set_id)])
        .await
        .json::<Uuid>()
        .await
        .unwrap()
        .to_string();
    let setup = Instant::now();
    for chunk in (0..candidates).collect::<Vec<_>>().chunks(500) {
        let emails = chunk.iter().map(|i| format!("load{i}@example.com")).collect::<Vec<_>>().join("\n");
        form::<InviteCandidates>(&recruiter, &base, &[("assessment_id", &assessment), ("emails", &emails)]).await;
    }
    let socket = std::path::Path::new(&data_dir).join("primary-socket");
    let mut db = sqlx::postgres::PgConnectOptions::new().socket(&socket).username("postgres").database("hirevoo").connect().await.expect("the managed primary");
    let bodies: Vec<String> = sqlx::query_scalar("select body from outbox where to_address like 'load%@example.com'").fetch_all(&mut db).await.unwrap();
    let tokens: Vec<String> = bodies.iter().map(|b| b.split("token=").nth(1).unwrap().chars().take(64).collect()).collect();
    assert_eq!(tokens.len(), candidates);

    let http = client(&base);
    let mut sessions = Vec::with_capacity(candidates);
    let started: Vec<(String, Uuid, SessionState)> = futures_join(tokens.into_iter().map(|token| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let browser = Uuid::now_v7();
            let state: SessionState = form::<StartTest>(&http, &base, &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
            (token, browser, state)
        }
    }), 32)
    .await;
    sessions.extend(started);
    println!("set-up: {} candidates invited and started in {:.1}s", candidates, setup.elapsed().as_secs_f64());

    // Each candidate saves one answer every 5 s, at its own offset, for `seconds`.
    let latencies = Arc::new(Mutex::new(Vec::<u32>::new()));
    let acked: Arc<Mutex<HashMap<(Uuid, Uuid), i64>>> = Arc::default();
    let errors = Arc::new(Mutex::new(0usize));
    let shed = Arc::new(Mutex::new(0usize));
    let start = Instant::now() + Duration::from_millis(500);
    let mut tasks = Vec::new();
    for (n, (token, browser, state)) in sessions.into_iter().enumerate() {
        let (http, base, latencies, acked, errors, shed) = (http.clone(), base.clone(), latencies.clone(), acked.clone(), errors.clone(), shed.clone());
        tasks.push(tokio::spawn(async move {
            let offset = Duration::from_millis((n as u64 * 5000) / candidates as u64);
            let mut tick = 0u64;
            loop {
                let due = start + offset + Duration::from_secs(5 * tick);
                if due > start + Duration::from_secs(seconds) {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
                let question = &state.questions[(tick as usize) % state.questions.len()];
                let seq = tick as i64 + 1;
                let body = json!({ "token": token, "client_id": browser, "version_id": question.version_id,
                                   "response": { "type": "text", "value": format!("answer {seq}") }, "flagged": false, "seq": seq, "time_spent_ms": 5000 });
                // Like the browser's queue: a save shed with 503 is sent again after its Retry-After.
                for attempt in 0..5 {
                    let sent = Instant::now();
                    let response = http.post(format!("{base}{}", SaveAnswer::PATH)).json(&body).send().await;
                    let elapsed = sent.elapsed().as_micros() as u32;
                    match response {
                        Ok(r) if r.status().is_success() => {
                            latencies.lock().unwrap().push(elapsed);
                            acked.lock().unwrap().insert((state.session_id, question.version_id), seq);
                        }
                        Ok(r) if r.status().as_u16() == 503 && attempt < 4 => {
                            *shed.lock().unwrap() += 1;
                            let wait = r.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(3);
                            tokio::time::sleep(Duration::from_secs(wait)).await;
                            continue;
                        }
                        _ => *errors.lock().unwrap() += 1,
                    }
                    break;
                }
                tick += 1;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort_unstable();
    let pct = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).copied().unwrap_or(0) as f64 / 1000.0;
    println!(
        "saves: {} acknowledged, {} failed, {} shed with 503 and sent again, over {}s = {:.0} saves/s offered, {:.0} acknowledged/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        errors.lock().unwrap(),
        shed.lock().unwrap(),
        seconds,
        candidates as f64 / 5.0,
        latencies.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );

    // Every acknowledged save is in the database, once, with the acknowledged sequence number.
    let stored: Vec<(Uuid, Uuid, i64)> = sqlx::query_as(
        "select a.session_id, a.question_version_id, a.seq from answers a
         join test_sessions s on s.id = a.session_id join candidate_invitations i on i.id = s.invitation_id
         where i.email like 'load%@example.com'",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let acked = acked.lock().unwrap();
    let by_key: HashMap<(Uuid, Uuid), i64> = stored.iter().map(|(s, q, seq)| ((*s, *q), *seq)).collect();
    let lost = acked.iter().filter(|(key, seq)| by_key.get(key) != Some(seq)).count();
    println!("rows: {} answers stored, {} (session, question) pairs acknowledged, {} lost or stale, {} unexpected", stored.len(), acked.len(), lost, stored.len().saturating_sub(acked.len()));
}

/// Runs the futures, at most `limit` at once, and collects their outputs.
async fn futures_join<F: std::future::Future>(futures: impl Iterator<Item = F>, limit: usize) -> Vec<F::Output> {
    use futures::stream::StreamExt;
    futures::stream::iter(futures).buffer_unordered(limit).collect().await
}
