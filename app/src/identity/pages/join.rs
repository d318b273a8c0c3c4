use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AuthFrame;
use crate::identity::api::{get_invitation, AcceptInvitation};
use crate::ui::{action_error, ActionError, Field, FormMessage, SubmitButton};

/// Where an invitation link leads: join the organization, with a new account or an existing one.
#[component]
pub fn JoinPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let details = Resource::new(token, get_invitation);
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(action.value());
    view! {
        <AuthFrame title="Join your team">
            <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Err(error) => view! { <FormMessage success=false message=error.to_string() /> }.into_any(),
                        Ok(invitation) => view! {
                            <p class="mb-4 text-sm text-slate-700 dark:text-slate-300">
                                "You are invited to " <strong>{invitation.tenant_name.clone()}</strong> " as "
                                {invitation.role.label().to_lowercase()} ", with the address " <strong>{invitation.email.clone()}</strong> "."
                            </p>
                            <ActionForm action=action attr:class="space-y-4">
                                <ActionError error />
                                <input type="hidden" name="token" value=token />
                                {if invitation.has_account {
                                    view! {
                                        <Field label="Your password" name="password" kind="password" autocomplete="current-password" hint="You already have an account: confirm it is you." required=true error />
                                    }.into_any()
                                } else {
                                    view! {
                                        <Field label="Your name" name="display_name" autocomplete="name" required=true error />
                                        <Field label="Choose a password" name="password" kind="password" autocomplete="new-password" hint="At least 12 characters." required=true error />
                                        <Field label="The password, again" name="confirm" kind="password" autocomplete="new-password" required=true error />
                                    }.into_any()
                                }}
                                <SubmitButton label="Join" pending=action.pending() />
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </AuthFrame>
    }
}
