use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::console::api::list_outbox;
use crate::platform::Role;
use crate::ui::{Card, PageHeader};

/// Mail kept by the development outbox, newest first.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| list_outbox());
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Title text="Outbox" />
            <PageHeader title="Outbox" description="Mail the platform would have sent. It is kept here while no SMTP server is configured." />
            {loaded(mails, |mails| {
                if mails.is_empty() {
                    return view! { <Card><p class="text-sm text-slate-600 dark:text-slate-400">"No mail yet."</p></Card> }.into_any();
                }
                view! {
                    <ul class="space-y-4">
                        {mails.into_iter().map(|mail| view! {
                            <li>
                                <Card>
                                    <article aria-label=mail.subject.clone()>
                                        <h2 class="font-semibold">{mail.subject.clone()}</h2>
                                        <p class="text-xs text-slate-600 dark:text-slate-400">
                                            "To " {mail.to_address.clone()} " · " {mail.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}
                                        </p>
                                        <pre class="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{mail.body.clone()}</pre>
                                    </article>
                                </Card>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </RoleGate>
    }
}
