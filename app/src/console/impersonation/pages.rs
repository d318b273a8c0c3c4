use leptos::prelude::*;
use uuid::Uuid;

use super::api::{StopViewingAs, ViewAs};
use crate::access::signed_in_user;
use crate::console::tenants::types::MemberLine;
use crate::ui::{action_error, load_page_on_success, ActionError, Field, Select, SubmitButton, TextArea, CHECK_CLASS, HINT_CLASS};

/// The bar on every page while a superadmin views the product as someone else, with the way out.
#[component]
pub fn ViewingAsBanner() -> impl IntoView {
    let user = signed_in_user();
    let stop = ServerAction::<StopViewingAs>::new();
    load_page_on_success(stop.value());
    user.impersonation.map(|by| {
        let organization = user.tenant.as_ref().map(|t| t.name.clone()).unwrap_or_default();
        let terms = if by.allow_changes { "changes allowed, each one audited" } else { "read-only" };
        view! {
            <aside aria-label="Viewing as someone else" class="sticky top-0 z-40 border-b-2 border-amber-600 bg-amber-100 px-4 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50">
                <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3">
                    <p>
                        <strong>{format!("Viewing as {} ({}, {organization})", user.display_name, user.role.label())}</strong>
                        {format!(" · {terms} · started by {} · ends at {} UTC", by.superadmin_name, by.ends_at.format("%H:%M"))}
                    </p>
                    <ActionForm action=stop>
                        <button type="submit" class="min-h-10 rounded-lg bg-amber-900 px-4 py-2 font-semibold text-white hover:bg-amber-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-900 dark:bg-amber-200 dark:text-amber-950">"Stop viewing"</button>
                    </ActionForm>
                </div>
            </aside>
        }
    })
}

/// The tenant page's form to view the product as one of its staff.
#[component]
pub fn ViewAsForm(tenant_id: Uuid, members: Vec<MemberLine>) -> impl IntoView {
    let view_as = ServerAction::<ViewAs>::new();
    load_page_on_success(view_as.value());
    let error = action_error(view_as.value());
    let options: Vec<(String, String)> = members.into_iter().map(|m| (m.user_id.to_string(), format!("{} ({}, {})", m.name, m.role, m.email))).collect();
    view! {
        <p class=format!("{HINT_CLASS} mb-3")>"To help someone, see the product as they do: read-only unless you allow changes with a reason, for one hour at most, and written to the audit log request by request."</p>
        <ActionForm action=view_as attr:class="space-y-3">
            <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
            <Select label="Member" name="user_id" id="view-as-member" options error />
            <Field label="Your password" name="password" id="view-as-password" kind="password" autocomplete="current-password" required=true error />
            <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="allow_changes" value="yes" class=CHECK_CLASS />"Allow changes"</label>
            <TextArea label="Reason" name="reason" id="view-as-reason" hint="Needed to allow changes; kept in the audit log." max_length=500 rows=2 error />
            <SubmitButton label="View as this member" pending=view_as.pending() />
        </ActionForm>
        <div class="mt-2"><ActionError error /></div>
    }
}
