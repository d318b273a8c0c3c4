use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::assessments::grading::Response;
use crate::assessments::api::RevokeCandidateInvitation;
use leptos_router::hooks::use_query_map;

use crate::assessments::results::{
    assessment_results, results_csv, serious_events, session_review, GradeAnswer, Integrity, Results, ReviewProctoring, ReviewStatus, Severity, INTEGRITY_RULE,
    NOTE_MAX_CHARS, PERCENTILE_MIN_GRADED, PERCENTILE_RULE, SEVERITY_RULE,
};
use crate::assessments::types::QuestionKind;
use crate::platform::Role;
use crate::ui::{path_id, action_error, successes, ActionError, Card, PageHeader, SubmitButton, Table, TextArea, BUTTON_DANGER_CLASS, LINK_CLASS, TD_CLASS};

/// The histogram's frame, in viewBox units.
const CHART_WIDTH: f64 = 440.0;
const CHART_HEIGHT: f64 = 180.0;
/// Where the bars stand.
const BASELINE: f64 = 140.0;
/// The pass mark's label, at the top of the frame.
const PASS_LABEL_Y: f64 = 14.0;
/// The labels' font size (text-xs).
const LABEL_SIZE: f64 = 12.0;
/// A count sits this far above its bar (baseline of the text to the bar's top).
const LABEL_GAP: f64 = 6.0;
/// The top of the tallest bar: below the pass mark's label, with room for the bar's count.
const PLOT_TOP: f64 = PASS_LABEL_Y + 4.0 + LABEL_SIZE + LABEL_GAP;

/// A bar of `count` where the fullest band has `max`: its top, its height and its label's baseline.
fn bar_geometry(count: usize, max: usize) -> (f64, f64, f64) {
    let height = (BASELINE - PLOT_TOP) * count as f64 / max.max(1) as f64;
    let top = BASELINE - height;
    (top, height, top - LABEL_GAP)
}

/// A histogram of the submitted scores in ten bands, as an SVG with a text alternative.
fn distribution(results: &Results) -> impl IntoView + use<> {
    let mut bins = [0usize; 10];
    for percent in results.rows.iter().filter_map(|r| r.percent) {
        bins[((percent / 10.0).floor() as usize).min(9)] += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(0);
    let summary = bins.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| format!("{n} scored {}–{}%", i * 10, i * 10 + 10)).collect::<Vec<_>>().join(", ");
    let label = if summary.is_empty() { "Score distribution: no submissions yet".to_owned() } else { format!("Score distribution: {summary}") };
    let pass_x = 30.0 + results.passing_percent * 4.0;
    view! {
        <svg role="img" aria-label=label viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") class="h-auto w-full max-w-xl">
            {bins.iter().enumerate().map(|(i, n)| {
                let (top, height, label_y) = bar_geometry(*n, max);
                let x = 30.0 + i as f64 * 40.0;
                view! {
                    <rect x=x + 4.0 y=top.min(BASELINE - 1.0) width="32" height=height.max(1.0) rx="3" class="fill-indigo-500 dark:fill-indigo-400" />
                    <text x=x + 20.0 y=BASELINE + 16.0 text-anchor="middle" class="fill-slate-600 text-xs dark:fill-slate-400">{format!("{}", i * 10)}</text>
                    {(*n > 0).then(|| view! { <text x=x + 20.0 y=label_y text-anchor="middle" class="fill-slate-900 text-xs font-semibold dark:fill-slate-100">{*n}</text> })}
                }
            }).collect_view()}
            <line x1=pass_x x2=pass_x y1="18" y2=BASELINE class="stroke-emerald-600" stroke-width="2" stroke-dasharray="4 3" />
            <text x=pass_x + 4.0 y=PASS_LABEL_Y class="fill-emerald-700 text-xs dark:fill-emerald-300">"pass mark"</text>
            <text x="230" y=CHART_HEIGHT - 4.0 text-anchor="middle" class="fill-slate-600 text-xs dark:fill-slate-400">"score (%)"</text>
        </svg>
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! { <RoleGate roles=&Role::RECRUITING><ResultsView /></RoleGate> }
}

#[component]
fn ResultsView() -> impl IntoView {
    let id = path_id();
    let query = use_query_map();
    let needs_review_only = move || query.read().get("attention").is_some_and(|v| v == "1");
    let revoke = ServerAction::<RevokeCandidateInvitation>::new();
    let results = Resource::new(move || (id(), needs_review_only(), revoke.version().get()), |(id, needs_review, _)| async move {
        match id {
            Some(id) => assessment_results(id, needs_review).await,
            None => Err(crate::platform::AppError::NotFound),
        }
    });
    let status_filter = RwSignal::new(String::new());
    let sort = RwSignal::new("score");
    let percentile_pending = format!("shown once {PERCENTILE_MIN_GRADED} candidates are graded");
    view! {
        <Title text="Results" />
        {loaded(results, move |results| {
            let csv_href = format!("data:text/csv;charset=utf-8,{}", crate::ui::url_encode(&results_csv(&results)));
            let chart = distribution(&results);
            let rows = StoredValue::new(results.rows.clone());
            let percentile_pending = percentile_pending.clone();
            let pending_note = (results.graded < PERCENTILE_MIN_GRADED).then(|| format!("{} graded so far.", results.graded));
            let assessment = id().map(|id| id.to_string()).unwrap_or_default();
            let filter_link = if needs_review_only() {
                view! { <a class=LINK_CLASS href=format!("/assessments/{assessment}/results")>"Show all candidates"</a> }.into_any()
            } else {
                view! {
                    <a class=LINK_CLASS href=format!("/assessments/{assessment}/results?attention=1")>
                        {format!("Only sessions needing review ({})", results.needing_review)}
                    </a>
                }.into_any()
            };
            let table = move || {
                let percentile_pending = percentile_pending.clone();
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
                    let review = r.review_label();
                    let percentile = match r.percentile {
                        Some(p) => view! { <span>{p.to_string()}</span> }.into_any(),
                        None if r.status == "graded" => view! {
                            <span title=percentile_pending.clone() aria-hidden="true">"—"</span>
                            <span class="sr-only">{format!("Percentile {percentile_pending}")}</span>
                        }.into_any(),
                        None => ().into_any(),
                    };
                    view! {
                        <tr>
                            <td class=TD_CLASS>{match r.session_id {
                                Some(session) => view! { <a class=LINK_CLASS href=format!("/assessments/sessions/{session}/review")>{r.email.clone()}</a> }.into_any(),
                                None => r.email.clone().into_any(),
                            }}</td>
                            <td class=TD_CLASS>{r.status.clone()}</td>
                            <td class=TD_CLASS>{r.score.zip(r.max_score).map(|(s, m)| format!("{s} / {m}")).unwrap_or_default()}</td>
                            <td class=TD_CLASS>{r.percent.map(|p| format!("{p}%")).unwrap_or_default()} {r.passed.map(|p| if p { " · pass" } else { " · fail" })}</td>
                            <td class=TD_CLASS>{percentile}</td>
                            <td class=TD_CLASS>
                                <span class=tier_class>{r.integrity.label()}</span>
                                {review.map(|text| view! { <span class=if r.needs_review { "font-medium text-red-700 dark:text-red-300" } else { "text-slate-700 dark:text-slate-300" }>{format!(" · {text}")}</span> })}
                            </td>
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
                    "{}Pass mark {}%.",
                    results.job.as_ref().map(|job| format!("For the job: {job}. ")).unwrap_or_default(),
                    results.passing_percent,
                ) />
                <div class="space-y-6">
                    <Card title=if needs_review_only() { "Score distribution of the sessions needing review" } else { "Score distribution" }>{chart}</Card>
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
                            {filter_link}
                            <a class=LINK_CLASS href=csv_href download="results.csv">"Download CSV"</a>
                        </div>
                        <p class="mb-4 text-sm text-slate-600 dark:text-slate-400">{PERCENTILE_RULE}{pending_note.map(|note| format!(" {note}"))}</p>
                        <Table columns=&["Candidate", "Status", "Score", "Percent", "Percentile", "Integrity", "Time used", ""]>{table}</Table>
                        <p class="mt-4 text-xs text-slate-600 dark:text-slate-400">{format!("Integrity tiers. {INTEGRITY_RULE}")}</p>
                        <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">{SEVERITY_RULE}</p>
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
    let id = path_id();
    let grade = ServerAction::<GradeAnswer>::new();
    let error = action_error(grade.value());
    let mark_reviewed = ServerAction::<ReviewProctoring>::new();
    let review_error = action_error(mark_reviewed.value());
    let reviewed = successes(mark_reviewed.value(), mark_reviewed.version());
    let review = Resource::new(move || (id(), grade.version().get(), reviewed.get()), |(id, _, _)| async move {
        match id {
            Some(id) => session_review(id).await,
            None => Err(crate::platform::AppError::NotFound),
        }
    });
    view! {
        <Title text="Candidate review" />
        {loaded(review, move |review| {
            let session = review.session_id.to_string();
            let serious = serious_events(&review.events);
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
                                    {review.events.iter().map(|event| {
                                        let severity_class = match event.severity {
                                            Severity::Low => "text-slate-700 dark:text-slate-300",
                                            Severity::Medium => "font-medium text-amber-800 dark:text-amber-300",
                                            Severity::High | Severity::Critical => "font-semibold text-red-700 dark:text-red-300",
                                        };
                                        view! {
                                            <li>
                                                <time datetime=event.at.to_rfc3339()>{event.at.format("%H:%M:%S").to_string()}</time>
                                                " · "{event.kind.replace('_', " ")}" · "
                                                <span class=severity_class>{format!("severity {}", event.severity.label())}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        <p class="mt-3 text-xs text-slate-600 dark:text-slate-400">{format!("Integrity tiers. {INTEGRITY_RULE}")}</p>
                        <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">{SEVERITY_RULE}</p>
                    </Card>
                    <Card title="Proctoring review">
                        <p class="text-sm font-medium">{match review.review_status {
                            ReviewStatus::NotReviewed if serious > 0 => format!("Not reviewed: {serious} high or critical signal{} to review.", if serious == 1 { "" } else { "s" }),
                            ReviewStatus::NotReviewed => "Not reviewed.".to_owned(),
                            ReviewStatus::Reviewed => "Reviewed.".to_owned(),
                            ReviewStatus::NewEventsSinceReview => "New high or critical signals since the last review.".to_owned(),
                        }}</p>
                        {(!review.reviews.is_empty()).then(|| view! {
                            <ol class="mt-3 space-y-3 text-sm">
                                {review.reviews.iter().map(|r| view! {
                                    <li class="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
                                        <p class="whitespace-pre-wrap">{r.note.clone()}</p>
                                        <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">
                                            {format!("{} · ", r.reviewer.clone().unwrap_or_else(|| "A former member".into()))}
                                            <time datetime=r.reviewed_at.to_rfc3339()>{r.reviewed_at.format("%Y-%m-%d %H:%M UTC").to_string()}</time>
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        })}
                        <ActionForm action=mark_reviewed attr:class="mt-4 space-y-3">
                            <input type="hidden" name="session_id" value=session.clone() />
                            <input type="hidden" name="serious_events_seen" value=serious.to_string() />
                            <TextArea label="Review note" name="note" max_length=NOTE_MAX_CHARS
                                hint=format!("What you found and concluded; required, at most {NOTE_MAX_CHARS} characters. Reviewing leaves the integrity tier as it is.")
                                error=review_error />
                            <ActionError error=review_error />
                            <SubmitButton label="Mark reviewed" pending=mark_reviewed.pending() />
                        </ActionForm>
                    </Card>
                </div>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_bars_count_stays_inside_the_chart() {
        let (top, height, label_y) = bar_geometry(7, 7);
        assert_eq!(top + height, BASELINE);
        assert!(label_y - LABEL_SIZE >= 0.0, "the label's top ({}) is inside the viewBox", label_y - LABEL_SIZE);
        assert!(label_y <= CHART_HEIGHT && label_y < top, "above its bar, inside the frame");
        // Clear of the pass mark's label too.
        assert!(label_y - LABEL_SIZE > PASS_LABEL_Y);
    }

    #[test]
    fn bars_grow_with_their_counts() {
        assert_eq!(bar_geometry(0, 0).1, 0.0);
        let (half, full) = (bar_geometry(2, 4).1, bar_geometry(4, 4).1);
        assert_eq!(half * 2.0, full);
    }
}
