use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::identity::api::SignIn;
use crate::ui::{action_error, ActionError, Field, FormMessage, SubmitButton, LINK_CLASS};

/// The centred frame of the signed-out pages.
#[component]
pub fn AuthFrame(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <main id="main" class="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            <div class="w-full max-w-md">
                <p class="mb-6 text-center text-2xl font-bold tracking-tight text-indigo-700 dark:text-indigo-300">"Hirevoo"</p>
                <div class="rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                    <h1 class="mb-6 text-xl font-semibold">{title}</h1>
                    {children()}
                </div>
            </div>
        </main>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action.value());
    let query = use_query_map();
    let next = move || query.read().get("next");
    let reset_done = move || query.read().get("reset").as_deref() == Some("done");
    view! {
        <AuthFrame title="Sign in">
            <div class="space-y-4">
                <Show when=reset_done>
                    <FormMessage success=true message="Your password has been changed. Sign in with the new one." />
                </Show>
                <ActionForm action=action attr:class="space-y-4">
                    <ActionError error />
                    <input type="hidden" name="next" value=next />
                    <Field label="Email" name="email" kind="email" autocomplete="username" required=true error />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true error />
                    <SubmitButton label="Sign in" pending=action.pending() />
                </ActionForm>
                <p class="text-sm"><a href="/forgot-password" class=LINK_CLASS>"Forgot your password?"</a></p>
            </div>
        </AuthFrame>
    }
}

/// The sign-out control of the signed-in frame.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let sign_out = ServerAction::<crate::identity::api::SignOut>::new();
    crate::ui::load_page_on_success(sign_out.value());
    view! {
        <ActionForm action=sign_out>
            <button type="submit" class=crate::ui::BUTTON_SECONDARY_CLASS>"Sign out"</button>
        </ActionForm>
    }
}
