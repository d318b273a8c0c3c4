use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::notifications::api::{notification_preferences, notification_templates, ResetNotificationTemplate, SaveNotificationPreferences, SaveNotificationTemplate};
use crate::notifications::types::*;
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Field, PageHeader, SubmitButton, TextArea, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS};

const SELECT_CLASS: &str = "min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/// For each kind of notification: in the app or not, and by email one at a time, in a daily digest, or not.
#[component]
pub fn NotificationPreferencesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_STAFF>
            <Preferences />
        </RoleGate>
    }
}

#[component]
fn Preferences() -> impl IntoView {
    let save = ServerAction::<SaveNotificationPreferences>::new();
    let saved = successes(save.value(), save.version());
    let error = action_error(save.value());
    let preferences = Resource::new(move || saved.get(), |_| notification_preferences());
    view! {
        <Title text="Notification preferences" />
        <PageHeader title="Notification preferences" description="Choose how each kind of notification reaches you. The daily digest is one email each morning listing what waited." />
        <p class="mb-4 text-sm"><a class=LINK_CLASS href="/notifications">"Back to notifications"</a></p>
        {loaded(preferences, move |preferences| view! {
            <ActionForm action=save attr:class="space-y-4">
                <div class="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                    <table class=TABLE_CLASS>
                        <thead><tr><th scope="col" class=TH_CLASS>"Notification"</th><th scope="col" class=TH_CLASS>"In the app"</th><th scope="col" class=TH_CLASS>"By email"</th></tr></thead>
                        <tbody>
                            {preferences.into_iter().map(|p| {
                                let select_id = format!("email-{}", p.kind.as_str());
                                view! {
                                    <tr>
                                        <th scope="row" class=TD_CLASS>{p.kind.label()}</th>
                                        <td class=TD_CLASS>
                                            <input type="checkbox" name="in_app[]" value=p.kind.as_str() checked=p.in_app class=CHECK_CLASS aria-label=format!("{} in the app", p.kind.label()) />
                                        </td>
                                        <td class=TD_CLASS>
                                            <label for=select_id.clone() class="sr-only">{format!("{} by email", p.kind.label())}</label>
                                            <select id=select_id name="email[]" class=SELECT_CLASS>
                                                {EmailChoice::ALL.iter().map(|c| view! { <option value=format!("{}:{}", p.kind.as_str(), c.as_str()) selected=*c == p.email>{c.label()}</option> }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <ActionError error />
                <SubmitButton label="Save preferences" pending=save.pending() />
                {move || save.value().get().and_then(Result::ok).map(|_| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">"Saved."</p> })}
            </ActionForm>
        })}
        <IncidentSubscription />
    }
}

/// Whether to hear of Hirevoo's own incidents: admins do unless they say otherwise.
#[component]
fn IncidentSubscription() -> impl IntoView {
    use crate::incidents::api::{incident_subscription, SetIncidentSubscription};
    let set = ServerAction::<SetIncidentSubscription>::new();
    let changed = successes(set.value(), set.version());
    let subscribed = Resource::new(move || changed.get(), |_| incident_subscription());
    view! {
        <section class="mt-8">
            <h2 class="text-lg font-semibold">"Hirevoo service incidents"</h2>
            {loaded(subscribed, move |subscribed| view! {
                <ActionForm action=set attr:class="mt-2 flex flex-wrap items-center gap-3">
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="subscribed" value="yes" checked=subscribed class=CHECK_CLASS />
                        "Tell me when an incident affects my organization, and of each update"
                    </label>
                    <SubmitButton label="Save" pending=set.pending() />
                </ActionForm>
            })}
            {move || set.value().get().and_then(Result::ok).map(|message| view! { <p role="status" class="mt-2 text-sm text-emerald-800 dark:text-emerald-300">{message}</p> })}
        </section>
    }
}

/// The wording of each kind of notification email, for tenant admins to make their own.
#[component]
pub fn NotificationTemplatesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::TenantAdmin]>
            <Templates />
        </RoleGate>
    }
}

#[component]
fn Templates() -> impl IntoView {
    let save = ServerAction::<SaveNotificationTemplate>::new();
    let reset = ServerAction::<ResetNotificationTemplate>::new();
    let changed = (successes(save.value(), save.version()), successes(reset.value(), reset.version()));
    let error = action_error(save.value());
    let templates = Resource::new(move || (changed.0.get(), changed.1.get()), |_| notification_templates());
    view! {
        <Title text="Notification templates" />
        <PageHeader title="Notification templates" description="The emails your team receives. Templates use {{ variable }} placeholders; the HTML is escaped for you." />
        <ActionError error />
        {move || save.value().get().and_then(Result::ok).map(|(subject, text, _)| view! {
            <section aria-labelledby="preview-heading" class="mb-6 rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
                <h2 id="preview-heading" class="text-sm font-semibold text-emerald-900 dark:text-emerald-100">"Saved. With sample values it reads:"</h2>
                <p class="mt-2 text-sm font-medium text-slate-900 dark:text-slate-100">{subject}</p>
                <pre class="mt-1 whitespace-pre-wrap text-sm text-slate-800 dark:text-slate-200">{text}</pre>
            </section>
        })}
        {loaded(templates, move |templates| view! {
            <div class="space-y-4">
                {templates.into_iter().map(|t| {
                    let kind = t.kind.as_str();
                    view! {
                        <details class="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                            <summary class="cursor-pointer text-sm font-semibold text-slate-900 dark:text-slate-100">
                                {format!("{}{}", t.kind.label(), if t.customized { " (your wording)" } else { "" })}
                            </summary>
                            <p class=format!("{HINT_CLASS} mt-2")>{format!("Variables: {}, url", t.variables.join(", "))}</p>
                            <ActionForm action=save attr:class="mt-3 space-y-3">
                                <input type="hidden" name="kind" value=kind />
                                <Field label="Subject" name="subject" id=format!("subject-{kind}") value=t.subject.clone() error />
                                <TextArea label="Text" name="text_body" id=format!("text-{kind}") rows=4 max_length=20_000 value=t.text_body.clone() error />
                                <TextArea label="HTML" name="html_body" id=format!("html-{kind}") rows=4 max_length=40_000 value=t.html_body.clone() error />
                                <SubmitButton label="Save" pending=save.pending() />
                            </ActionForm>
                            {t.customized.then(|| view! {
                                <ActionForm action=reset attr:class="mt-2">
                                    <input type="hidden" name="kind" value=kind />
                                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Go back to the built-in wording"</button>
                                </ActionForm>
                            })}
                        </details>
                    }
                }).collect_view()}
            </div>
        })}
    }
}
