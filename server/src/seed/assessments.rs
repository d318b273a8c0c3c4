//! The demo tenant's assessments: a question bank in three sets, a job, two assessments and
//! candidates in every state, from invited to graded by hand. Written through the product's
//! own code (question building, sessions, saves, grading, proctoring), then dated into the
//! past days as if people had done it.

use std::collections::HashMap;

use app::assessments::authoring::{self, BuiltQuestion, OptionRow, QuestionForm};
use app::assessments::grading::{AnswerKey, Response};
use app::assessments::types::QuestionKind;
use app::assessments::{repo, sessions};
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::{tokens, AppError};
use chrono::{DateTime, Duration, Utc};
use sqlx::postgres::types::PgInterval;
use sqlx::PgConnection;
use uuid::Uuid;

use super::DEMO_TENANT_SLUG;

const SKILLS: [&str; 4] = ["Rust", "SQL", "HTTP", "Communication"];
const RUST: usize = 0;
const SQL: usize = 1;
const HTTP: usize = 2;
const COMMUNICATION: usize = 3;

const SETS: [(&str, &str); 3] = [
    ("Rust fundamentals", "Ownership, traits, error handling and concurrency in everyday Rust."),
    ("SQL and HTTP", "Queries and data modelling in PostgreSQL; the HTTP a backend speaks."),
    ("Working with people", "Estimates, code review, incidents and disagreements."),
];

/// One question of the bank, as a recruiter fills in the form, with sample answers.
struct Spec {
    set: usize,
    skill: usize,
    kind: &'static str,
    prompt: &'static str,
    options: &'static str,
    correct: &'static str,
    scoring: &'static str,
    penalty: Option<f64>,
    value: Option<f64>,
    tolerance: Option<f64>,
    accepted: &'static str,
    pattern: &'static str,
    difficulty: &'static str,
    points: f64,
    explanation: &'static str,
    /// Short text: a right and a wrong answer. Long text: a strong, a fair and a weak essay.
    samples: &'static [&'static str],
}

const BLANK: Spec = Spec {
    set: 0,
    skill: RUST,
    kind: "",
    prompt: "",
    options: "",
    correct: "",
    scoring: "",
    penalty: None,
    value: None,
    tolerance: None,
    accepted: "",
    pattern: "",
    difficulty: "easy",
    points: 1.0,
    explanation: "",
    samples: &[],
};

static BANK: &[Spec] = &[
    // Rust fundamentals
    Spec {
        kind: "single_choice",
        prompt: "Which marker trait must a type implement so that a value of it can be moved to another thread?",
        options: "Send\nSync\nCopy\nUnpin",
        correct: "1",
        difficulty: "medium",
        points: 2.0,
        explanation: "Send means ownership can be transferred across threads. Sync means a shared reference (&T) can be; Copy and Unpin are about duplication and pinning.",
        ..BLANK
    },
    Spec {
        kind: "single_choice",
        prompt: "In a function that returns Result<T, E>, what does the ? operator do with an Err?",
        options: "Panics with the error's message\nReturns it from the function early, converted with From\nReplaces it with a default value\nLogs it and carries on",
        correct: "2",
        explanation: "? returns early with the error, calling From::from on it, so errors of several types can be gathered into one.",
        ..BLANK
    },
    Spec {
        kind: "multiple_choice",
        prompt: "Which of these types implement Copy?",
        options: "i32\nString\n&str\nVec<u8>\n(u8, bool)",
        correct: "1, 3, 5",
        scoring: "all_or_nothing",
        difficulty: "medium",
        points: 3.0,
        explanation: "Integers, shared references and tuples of Copy types are Copy. String and Vec own heap memory, so copying them bit by bit would free it twice.",
        ..BLANK
    },
    Spec {
        kind: "multiple_choice",
        prompt: "Which of these let several threads change shared state safely?",
        options: "Arc<Mutex<T>>\nRc<RefCell<T>>\nAtomicUsize in an Arc\nArc<RwLock<T>>\nCell<T> in a static",
        correct: "1, 3, 4",
        scoring: "proportional",
        penalty: Some(0.5),
        difficulty: "hard",
        points: 4.0,
        explanation: "Mutex, RwLock and atomics synchronise access; Rc, RefCell and Cell are for one thread only, and the compiler refuses to send or share them.",
        ..BLANK
    },
    Spec {
        kind: "true_false",
        prompt: "A &mut T and a &T to the same value may be alive at the same time.",
        correct: "false",
        explanation: "Borrowing allows either one mutable reference or any number of shared ones, never both at once.",
        ..BLANK
    },
    Spec {
        kind: "numeric",
        prompt: "On a 64-bit target, how many bytes is std::mem::size_of::<Option<Box<u64>>>()?",
        value: Some(8.0),
        tolerance: Some(0.0),
        difficulty: "hard",
        points: 2.0,
        explanation: "A Box is never null, so None is stored as the null pointer: the Option costs no extra byte (the niche optimisation).",
        ..BLANK
    },
    Spec {
        kind: "short_text",
        prompt: "Which keyword makes a closure take ownership of the variables it captures?",
        accepted: "move",
        explanation: "move closures own their captures, which is what thread::spawn needs.",
        samples: &["move", "static"],
        ..BLANK
    },
    Spec {
        kind: "short_text",
        prompt: "Write the attribute that gives a struct a Debug implementation (other derives may be listed too).",
        accepted: "#[derive(Debug)]",
        pattern: "#[derive(*debug*)]",
        difficulty: "medium",
        points: 2.0,
        explanation: "#[derive(Debug)], alone or beside other derives such as Clone or PartialEq.",
        samples: &["#[derive(Clone, Debug, PartialEq)]", "impl Debug"],
        ..BLANK
    },
    Spec {
        kind: "long_text",
        prompt: "Explain how ownership and borrowing rule out data races at compile time. Give a short example of code the compiler refuses, and how you would fix it.",
        difficulty: "medium",
        points: 6.0,
        explanation: "Look for: a data race needs two accesses, one a write, without synchronisation; the borrow rules forbid aliasing plus mutation; Send and Sync extend this to threads; a fix with Arc<Mutex<_>> or by moving ownership.",
        samples: &[
            "A data race needs two threads touching the same memory at once, at least one of them writing, with nothing ordering them. Rust rules that out with the borrow rules: at any moment a value has either one &mut or any number of &, never both. Threads extend this through Send and Sync: thread::spawn needs a 'static + Send closure, so pushing to a Vec from two spawned threads without synchronisation does not compile, because both closures would need &mut to the same Vec. The fix is to share an Arc<Mutex<Vec<_>>> and lock it in each thread, or to give each thread its own Vec and join the results, which keeps ownership with one thread at a time.",
            "Every value has one owner and you can borrow it either mutably once or immutably many times. So two threads cannot both change something. If you try to change a vector from two threads the compiler complains; you wrap it in a Mutex so only one thread changes it at a time.",
            "Rust has a garbage collector that checks the threads, and you can use unsafe if the compiler complains.",
        ],
        ..BLANK
    },
    // SQL and HTTP
    Spec {
        set: 1,
        skill: SQL,
        kind: "single_choice",
        prompt: "Which join returns every row of the left table, with NULLs where the right table has no match?",
        options: "INNER JOIN\nLEFT JOIN\nCROSS JOIN\nNATURAL JOIN",
        correct: "2",
        explanation: "A LEFT (OUTER) JOIN keeps unmatched rows of the left table and fills the right side with NULLs.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: SQL,
        kind: "multiple_choice",
        prompt: "Which of these are aggregate functions in PostgreSQL?",
        options: "count\nsum\nlower\nmax\ncoalesce",
        correct: "1, 2, 4",
        scoring: "proportional",
        penalty: Some(0.0),
        points: 2.0,
        explanation: "count, sum and max fold many rows into one value; lower and coalesce work on one row at a time.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: SQL,
        kind: "true_false",
        prompt: "In SQL, NULL = NULL evaluates to true.",
        correct: "false",
        explanation: "It evaluates to NULL (unknown); use IS NULL, or IS NOT DISTINCT FROM to compare two values that may be NULL.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: SQL,
        kind: "numeric",
        prompt: "A list shows 50 rows per page with LIMIT 50 OFFSET n. What is n for page 7?",
        value: Some(300.0),
        tolerance: Some(0.0),
        explanation: "Six full pages come before page 7: 6 × 50 = 300. (For deep pages, keyset pagination is faster than OFFSET.)",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: SQL,
        kind: "short_text",
        prompt: "Write a query that returns how many rows the table orders has.",
        pattern: "select count(*) from orders*",
        difficulty: "medium",
        points: 2.0,
        explanation: "SELECT count(*) FROM orders; (count(id) or count(1) are accepted too).",
        samples: &["SELECT count(*) FROM orders;", "SELECT * FROM orders"],
        ..BLANK
    },
    Spec {
        set: 1,
        skill: HTTP,
        kind: "single_choice",
        prompt: "Which status code tells a client that its request lacks valid authentication?",
        options: "400 Bad Request\n401 Unauthorized\n403 Forbidden\n404 Not Found",
        correct: "2",
        explanation: "401 asks the client to authenticate; 403 means it is known but not allowed.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: HTTP,
        kind: "multiple_choice",
        prompt: "Which HTTP methods are idempotent by definition?",
        options: "GET\nPOST\nPUT\nDELETE\nPATCH",
        correct: "1, 3, 4",
        scoring: "all_or_nothing",
        difficulty: "medium",
        points: 3.0,
        explanation: "Repeating GET, PUT or DELETE leaves the server as one request would. POST and PATCH are not idempotent unless an API makes them so.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: HTTP,
        kind: "true_false",
        prompt: "A browser may keep a response sent with Cache-Control: no-store in its cache.",
        correct: "false",
        difficulty: "medium",
        explanation: "no-store forbids storing the response anywhere; no-cache allows storing but requires revalidation.",
        ..BLANK
    },
    Spec {
        set: 1,
        skill: HTTP,
        kind: "short_text",
        prompt: "Which response header gives the address of a resource just created (201) or of where to go next (3xx)?",
        accepted: "Location\nLocation:",
        explanation: "Location.",
        samples: &["Location", "Content-Location"],
        ..BLANK
    },
    Spec {
        set: 1,
        skill: HTTP,
        kind: "numeric",
        prompt: "A service answers 1,200 requests per second, each taking 25 ms on average. How many requests are in flight at once, on average?",
        value: Some(30.0),
        tolerance: Some(0.5),
        difficulty: "hard",
        points: 2.0,
        explanation: "Little's law: in flight = arrival rate × time in the system = 1,200/s × 0.025 s = 30.",
        ..BLANK
    },
    // Working with people
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "single_choice",
        prompt: "A stakeholder asks for a feature by Friday that you estimate at two weeks. What do you do first?",
        options: "Agree, and work evenings to make it\nExplain the estimate and what drives it, and offer what can be ready by Friday\nForward the request to your manager without replying\nDecline: the date is not realistic",
        correct: "2",
        points: 2.0,
        explanation: "Share the reasoning and negotiate scope: it keeps trust and often finds a smaller version that meets the real need.",
        ..BLANK
    },
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "multiple_choice",
        prompt: "Which practices make a code review constructive?",
        options: "Explain the reason behind a requested change\nMark which comments block the merge and which are suggestions\nRewrite the author's code yourself and push it to their branch\nAsk a question when the intent is unclear\nApprove without reading to keep things moving",
        correct: "1, 2, 4",
        scoring: "proportional",
        penalty: Some(0.5),
        difficulty: "medium",
        points: 3.0,
        explanation: "Reasons, clear priorities and questions help the author learn and decide; taking over their branch or rubber-stamping does neither.",
        ..BLANK
    },
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "true_false",
        prompt: "In an incident review, naming the person who made the mistake is the best way to prevent the next incident.",
        correct: "false",
        explanation: "Blameless reviews look at the conditions that made the mistake easy, so people speak openly and the system gets fixed.",
        ..BLANK
    },
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "short_text",
        prompt: "What is the usual name (or its three-letter abbreviation) for a short written record of a technical decision, its context and its consequences?",
        accepted: "ADR\narchitecture decision record\narchitectural decision record",
        explanation: "An architecture decision record (ADR).",
        samples: &["ADR", "RFC"],
        ..BLANK
    },
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "numeric",
        prompt: "A team of 6 holds a 15-minute stand-up every working day. How many person-hours does it take in a five-day week?",
        value: Some(7.5),
        tolerance: Some(0.05),
        explanation: "6 people × 0.25 h × 5 days = 7.5 person-hours: worth keeping short.",
        ..BLANK
    },
    Spec {
        set: 2,
        skill: COMMUNICATION,
        kind: "long_text",
        prompt: "Describe a time you disagreed with a technical decision. How did you raise it, and what happened?",
        difficulty: "medium",
        points: 5.0,
        explanation: "Look for: a concrete situation; raising it early, with evidence, in the right forum; listening to the other side; committing once decided; what they learned.",
        samples: &[
            "Our team planned to move session storage to a new key-value store. I worried about losing sessions on failover, so before the design review I ran a small failover test and wrote up the results in a one-page note. In the review I presented the numbers and proposed keeping sessions in PostgreSQL until the store's replication was configured. The lead disagreed on cost, so we agreed on a two-week trial with a rollback plan. The trial showed the same losses; we kept PostgreSQL and wrote an ADR. I learned that a small experiment settles more than a long debate.",
            "I thought we should not rewrite our API in a new framework because it would take too long. I told my manager in our one-to-one and he said the decision was made, so we did it anyway. It took longer than planned, but it worked out in the end.",
            "I usually agree with decisions, so this has not really happened to me.",
        ],
        ..BLANK
    },
];

/// How well a candidate answers a question.
#[derive(Clone, Copy, PartialEq)]
enum Quality {
    Right,
    /// Some of the right options (multiple choice); wrong for other kinds.
    Partial,
    Wrong,
}

/// Whether the candidate answers question `question` rightly: each has an ability (0–100) and a
/// fixed spread over the questions, so the same seed gives the same scores.
fn quality(candidate: usize, question: usize, ability: u32) -> Quality {
    let roll = ((question * 37 + candidate * 53 + 11) % 100) as u32;
    if roll < ability {
        Quality::Right
    } else if roll < ability + 15 {
        Quality::Partial
    } else {
        Quality::Wrong
    }
}

/// The essay a candidate of this ability writes: 0 strong, 1 fair, 2 weak.
fn essay(ability: u32) -> usize {
    match ability {
        75.. => 0,
        45.. => 1,
        _ => 2,
    }
}

/// The share of an essay's points a grader gives it, and their note.
const ESSAY_GRADES: [(f64, &str); 3] = [
    (0.9, "Clear and concrete; names the trade-off and how it was settled."),
    (0.6, "The right idea, but thin on specifics."),
    (0.2, "Does not answer the question asked."),
];

fn response(spec: &Spec, built: &BuiltQuestion, quality: Quality, ability: u32) -> Response {
    match &built.key {
        AnswerKey::Choice { correct, .. } => {
            let wrong = built.options.iter().map(|o| o.id.clone()).find(|id| !correct.contains(id)).unwrap_or_default();
            Response::Choice(match quality {
                Quality::Right => correct.clone(),
                Quality::Partial if correct.len() > 1 => correct[..correct.len() - 1].to_vec(),
                _ if built.kind == QuestionKind::MultipleChoice => vec![correct[0].clone(), wrong],
                _ => vec![wrong],
            })
        }
        AnswerKey::Numeric { value, .. } => Response::Number(if quality == Quality::Right { *value } else { (value * 1.5 + 2.0).round() }),
        AnswerKey::ShortText { .. } => Response::Text(spec.samples[usize::from(quality != Quality::Right)].to_owned()),
        AnswerKey::Manual => Response::Text(spec.samples[essay(ability)].to_owned()),
    }
}

/// Roughly how long a candidate spends on a question, before scaling to their pace.
fn effort_seconds(spec: &Spec) -> f64 {
    let base = match spec.kind {
        "long_text" => 480.0,
        "multiple_choice" => 90.0,
        "numeric" => 100.0,
        "short_text" => 60.0,
        _ => 45.0,
    };
    if spec.difficulty == "hard" { base * 1.5 } else { base }
}

enum Progress {
    Invited,
    /// Answering: the first `answered` questions in the order shown.
    Answering { answered: usize },
    /// Submitted by the candidate or by the clock; essays graded by hand unless `awaiting`.
    Submitted { by: &'static str, awaiting: bool },
}

struct Candidate {
    name: &'static str,
    email: &'static str,
    /// 0: the screen for the job; 1: the quick check.
    assessment: usize,
    invited_minutes_ago: i64,
    /// When they started (ignored for the invited).
    started_minutes_ago: i64,
    /// How long they worked until submitting, or until now.
    minutes: f64,
    ability: u32,
    /// Questions of the bank they left unanswered.
    unanswered: &'static [usize],
    /// Extra time (1.5 = half as much again), and whether leaving the window is excused.
    multiplier: f64,
    unflagged: bool,
    /// Proctoring signals, minutes after the start.
    events: &'static [(&'static str, f64)],
    progress: Progress,
}

const fn days(days: i64, hours: i64) -> i64 {
    (days * 24 + hours) * 60
}

const SUBMITTED: Progress = Progress::Submitted { by: "candidate", awaiting: false };

const NOBODY: Candidate = Candidate {
    name: "",
    email: "",
    assessment: 0,
    invited_minutes_ago: 0,
    started_minutes_ago: 0,
    minutes: 0.0,
    ability: 0,
    unanswered: &[],
    multiplier: 1.0,
    unflagged: false,
    events: &[],
    progress: Progress::Invited,
};

static CANDIDATES: &[Candidate] = &[
    Candidate { name: "Amara Okafor", email: "amara.okafor@example.com", invited_minutes_ago: days(7, 1), started_minutes_ago: days(6, 2), minutes: 58.0, ability: 93, progress: SUBMITTED, ..NOBODY },
    Candidate {
        name: "Liam Chen",
        email: "liam.chen@example.com",
        invited_minutes_ago: days(7, 1),
        started_minutes_ago: days(5, 5),
        minutes: 66.0,
        ability: 82,
        events: &[("tab_hidden", 12.4), ("tab_visible", 13.1)],
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate {
        name: "Sofia Rossi",
        email: "sofia.rossi@example.com",
        invited_minutes_ago: days(6, 0),
        started_minutes_ago: days(4, 3),
        minutes: 95.0,
        ability: 71,
        multiplier: 1.5,
        unflagged: true,
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate {
        name: "Noah Williams",
        email: "noah.williams@example.com",
        invited_minutes_ago: days(6, 0),
        started_minutes_ago: days(4, 1),
        minutes: 71.0,
        ability: 60,
        events: &[("window_blur", 8.2), ("window_focus", 8.9), ("copy", 22.5), ("window_blur", 40.0), ("window_focus", 41.3)],
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate {
        name: "Priya Nair",
        email: "priya.nair@example.com",
        invited_minutes_ago: days(5, 2),
        started_minutes_ago: days(3, 6),
        minutes: 75.0,
        ability: 52,
        // Out of time: both essays and two short questions left blank.
        unanswered: &[8, 22, 23, 24],
        events: &[
            ("tab_hidden", 5.0),
            ("tab_visible", 6.2),
            ("tab_hidden", 14.8),
            ("tab_visible", 17.0),
            ("context_menu", 18.3),
            ("paste", 18.5),
            ("tab_hidden", 27.1),
            ("tab_visible", 29.9),
            ("paste", 31.0),
            ("tab_hidden", 44.6),
            ("tab_visible", 46.2),
            ("tab_hidden", 58.0),
            ("tab_visible", 61.4),
            ("paste", 62.2),
        ],
        progress: Progress::Submitted { by: "time", awaiting: false },
        ..NOBODY
    },
    Candidate {
        name: "Mateo García",
        email: "mateo.garcia@example.com",
        invited_minutes_ago: days(5, 2),
        started_minutes_ago: days(2, 4),
        minutes: 41.0,
        ability: 38,
        events: &[("fullscreen_exit", 3.0), ("reload", 16.5)],
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate {
        name: "Hannah Becker",
        email: "hannah.becker@example.com",
        invited_minutes_ago: days(4, 0),
        started_minutes_ago: days(2, 1),
        minutes: 29.0,
        ability: 24,
        events: &[("window_blur", 2.0), ("window_focus", 2.5), ("takeover", 11.0)],
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate {
        name: "Yuki Tanaka",
        email: "yuki.tanaka@example.com",
        invited_minutes_ago: days(1, 3),
        started_minutes_ago: 6 * 60,
        minutes: 63.0,
        ability: 78,
        events: &[("tab_hidden", 30.2), ("tab_visible", 30.9), ("paste", 52.0)],
        progress: Progress::Submitted { by: "candidate", awaiting: true },
        ..NOBODY
    },
    Candidate {
        name: "Omar Haddad",
        email: "omar.haddad@example.com",
        invited_minutes_ago: days(1, 0),
        started_minutes_ago: 25,
        minutes: 25.0,
        ability: 65,
        events: &[("window_blur", 9.5), ("window_focus", 10.2)],
        progress: Progress::Answering { answered: 11 },
        ..NOBODY
    },
    Candidate {
        name: "Grace Kim",
        email: "grace.kim@example.com",
        invited_minutes_ago: days(0, 20),
        started_minutes_ago: 7,
        minutes: 7.0,
        ability: 55,
        events: &[("takeover", 4.0)],
        progress: Progress::Answering { answered: 3 },
        ..NOBODY
    },
    Candidate { name: "Lucas Martin", email: "lucas.martin@example.com", invited_minutes_ago: days(2, 0), ..NOBODY },
    Candidate { name: "Zoe Anderson", email: "zoe.anderson@example.com", invited_minutes_ago: 3 * 60, ..NOBODY },
    Candidate {
        name: "Ethan Brooks",
        email: "ethan.brooks@example.com",
        assessment: 1,
        invited_minutes_ago: days(5, 4),
        started_minutes_ago: days(5, 0),
        minutes: 14.0,
        ability: 74,
        events: &[("copy", 6.0)],
        progress: SUBMITTED,
        ..NOBODY
    },
    Candidate { name: "Mia Johansson", email: "mia.johansson@example.com", assessment: 1, invited_minutes_ago: days(1, 0), ..NOBODY },
];

const JOB_TITLE: &str = "Backend Engineer (Rust)";
const JOB_BODY: &str = "Acme Hiring is looking for a backend engineer to build the services behind our hiring platform.

What you will do:
- Design and build HTTP APIs in Rust (axum, sqlx) on PostgreSQL.
- Keep them fast and correct: tests, code review, measurements.
- Work with product and support to turn problems into small, shippable steps.

What you bring:
- Two or more years of Rust, or of another systems language and the wish to move to Rust.
- Solid SQL: schema design, indexes, transactions.
- A clear way of writing and talking about technical decisions.";

struct AssessmentSpec {
    title: &'static str,
    instructions: &'static str,
    time_limit_minutes: i32,
    passing_percent: f64,
    for_job: bool,
    /// (set, draw): all of a set, or that many at random.
    rules: &'static [(usize, Option<i32>)],
    created_minutes_ago: i64,
}

static ASSESSMENTS: [AssessmentSpec; 2] = [
    AssessmentSpec {
        title: "Backend engineer screen",
        instructions: "25 questions on Rust, SQL, HTTP and working with a team, in 75 minutes. Your answers are saved as you go; if your connection drops, keep working and they are sent when it returns. You may use a scratch pad, but please do not search the web or ask anyone for help. Two questions ask for a few paragraphs: a person reads those.",
        time_limit_minutes: 75,
        passing_percent: 60.0,
        for_job: true,
        rules: &[(0, None), (1, None), (2, None)],
        created_minutes_ago: days(8, 0),
    },
    AssessmentSpec {
        title: "SQL and HTTP quick check",
        instructions: "Six short questions, drawn at random, in 20 minutes.",
        time_limit_minutes: 20,
        passing_percent: 70.0,
        for_job: false,
        rules: &[(1, Some(6))],
        created_minutes_ago: days(6, 0),
    },
];

/// What the candidates' steps need to know of what was created before them.
struct Context {
    tenant_id: Uuid,
    recruiter: Uuid,
    now: DateTime<Utc>,
    grace: PgInterval,
    /// For each bank entry: its stored version and what was built from the form.
    questions: Vec<(Uuid, BuiltQuestion)>,
    assessments: Vec<Uuid>,
}

/// The question form as a recruiter fills it in: the one place that knows its fields.
/// The editor's form for a question written compactly: options one per line, the right ones
/// by number ("1, 3"), accepted answers one per line.
fn question_form(spec: &Spec) -> QuestionForm {
    let right: Vec<usize> = spec.correct.split(',').filter_map(|n| n.trim().parse().ok()).collect();
    let options = spec.options.lines().enumerate().map(|(i, text)| OptionRow { text: text.into(), correct: right.contains(&(i + 1)) }).collect();
    QuestionForm {
        kind: spec.kind.into(),
        prompt: spec.prompt.into(),
        options,
        correct: if spec.kind == "true_false" { spec.correct.into() } else { String::new() },
        scoring: spec.scoring.into(),
        penalty: spec.penalty,
        numeric_value: spec.value,
        tolerance: spec.tolerance,
        accepted: spec.accepted.lines().map(str::to_owned).collect(),
        pattern: spec.pattern.into(),
        difficulty: spec.difficulty.into(),
        points: spec.points,
        explanation: spec.explanation.into(),
    }
}

/// Seeds the demo tenant's assessments when the tenant exists and has no question bank yet.
/// Returns whether it did. One transaction: all of it or nothing.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    // Locked, so that two seeds at once do not both find the bank empty.
    let tenant: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1 for update").bind(DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?;
    let Some(tenant_id) = tenant else { return Ok(false) };
    let recruiter: Option<Uuid> = sqlx::query_scalar(
        "select user_id from memberships where tenant_id = $1 and role in ('recruiter', 'tenant_admin')
         order by role = 'recruiter' desc, created_at limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(recruiter) = recruiter else { return Ok(false) };
    Db::enter_tenant(&mut tx, tenant_id).await?;
    let has_bank: bool = sqlx::query_scalar("select exists (select 1 from questions where tenant_id = $1)").bind(tenant_id).fetch_one(&mut *tx).await?;
    if has_bank {
        return Ok(false);
    }
    let grace = PgInterval::try_from(platform.live_settings.save_grace()).map_err(AppError::internal)?;
    let mut ctx = Context { tenant_id, recruiter, now: Utc::now(), grace, questions: Vec::new(), assessments: Vec::new() };
    bank(&mut tx, &mut ctx).await?;
    for (index, candidate) in CANDIDATES.iter().enumerate() {
        take_part(&mut tx, &ctx, index, candidate).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Skills, questions, sets, the job and the assessments.
async fn bank(conn: &mut PgConnection, ctx: &mut Context) -> Result<(), AppError> {
    let tenant_id = ctx.tenant_id;
    let created = ctx.now - Duration::days(12);
    let mut skills = Vec::new();
    for name in SKILLS {
        let id = Uuid::now_v7();
        sqlx::query("insert into skills (id, tenant_id, name, created_at) values ($1, $2, $3, $4)")
            .bind(id)
            .bind(tenant_id)
            .bind(name)
            .bind(created)
            .execute(&mut *conn)
            .await?;
        skills.push(id);
    }
    let mut sets = Vec::new();
    for (name, description) in SETS {
        let id = Uuid::now_v7();
        sqlx::query("insert into question_sets (id, tenant_id, name, description, created_at) values ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(tenant_id)
            .bind(name)
            .bind(description)
            .bind(created)
            .execute(&mut *conn)
            .await?;
        sets.push(id);
    }
    for spec in BANK {
        let built = authoring::build(&question_form(spec))?;
        let version_id = repo::save_question(&mut *conn, tenant_id, ctx.recruiter, None, &built, Some(skills[spec.skill])).await?;
        let question_id: Uuid = sqlx::query_scalar("select question_id from question_versions where id = $1").bind(version_id).fetch_one(&mut *conn).await?;
        repo::add_to_set(&mut *conn, tenant_id, sets[spec.set], question_id).await?;
        ctx.questions.push((version_id, built));
    }
    sqlx::query("update questions set created_at = $2 where tenant_id = $1").bind(tenant_id).bind(created).execute(&mut *conn).await?;
    sqlx::query("update question_versions set created_at = $2 where tenant_id = $1").bind(tenant_id).bind(created).execute(&mut *conn).await?;
    let job_id = Uuid::now_v7();
    sqlx::query(
        "insert into requisitions (id, tenant_id, title, description, skill_ids, created_at, opened_at, updated_at, status, published,
                                   department, location_city, location_country, workplace, salary_min, salary_max, salary_currency,
                                   salary_visible, created_by, recruiter_id, hiring_manager_id, view_count)
         values ($1, $2, $3, $4, $5, $6, $6, $6, 'open', true, 'Engineering', 'Berlin', 'Germany', 'hybrid', 70000, 95000, 'EUR', true, $7, $7, $7, 412)",
    )
    .bind(job_id)
    .bind(tenant_id)
    .bind(JOB_TITLE)
    .bind(JOB_BODY)
    .bind(&skills)
    .bind(created + Duration::days(1))
    .bind(ctx.recruiter)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into requisition_status_history (id, tenant_id, requisition_id, from_status, to_status, reason, changed_by, changed_at)
         values ($1, $2, $3, null, 'open', 'Created', $4, $5)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(job_id)
    .bind(ctx.recruiter)
    .bind(created + Duration::days(1))
    .execute(&mut *conn)
    .await?;
    for spec in &ASSESSMENTS {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into assessments (id, tenant_id, title, instructions, time_limit_minutes, passing_percent, shuffle_questions,
                                      shuffle_options, attempts_allowed, created_by, requisition_id, created_at)
             values ($1, $2, $3, $4, $5, $6, true, true, 1, $7, $8, $9)",
        )
        .bind(id)
        .bind(tenant_id)
        .bind(spec.title)
        .bind(spec.instructions)
        .bind(spec.time_limit_minutes)
        .bind(spec.passing_percent)
        .bind(ctx.recruiter)
        .bind(spec.for_job.then_some(job_id))
        .bind(ctx.now - Duration::minutes(spec.created_minutes_ago))
        .execute(&mut *conn)
        .await?;
        for (position, (set, draw)) in spec.rules.iter().enumerate() {
            sqlx::query("insert into assessment_rules (id, tenant_id, assessment_id, set_id, draw, position) values ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(tenant_id)
                .bind(id)
                .bind(sets[*set])
                .bind(*draw)
                .bind(position as i32)
                .execute(&mut *conn)
                .await?;
        }
        ctx.assessments.push(id);
    }
    Ok(())
}

/// One candidate: invited, and as far along as they got.
async fn take_part(conn: &mut PgConnection, ctx: &Context, index: usize, candidate: &Candidate) -> Result<(), AppError> {
    let tenant_id = ctx.tenant_id;
    let assessment_id = ctx.assessments[candidate.assessment];
    // No mail: the link is never used, only its hash is kept, as for any invitation.
    let token = tokens::new_token();
    let invitation_id = Uuid::now_v7();
    let invited_at = ctx.now - Duration::minutes(candidate.invited_minutes_ago);
    let unflagged: Vec<&str> = if candidate.unflagged { vec!["window_blur", "tab_hidden"] } else { Vec::new() };
    sqlx::query(
        "insert into candidate_invitations (id, tenant_id, assessment_id, email, name, token_hash, expires_at, time_multiplier,
                                            unflagged_signals, invited_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7 + interval '14 days', $8, $9, $10, $7)",
    )
    .bind(invitation_id)
    .bind(tenant_id)
    .bind(assessment_id)
    .bind(candidate.email)
    .bind(candidate.name)
    .bind(tokens::hash(&token))
    .bind(invited_at)
    .bind(candidate.multiplier)
    .bind(&unflagged)
    .bind(ctx.recruiter)
    .execute(&mut *conn)
    .await?;
    if matches!(candidate.progress, Progress::Invited) {
        return Ok(());
    }

    let client_id = Uuid::now_v7();
    let session_id = sessions::begin_session(&mut *conn, tenant_id, invitation_id, assessment_id, candidate.multiplier, client_id).await?;
    let shown: Vec<Uuid> = sqlx::query_scalar("select question_version_id from session_questions where session_id = $1 order by position")
        .bind(session_id)
        .fetch_all(&mut *conn)
        .await?;
    let bank_index: HashMap<Uuid, usize> = ctx.questions.iter().enumerate().map(|(i, (version_id, _))| (*version_id, i)).collect();
    let answered: Vec<usize> = shown
        .iter()
        .filter_map(|version_id| bank_index.get(version_id).copied())
        .filter(|i| !candidate.unanswered.contains(i))
        .take(match candidate.progress {
            Progress::Answering { answered } => answered,
            _ => usize::MAX,
        })
        .collect();

    // Their time, spread over the questions they answered in proportion to the effort each takes.
    let started = ctx.now - Duration::minutes(candidate.started_minutes_ago);
    let working_seconds = (candidate.minutes - 0.5) * 60.0;
    let effort: f64 = answered.iter().map(|i| effort_seconds(&BANK[*i])).sum();
    let (mut elapsed, mut version_ids, mut saved_after) = (0.0, Vec::new(), Vec::new());
    for &i in &answered {
        let spent = effort_seconds(&BANK[i]) * working_seconds / effort.max(1.0);
        elapsed += spent;
        let (version_id, built) = &ctx.questions[i];
        let quality = quality(index, i, candidate.ability);
        let response = serde_json::to_value(response(&BANK[i], built, quality, candidate.ability)).map_err(AppError::internal)?;
        // As the browser numbers its saves: by its clock, in milliseconds.
        let seq = started.timestamp_millis() + (elapsed * 1000.0) as i64;
        let outcome: String = sqlx::query_scalar("select outcome from save_answer($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(tokens::hash(&token))
            .bind(client_id)
            .bind(version_id)
            .bind(response)
            .bind(quality == Quality::Partial)
            .bind(seq)
            .bind((spent * 1000.0) as i64)
            .bind(ctx.grace)
            .fetch_one(&mut *conn)
            .await?;
        if outcome != "saved" {
            tracing::error!(outcome, email = candidate.email, "a demo answer was refused");
            return Err(AppError::Internal);
        }
        version_ids.push(*version_id);
        saved_after.push(elapsed);
    }
    let events: Vec<(String, DateTime<Utc>, serde_json::Value)> = candidate
        .events
        .iter()
        .map(|(kind, minute)| ((*kind).to_owned(), started + Duration::milliseconds((minute * 60_000.0) as i64), serde_json::json!({})))
        .collect();
    if !events.is_empty() {
        sessions::record_events(&mut *conn, tenant_id, session_id, &events).await?;
    }

    let limit_seconds = (f64::from(ASSESSMENTS[candidate.assessment].time_limit_minutes) * 60.0 * candidate.multiplier).round() as i64;
    let deadline = started + Duration::seconds(limit_seconds);
    let (mut submitted_at, mut graded_at) = (None, None);
    if let Progress::Submitted { by, awaiting } = candidate.progress {
        sessions::finish(&mut *conn, session_id, by).await?;
        // The clock submits a few seconds after the deadline, when the sweeper passes.
        let submitted = if by == "time" { deadline + Duration::seconds(7) } else { started + Duration::seconds((candidate.minutes * 60.0) as i64) };
        submitted_at = Some(submitted);
        graded_at = Some(submitted);
        if !awaiting {
            let hand_graded = grade_essays(&mut *conn, ctx, session_id, &answered, candidate.ability).await?;
            if hand_graded {
                sessions::finish(&mut *conn, session_id, by).await?;
                graded_at = Some((submitted + Duration::hours(20)).min(ctx.now - Duration::minutes(30)));
            }
        }
    }
    sqlx::query(
        "update test_sessions set started_at = $2, deadline_at = $3,
                submitted_at = case when submitted_at is null then null else $4 end,
                graded_at = case when graded_at is null then null else $5 end
         where id = $1",
    )
    .bind(session_id)
    .bind(started)
    .bind(deadline)
    .bind(submitted_at)
    .bind(graded_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update answers a set saved_at = $2 + make_interval(secs => e.seconds)
         from unnest($3::uuid[], $4::float8[]) as e(version_id, seconds)
         where a.session_id = $1 and a.question_version_id = e.version_id",
    )
    .bind(session_id)
    .bind(started)
    .bind(&version_ids)
    .bind(&saved_after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The recruiter grades the essays the candidate wrote; whether there were any.
async fn grade_essays(conn: &mut PgConnection, ctx: &Context, session_id: Uuid, answered: &[usize], ability: u32) -> Result<bool, AppError> {
    let mut any = false;
    for &i in answered.iter().filter(|i| BANK[**i].kind == "long_text") {
        let (share, note) = ESSAY_GRADES[essay(ability)];
        let points = (BANK[i].points * share * 2.0).round() / 2.0;
        sqlx::query("update answers set points = $1, graded_by = $2, grader_note = $3 where session_id = $4 and question_version_id = $5 and tenant_id = $6")
            .bind(points)
            .bind(ctx.recruiter)
            .bind(note)
            .bind(session_id)
            .bind(ctx.questions[i].0)
            .bind(ctx.tenant_id)
            .execute(&mut *conn)
            .await?;
        any = true;
    }
    Ok(any)
}
