//! The interviews' pages: the interviewer's day, the kit with its scorecard, the requisition's
//! plan, the application's interviews card, the candidate's choice of times, calibration.

mod application;
mod calibration;
mod home;
mod kit;
mod pick;
mod plan;

pub use application::InterviewsCard;
pub use calibration::CalibrationPage;
pub use home::InterviewsHomePage;
pub use kit::KitPage;
pub use pick::PickTimePage;
pub use plan::InterviewPlanPage;

use leptos::prelude::*;

use super::types::*;
use crate::ui::{paragraphs, HINT_CLASS, LINK_CLASS};

/// "12 Dec 2026, 14:05" in UTC, for moments that are not appointments.
pub(crate) fn when(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// A list of interviews, each linking to its kit.
#[component]
pub(crate) fn InterviewList(items: Vec<InterviewSummary>, #[prop(into)] empty: String, #[prop(optional)] extra: Vec<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class=HINT_CLASS>{empty}</p> }.into_any();
    }
    view! {
        <ul class="divide-y divide-slate-200 dark:divide-slate-700">
            {items.into_iter().enumerate().map(|(i, item)| {
                let note = extra.get(i).cloned();
                view! {
                    <li class="py-3 text-sm">
                        <a class=LINK_CLASS href=format!("/interviews/{}", item.id)>{format!("{} with {}", item.title, item.candidate_name)}</a>
                        <span class="block text-slate-700 dark:text-slate-300">{format!("{} · {}", item.local_time, item.requisition_title)}</span>
                        <span class="block text-slate-700 dark:text-slate-300">
                            {format!("{}{}", item.status.label(), if item.place.is_empty() { String::new() } else { format!(" · {}", item.place) })}
                        </span>
                        {note.map(|n| view! { <span class="block font-medium text-amber-800 dark:text-amber-300">{n}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The forms that mark an interview in progress, completed or a no-show.
#[component]
pub(crate) fn StatusButtons(interview_id: uuid::Uuid, current: InterviewStatus, status: ServerAction<super::api::SetInterviewStatus>) -> impl IntoView {
    [InterviewStatus::InProgress, InterviewStatus::Completed, InterviewStatus::NoShow]
        .into_iter()
        .filter(|s| *s != current)
        .map(|s| {
            view! {
                <ActionForm action=status>
                    <input type="hidden" name="interview_id" value=interview_id.to_string() />
                    <input type="hidden" name="status" value=s.as_str() />
                    <button type="submit" class=crate::ui::BUTTON_SECONDARY_CLASS>{format!("Mark {}", s.label().to_lowercase())}</button>
                </ActionForm>
            }
        })
        .collect_view()
}

/// One submitted scorecard, as colleagues and the hiring team read it.
#[component]
pub(crate) fn ScorecardView(card: Scorecard) -> impl IntoView {
    let heading = format!(
        "{} · {} · {}",
        card.interviewer,
        card.interview_title,
        card.content.recommendation.map(recommendation_label).unwrap_or("Draft, not submitted")
    );
    view! {
        <article class="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <h3 class="text-sm font-semibold text-slate-900 dark:text-slate-100">{heading}</h3>
            {card.submitted_at.map(|t| view! { <p class=HINT_CLASS>{format!("Submitted {}", when(t))}</p> })}
            <dl class="mt-2 space-y-1 text-sm">
                {card.content.ratings.iter().map(|r| view! {
                    <div>
                        <dt class="inline font-medium text-slate-800 dark:text-slate-200">{format!("{}: ", r.attribute)}</dt>
                        <dd class="inline text-slate-900 dark:text-slate-100">
                            {r.rating.map(rating_label).unwrap_or("Not assessed")}
                            {(!r.note.is_empty()).then(|| format!(" — {}", r.note))}
                        </dd>
                    </div>
                }).collect_view()}
            </dl>
            {(!card.content.takeaways.is_empty()).then(|| view! {
                <h4 class="mt-2 text-xs font-semibold text-slate-800 dark:text-slate-200">"Key take-aways"</h4>
                <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&card.content.takeaways)}</div>
            })}
            {(!card.content.private_notes.is_empty()).then(|| view! {
                <h4 class="mt-2 text-xs font-semibold text-slate-800 dark:text-slate-200">"Private notes for the hiring team"</h4>
                <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&card.content.private_notes)}</div>
            })}
            {(!card.amendments.is_empty()).then(|| view! {
                <details class="mt-2 text-sm">
                    <summary class=format!("{LINK_CLASS} cursor-pointer")>{format!("Amended {} time{}", card.amendments.len(), if card.amendments.len() == 1 { "" } else { "s" })}</summary>
                    <ul class="mt-1 space-y-1">
                        {card.amendments.iter().map(|a| view! {
                            <li class="text-slate-800 dark:text-slate-200">
                                {format!("{} by {}: “{}”. It said before: {}.", when(a.at), a.actor.clone().unwrap_or_else(|| "a former member".into()), a.reason,
                                    a.before.recommendation.map(recommendation_label).unwrap_or("—"))}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </article>
    }
}

/// The per-attribute spread across scorecards, as a table.
#[component]
pub(crate) fn AttributeTable(rows: Vec<AttributeSummary>, #[prop(into)] caption: String) -> impl IntoView {
    view! {
        <table class="w-full text-left text-sm">
            <caption class="sr-only">{caption}</caption>
            <thead>
                <tr class="text-xs text-slate-700 dark:text-slate-300">
                    <th scope="col">"Attribute"</th>
                    {RATING_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}
                    <th scope="col">"Not assessed"</th>
                    <th scope="col">"Mean (1–4)"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr class="text-slate-900 dark:text-slate-100">
                        <th scope="row" class="font-normal">{row.attribute.clone()}</th>
                        {row.counts.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                        <td>{row.not_assessed}</td>
                        <td>{row.mean.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
