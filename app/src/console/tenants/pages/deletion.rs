use leptos::prelude::*;
use uuid::Uuid;

use crate::console::tenants::api::{CancelTenantDeletion, ScheduleTenantDeletion};
use crate::console::tenants::types::Deletion;
use crate::ui::{action_error, ActionError, Card, Field, FormMessage, TextArea, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, LINK_CLASS};

/// Deleting the tenant: the request (its slug typed again, a reason), then the wait, the
/// export to download and the way to call it off.
#[component]
pub fn DeletionCard(
    tenant_id: Uuid,
    slug: String,
    deletion: Option<Deletion>,
    schedule: ServerAction<ScheduleTenantDeletion>,
    cancel: ServerAction<CancelTenantDeletion>,
) -> impl IntoView {
    let schedule_error = action_error(schedule.value());
    let cancel_error = action_error(cancel.value());
    let done = move || {
        let message = schedule.value().get().and_then(Result::ok).or_else(|| cancel.value().get().and_then(Result::ok));
        message.map(|message| view! { <FormMessage success=true message /> })
    };
    let body = match deletion {
        None => view! {
            <p class=format!("{HINT_CLASS} mb-3")>"The organization is suspended at once and its data exported to an archive (JSON per table, with its stored files). It is removed, with everything in it, once the waiting period set in the platform settings is over; until then it can be called off."</p>
            <ActionForm action=schedule attr:class="space-y-3">
                <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
                <TextArea label="Reason" name="reason" id="deletion-reason" hint="Kept in the audit log." max_length=500 rows=2 error=schedule_error />
                <Field label=format!("Type {slug} to confirm") name="confirm" id="deletion-confirm" autocomplete="off" error=schedule_error />
                <button type="submit" class=BUTTON_DANGER_CLASS>"Delete this organization"</button>
            </ActionForm>
            <ActionError error=schedule_error />
        }
        .into_any(),
        Some(deletion) => {
            let export = match (deletion.exported_at, deletion.export_bytes) {
                (Some(at), Some(bytes)) => view! {
                    <p class="text-sm">
                        <a href=format!("/console/tenants/{tenant_id}/export.tar") class=LINK_CLASS download="">"Download the export"</a>
                        {format!(" ({:.1} MB, made {})", bytes as f64 / 1_000_000.0, at.format("%Y-%m-%d %H:%M UTC"))}
                    </p>
                }
                .into_any(),
                _ => view! { <p class="text-sm">"The export is being prepared; reload in a moment."</p> }.into_any(),
            };
            view! {
                <p class="text-sm font-medium">{format!("To be deleted on {}.", deletion.due_at.format("%Y-%m-%d %H:%M UTC"))}</p>
                <p class=format!("{HINT_CLASS} mb-3")>{format!("Asked for on {}: {}", deletion.requested_at.format("%Y-%m-%d"), deletion.reason)}</p>
                {export}
                <ActionForm action=cancel attr:class="mt-3">
                    <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Call the deletion off"</button>
                </ActionForm>
                <ActionError error=cancel_error />
            }
            .into_any()
        }
    };
    view! {
        <Card title="Delete this organization">
            {body}
            <div class="mt-2">{done}</div>
        </Card>
    }
}
