use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AuthFrame;
use crate::identity::api::{ChangePassword, RequestPasswordReset, ResetPassword};
use crate::ui::{action_error, ActionError, Card, Field, FormMessage, SubmitButton, LINK_CLASS};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action.value());
    let sent = move || action.value().get().and_then(Result::ok);
    view! {
        <AuthFrame title="Reset your password">
            <div class="space-y-4">
                {move || sent().map(|message| view! { <FormMessage success=true message /> })}
                <p class="text-sm text-slate-700 dark:text-slate-300">"Enter the email address of your account. We will send it a link to choose a new password."</p>
                <ActionForm action=action attr:class="space-y-4">
                    <ActionError error />
                    <Field label="Email" name="email" kind="email" autocomplete="username" required=true error />
                    <SubmitButton label="Send the link" pending=action.pending() />
                </ActionForm>
                <p class="text-sm"><a href="/sign-in" class=LINK_CLASS>"Back to sign in"</a></p>
            </div>
        </AuthFrame>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action.value());
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <AuthFrame title="Choose a new password">
            <ActionForm action=action attr:class="space-y-4">
                <ActionError error />
                <input type="hidden" name="token" value=token />
                <Field label="New password" name="password" kind="password" autocomplete="new-password" hint="At least 12 characters." required=true error />
                <Field label="New password, again" name="confirm" kind="password" autocomplete="new-password" required=true error />
                <SubmitButton label="Change password" pending=action.pending() />
            </ActionForm>
        </AuthFrame>
    }
}

/// Changing the password of the signed-in person, on their account page (`/account#password`).
#[component]
pub fn ChangePasswordCard() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action.value());
    let done = move || action.value().get().and_then(Result::ok);
    view! {
        <div id="password">
            <Card title="Password">
                <div class="max-w-md space-y-4">
                    {move || done().map(|message| view! { <FormMessage success=true message /> })}
                    <ActionForm action=action attr:class="space-y-4">
                        <ActionError error />
                        <Field label="Current password" name="current" id="change-password-current" kind="password" autocomplete="current-password" required=true error />
                        <Field label="New password" name="password" id="change-password-new" kind="password" autocomplete="new-password" hint="At least 12 characters. Everywhere else you are signed in, you will be signed out." required=true error />
                        <Field label="New password, again" name="confirm" id="change-password-confirm" kind="password" autocomplete="new-password" required=true error />
                        <SubmitButton label="Change password" pending=action.pending() />
                    </ActionForm>
                </div>
            </Card>
        </div>
    }
}
