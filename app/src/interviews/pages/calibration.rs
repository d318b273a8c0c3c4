use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::AttributeTable;
use crate::access::{loaded, RoleGate};
use crate::interviews::api::calibration_report;
use crate::interviews::types::CALIBRATION_RULE;
use crate::platform::Role;
use crate::ui::{Card, PageHeader, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

/// `/interviews/calibration?from=…&to=…`: how interviewers rate compared with their panels.
#[component]
pub fn CalibrationPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_STAFF>
            <Report />
        </RoleGate>
    }
}

#[component]
fn Report() -> impl IntoView {
    let query = use_query_map();
    let range = move || (query.read().get("from").unwrap_or_default(), query.read().get("to").unwrap_or_default());
    let report = Resource::new(range, |(from, to)| calibration_report(from, to));
    view! {
        <Title text="Interviewer calibration" />
        <PageHeader title="Interviewer calibration" description="Interviews, scorecards, time to submit, and each interviewer's recommendations next to their panels'." />
        <nav aria-label="Interviews" class="mb-6 text-sm"><a class=LINK_CLASS href="/interviews">"Your interviews"</a></nav>
        {loaded(report, |report| view! {
            <form method="get" action="/interviews/calibration" class="mb-6 flex flex-wrap items-end gap-3">
                <div>
                    <label for="calibration-from" class=LABEL_CLASS>"From"</label>
                    <input id="calibration-from" type="date" name="from" value=report.from.to_string() class=INPUT_CLASS />
                </div>
                <div>
                    <label for="calibration-to" class=LABEL_CLASS>"To"</label>
                    <input id="calibration-to" type="date" name="to" value=report.to.to_string() class=INPUT_CLASS />
                </div>
                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
            </form>
            <p class=format!("{HINT_CLASS} mb-4")>{CALIBRATION_RULE}</p>
            {(!report.everyone).then(|| view! { <p class="mb-4 text-sm text-slate-900 dark:text-slate-100">"You see your own figures; recruiters and admins see every interviewer's."</p> })}
            {if report.interviewers.is_empty() {
                view! { <Card><p class=HINT_CLASS>"No interviews in this range."</p></Card> }.into_any()
            } else {
                view! {
                    <div class="space-y-6">
                        {report.interviewers.into_iter().map(|c| {
                            let facts = [
                                ("Interviews", c.interviews.to_string()),
                                ("Scorecards submitted", c.scorecards.to_string()),
                                ("Median time to submit", c.median_hours_to_submit.map(|h| format!("{h:.1} hours")).unwrap_or_else(|| "—".into())),
                                ("Candidates compared with the panel", c.compared.to_string()),
                                ("Mean difference from the panel", c.mean_difference.map(|d| format!("{d:+.2}")).unwrap_or_else(|| "—".into())),
                                ("Leaning", c.leaning.label().to_owned()),
                            ];
                            view! {
                                <Card title=c.name.clone()>
                                    <dl class="mb-4 grid gap-3 sm:grid-cols-3">
                                        {facts.into_iter().map(|(term, value)| view! {
                                            <div>
                                                <dt class="text-xs font-medium text-slate-700 dark:text-slate-300">{term}</dt>
                                                <dd class="text-lg font-semibold text-slate-900 dark:text-slate-100">{value}</dd>
                                            </div>
                                        }).collect_view()}
                                    </dl>
                                    {(!c.attributes.is_empty()).then(|| view! { <AttributeTable rows=c.attributes.clone() caption=format!("How {} rates each attribute", c.name) /> })}
                                </Card>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
        })}
    }
}
