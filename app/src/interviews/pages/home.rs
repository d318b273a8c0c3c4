use leptos::prelude::*;
use leptos_meta::Title;

use super::{when, InterviewList};
use crate::access::{loaded, RoleGate};
use crate::interviews::api::{interview_settings, interviewer_day, SaveInterviewSettings};
use crate::platform::Role;
use crate::ui::{action_error, ActionError, Card, Field, PageHeader, SubmitButton, LINK_CLASS};

/// `/interviews`: the member's interviews today and ahead, scorecards due and submitted.
#[component]
pub fn InterviewsHomePage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_STAFF>
            <InterviewerDay />
        </RoleGate>
    }
}

#[component]
pub fn InterviewerDay() -> impl IntoView {
    let save = ServerAction::<SaveInterviewSettings>::new();
    let day = Resource::new(move || save.version().get(), |_| interviewer_day());
    let settings = Resource::new(move || save.version().get(), |_| interview_settings());
    let error = action_error(save.value());
    view! {
        <Title text="Interviews" />
        <PageHeader title="Your interviews" description="Today, what is coming, and the scorecards waiting for you." />
        <nav aria-label="Interviews" class="mb-6 flex flex-wrap gap-4 text-sm">
            {crate::access::signed_in_user().has_feature(crate::platform::flags::keys::CALIBRATION).then(|| view! { <a class=LINK_CLASS href="/interviews/calibration">"Calibration"</a> })}
        </nav>
        {loaded(day, |day| {
            let due_notes: Vec<String> = day.due.iter().map(|(_, late)| format!("Scorecard due: {late} since the interview ended")).collect();
            let due: Vec<_> = day.due.into_iter().map(|(i, _)| i).collect();
            let submitted_notes: Vec<String> = day.submitted.iter().map(|(_, at)| format!("Submitted {}", when(*at))).collect();
            let submitted: Vec<_> = day.submitted.into_iter().map(|(i, _)| i).collect();
            view! {
                <p class="mb-4 text-sm text-slate-700 dark:text-slate-300">{format!("Times are shown in {}.", day.time_zone)}</p>
                <div class="grid gap-6 lg:grid-cols-2">
                    <Card title="Today">
                        <InterviewList items=day.today empty="No interviews today." />
                    </Card>
                    <Card title="Scorecards due">
                        <InterviewList items=due extra=due_notes empty="Nothing waiting: every scorecard is in." />
                    </Card>
                    <Card title="Upcoming">
                        <InterviewList items=day.upcoming empty="Nothing scheduled yet." />
                    </Card>
                    <Card title="Recently submitted">
                        <InterviewList items=submitted extra=submitted_notes empty="No scorecards submitted yet." />
                    </Card>
                </div>
            }
        })}
        <div class="mt-6 max-w-xl">
            <Card title="Your interview settings">
                {loaded(settings, move |(zone, limit)| view! {
                    <ActionForm action=save attr:class="space-y-4">
                        <Field label="Your time zone" name="time_zone" value=zone.clone() hint=format!("An IANA name such as {}; invitations and lists use it.", crate::interviews::types::COMMON_TIME_ZONES[4..8].join(", ")) error />
                        <Field label="Most interviews a week (empty: no limit)" name="weekly_limit" kind="number" value=limit.map(|n| n.to_string()).unwrap_or_default()
                            hint="Recruiters are warned before scheduling you beyond it." error />
                        <ActionError error />
                        {move || save.value().get().and_then(Result::ok).map(|m| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })}
                        <SubmitButton label="Save settings" pending=save.pending() />
                    </ActionForm>
                })}
            </Card>
        </div>
    }
}
