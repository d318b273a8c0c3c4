use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, signed_in_user};
use crate::identity::api::{my_sessions, SignOutEverywhere};
use crate::ui::{Card, PageHeader, BUTTON_DANGER_CLASS, Table, TD_CLASS};

/// The signed-in person's account: who they are, and where they are signed in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let me = signed_in_user();
    let sessions = Resource::new(|| (), |_| my_sessions());
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    crate::ui::load_page_on_success(everywhere.value());
    view! {
        <Title text="Account" />
        <PageHeader title="Account" description="Your details, your password, how you sign in, and the devices you are signed in on." />
        <div class="space-y-6">
            <Card title="You">
                <dl class="grid gap-2 text-sm md:grid-cols-3">
                    <dt class="font-medium text-slate-600 dark:text-slate-400">"Name"</dt>
                    <dd class="md:col-span-2">{me.display_name.clone()}</dd>
                    <dt class="font-medium text-slate-600 dark:text-slate-400">"Email"</dt>
                    <dd class="md:col-span-2">{me.email.clone()}</dd>
                    <dt class="font-medium text-slate-600 dark:text-slate-400">"Role"</dt>
                    <dd class="md:col-span-2">{me.role.label()}</dd>
                </dl>
            </Card>
            <super::ChangePasswordCard />
            <crate::identity::two_step::pages::TwoStepCard />
            <Card title="Where you are signed in">
                {loaded(sessions, |sessions| {
                    let rows = sessions.into_iter().map(|s| view! {
                        <tr>
                            <td class=TD_CLASS>{s.user_agent.clone().unwrap_or_else(|| "Unknown device".into())} {s.current.then_some(" (this browser)")}</td>
                            <td class=TD_CLASS>{s.ip.clone().unwrap_or_default()}</td>
                            <td class=TD_CLASS>{s.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                            <td class=TD_CLASS>{s.last_seen_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <Table columns=&["Device", "Address", "Signed in", "Last active"]>{rows}</Table>
                    }
                })}
                <ActionForm action=everywhere attr:class="mt-4">
                    <button type="submit" class=BUTTON_DANGER_CLASS>"Sign out everywhere"</button>
                </ActionForm>
            </Card>
        </div>
    }
}
