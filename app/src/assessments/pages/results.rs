use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::assessments::grading::Response;
use crate::assessments::api::RevokeCandidateInvitation;
use crate::assessments::results::{assessment_results, results_csv, session_review, GradeAnswer, Integrity, Results, INTEGRITY_RULE};
use crate::assessments::types::QuestionKind;
use crate::platform::Role;
use crate::ui::{query_id, action_error, ActionError, Card, PageHeader, SubmitButton, Table, BUTTON_DANGER_CLASS, LINK_CLASS, TD_CLASS};

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~@".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A histogram of the submitted scores in ten bands, as an SVG with a text alternative.
fn distribution(results: &Results) -> impl IntoView + use<> {
    let mut bins = [0usize; 10];
    for percent in results.rows.iter().filter_map(|r| r.percent) {
        bins[((percent / 10.0).floor() as usize).min(9)] += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let summary = bins.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| format!("{n} scored {}–{}%", i * 10, i * 10 + 10)).collect::<Vec<_>>().join(", ");
    let label = if summary.is_empty() { "Score distribution: no submissions yet".to_owned() } else { format!("Score distribution: {summary}") };
    let pass_x = 30.0 + results.passing_percent * 4.0;
    view! {
        <svg role="img" aria-label=label viewBox="0 0 440 170" class="h-auto w-full max-w-xl">
            {bins.iter().enumerate().map(|(i, n)| {
                let height = 120.0 * *n as f64 / max as f64;
                let x = 30.0 + i as f64 * 40.0;
                view! {
                    <rect x=x + 4.0 y=130.0 - height width="32" height=height.max(1.0) rx="3" class="fill-indigo-500 dark:fill-indigo-400" />
                    <text x=x + 20.0 y=146.0 text-anchor="middle" class="fill-slate-600 text-xs dark:fill-slate-400">{format!("{}", i * 10)}</text>
                    {(*n > 0).then(|| view! { <text x=x + 20.0 y=124.0 - height text-anchor="middle" class="fill-slate-900 text-xs font-semibold dark:fill-slate-100">{*n}</text> })}
                }
            }).collect_view()}
            <line x1=pass_x x2=pass_x y1="5" y2="130" class="stroke-emerald-600" stroke-width="2" stroke-dasharray="4 3" />
            <text x=pass_x + 4.0 y="14" class="fill-emerald-700 text-xs dark:fill-emerald-300">"pass mark"</text>
            <text x="230" y="166" text-anchor="middle" class="fill-slate-600 text-xs dark:fill-slate-400">"score (%)"</text>
        </svg>
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! { <RoleGate roles=&Role::RECRUITING><ResultsView /></RoleGate> }
}

#[component]
fn ResultsView() -> impl IntoView {
    let id = query_id("id");
    let revoke = ServerAction::<RevokeCandidateInvitation>::new();
    let results = Resource::new(move || (id(), revoke.version().get()), |(id, _)| async move {
        match id {
            Some(id) => assessment_results(id).await,
            None => Err(crate::platform::AppError::NotFound),
        }
    });
    let status_filter = RwSignal::new(String::new());
    let sort = RwSignal::new("score");
    view! {
        <Title text="Results" />
        {loaded(results, move |results| {
            let csv_href = format!("data:text/csv;charset=utf-8,{}", percent_encode(&results_csv(&results)));
            let chart = distribution(&results);
            let rows = StoredValue::new(results.rows.clone());
            let table = move || {
                let mut rows = rows.get_value();
                let filter = status_filter.get();
                rows.retain(|r| filter.is_empty() || r.status == filter);
                match sort.get() {
                    "email" => rows.sort_by(|a, b| a.email.cmp(&b.email)),
                    "time" => rows.sort_by(|a, b| a.minutes_used.partial_cmp(&b.minutes_used).unwrap_or(std::cmp::Ordering::Equal)),
                    _ => rows.sort_by(|a, b| b.percent.partial_cmp(&a.percent).unwrap_or(std::cmp::Ordering::Equal)),
                }
                rows.into_iter().map(|r| {
                    let tier_class = match r.integrity { Integrity::None => "text-slate-700 dark:text-slate-300", Integrity::Some => "font-medium text-amber-800 dark:text-amber-300", Integrity::Major => "font-semibold text-red-700 dark:text-red-300" };
                    view! {
                        <tr>
                            <td class=TD_CLASS>{match r.session_id {
                                Some(session) => view! { <a class=LINK_CLASS href=format!("/assessments/review?session={session}")>{r.email.clone()}</a> }.into_any(),
                                None => r.email.clone().into_any(),
                            }}</td>
                            <td class=TD_CLASS>{r.status.clone()}</td>
                            <td class=TD_CLASS>{r.score.zip(r.max_score).map(|(s, m)| format!("{s} / {m}")).unwrap_or_default()}</td>
                            <td class=TD_CLASS>{r.percent.map(|p| format!("{p}%")).unwrap_or_default()} {r.passed.map(|p| if p { " · pass" } else { " · fail" })}</td>
                            <td class=TD_CLASS>{r.percentile.map(|p| format!("{p}")).unwrap_or_default()}</td>
                            <td class=TD_CLASS><span class=tier_class>{r.integrity.label()}</span></td>
                            <td class=TD_CLASS>{r.minutes_used.map(|m| format!("{m} min")).unwrap_or_default()}</td>
                            <td class=TD_CLASS>
                                {(r.status == "invited" || r.status == "started").then(|| view! {
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="invitation_id" value=r.invitation_id.to_string() />
                                        <button type="submit" class=BUTTON_DANGER_CLASS>"Withdraw"<span class="sr-only">{format!(" the invitation of {}", r.email)}</span></button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()
            };
            view! {
                <PageHeader title=format!("Results: {}", results.title) description=format!(
                    "{}Pass mark {}%. Percentiles rank graded candidates of this assessment.",
                    results.job.as_ref().map(|job| format!("For the job: {job}. ")).unwrap_or_default(),
                    results.passing_percent,
                ) />
                <div class="space-y-6">
                    <Card title="Score distribution">{chart}</Card>
                    <Card title="Candidates">
                        <div class="mb-4 flex flex-wrap items-end gap-4">
                            <div>
                                <label for="status-filter" class="block text-sm font-medium">"Status"</label>
                                <select id="status-filter" class="min-h-10 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900" on:change=move |ev| status_filter.set(event_target_value(&ev))>
                                    <option value="">"All"</option>
                                    <option value="invited">"Invited"</option>
                                    <option value="started">"Started"</option>
                                    <option value="submitted">"Submitted"</option>
                                    <option value="graded">"Graded"</option>
                                </select>
                            </div>
                            <div>
                                <label for="sort" class="block text-sm font-medium">"Sort by"</label>
                                <select id="sort" class="min-h-10 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900" on:change=move |ev| sort.set(match event_target_value(&ev).as_str() { "email" => "email", "time" => "time", _ => "score" })>
                                    <option value="score">"Score"</option>
                                    <option value="email">"Email"</option>
                                    <option value="time">"Time used"</option>
                                </select>
                            </div>
                            <a class=LINK_CLASS href=csv_href download="results.csv">"Download CSV"</a>
                        </div>
                        <Table columns=&["Candidate", "Status", "Score", "Percent", "Percentile", "Integrity", "Time used", ""]>{table}</Table>
                        <p class="mt-4 text-xs text-slate-600 dark:text-slate-400">{format!("Integrity tiers. {INTEGRITY_RULE}")}</p>
                    </Card>
                </div>
            }
        })}
    }
}

fn show_response(response: &Option<Response>, options: &[crate::assessments::types::ChoiceOption]) -> String {
    match response {
        None => "No answer".to_owned(),
        Some(Response::Choice(ids)) => options.iter().filter(|o| ids.contains(&o.id)).map(|o| o.text.clone()).collect::<Vec<_>>().join("; "),
        Some(Response::Number(n)) => n.to_string(),
        Some(Response::Text(t)) => t.clone(),
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <RoleGate roles=&Role::RECRUITING><ReviewView /></RoleGate> }
}

#[component]
fn ReviewView() -> impl IntoView {
    let id = query_id("session");
    let grade = ServerAction::<GradeAnswer>::new();
    let error = action_error(grade.value());
    let review = Resource::new(move || (id(), grade.version().get()), |(id, _)| async move {
        match id {
            Some(id) => session_review(id).await,
            None => Err(crate::platform::AppError::NotFound),
        }
    });
    view! {
        <Title text="Candidate review" />
        {loaded(review, move |review| {
            let session = review.session_id.to_string();
            view! {
                <PageHeader title=review.email.clone() description=format!("{} · started {}", review.title, review.started_at.format("%Y-%m-%d %H:%M UTC")) />
                <div class="space-y-6">
                    <Card title="Outcome">
                        <p class="text-lg font-semibold">
                            {review.score.zip(review.max_score).map(|(s, m)| format!("{s} of {m} points")).unwrap_or_else(|| "Not submitted yet".into())}
                            {review.percent.map(|p| format!(" · {p}%"))}
                            {review.passed.map(|p| if p { " · pass" } else { " · fail" })}
                        </p>
                        <p class="text-sm text-slate-600 dark:text-slate-400">
                            {review.submitted_by.as_deref().map(|by| if by == "time" { "Submitted when time ran out." } else { "Submitted by the candidate." })}
                            {format!(" Integrity: {}.", review.integrity.label())}
                        </p>
                        {(!review.skills.is_empty()).then(|| view! {
                            <ul class="mt-3 text-sm">
                                {review.skills.iter().map(|(name, points, max)| view! { <li>{format!("{name}: {points} of {max}")}</li> }).collect_view()}
                            </ul>
                        })}
                    </Card>
                    {review.job.clone().map(|job| view! {
                        <Card title=format!("Against the job: {}", job.title)>
                            {if job.skills.is_empty() {
                                view! { <p class="text-sm text-slate-600 dark:text-slate-400">"The job names no required skills."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="text-sm">
                                        {job.skills.into_iter().map(|(name, scored)| view! {
                                            <li>{match scored {
                                                Some((points, max)) if max > 0.0 => format!("{name}: {points} of {max} ({:.0}%)", points * 100.0 / max),
                                                _ => format!("{name}: not measured by this assessment"),
                                            }}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </Card>
                    })}
                    <ActionError error />
                    <ol class="space-y-4">
                        {review.questions.into_iter().map(|q| {
                            let manual = q.kind == QuestionKind::LongText && q.response.is_some();
                            let version = q.version_id.to_string();
                            let session = session.clone();
                            let points_id = format!("points-{}", q.position);
                            let points_label = format!("Points (0 to {})", q.points);
                            let points_max = q.points.to_string();
                            view! {
                                <li>
                                    <Card>
                                        <p class="text-xs text-slate-600 dark:text-slate-400">{format!("Question {} · {} · {}{}", q.position, q.kind.label(), q.skill.clone().unwrap_or_else(|| "no skill".into()), if q.late { " · saved in the grace period" } else { "" })}</p>
                                        <p class="mt-1 whitespace-pre-wrap font-medium">{q.prompt.clone()}</p>
                                        {(!q.options.is_empty()).then(|| view! {
                                            <ol class="mt-2 list-decimal pl-6 text-sm">{q.options.iter().map(|o| view! { <li>{o.text.clone()}</li> }).collect_view()}</ol>
                                        })}
                                        <dl class="mt-3 grid gap-1 text-sm md:grid-cols-4">
                                            <dt class="text-slate-600 dark:text-slate-400">"Answer"</dt>
                                            <dd class="whitespace-pre-wrap md:col-span-3">{show_response(&q.response, &q.options)}</dd>
                                            <dt class="text-slate-600 dark:text-slate-400">"Correct"</dt>
                                            <dd class="md:col-span-3">{q.correct.clone()}</dd>
                                            <dt class="text-slate-600 dark:text-slate-400">"Time on it"</dt>
                                            <dd class="md:col-span-3">{format!("{} min {} s", q.seconds_spent / 60, q.seconds_spent % 60)}</dd>
                                            <dt class="text-slate-600 dark:text-slate-400">"Points"</dt>
                                            <dd class="md:col-span-3">{format!("{} of {}", q.awarded.map(|a| a.to_string()).unwrap_or_else(|| "–".into()), q.points)}</dd>
                                        </dl>
                                        {(!q.explanation.is_empty()).then(|| view! { <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">{q.explanation.clone()}</p> })}
                                        {manual.then(|| view! {
                                            <ActionForm action=grade attr:class="mt-3 flex flex-wrap items-end gap-2">
                                                <input type="hidden" name="session_id" value=session.clone() />
                                                <input type="hidden" name="version_id" value=version.clone() />
                                                <div>
                                                    <label for=points_id.clone() class="block text-sm font-medium">{points_label.clone()}</label>
                                                    <input id=points_id.clone() type="number" name="points" step="0.5" min="0" max=points_max.clone() required=true class="min-h-10 w-28 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900" />
                                                </div>
                                                <SubmitButton label="Save grade" pending=grade.pending() />
                                            </ActionForm>
                                        })}
                                    </Card>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <Card title="Proctoring timeline">
                        {if review.events.is_empty() {
                            view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No signals recorded."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="space-y-1 text-sm">
                                    {review.events.iter().map(|(kind, at)| view! { <li><time datetime=at.to_rfc3339()>{at.format("%H:%M:%S").to_string()}</time>" · "{kind.replace('_', " ")}</li> }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        <p class="mt-3 text-xs text-slate-600 dark:text-slate-400">{INTEGRITY_RULE}</p>
                    </Card>
                </div>
            }
        })}
    }
}
