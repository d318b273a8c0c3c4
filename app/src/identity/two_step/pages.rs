use leptos::prelude::*;

use super::api::{
    my_two_step, second_step, CancelTwoStepSetup, ConfirmTwoStepSetup, SetTwoStepRequirement,
    StartTwoStepSetup, TurnOffTwoStep, VerifyTwoStep,
};
use super::types::{TwoStepRequirement, TwoStepSetup};
use crate::access::loaded;
use crate::identity::pages::AuthFrame;
use crate::ui::{action_error, ActionError, Card, Field, FormMessage, SubmitButton, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, LINK_CLASS};

const CODE_HINT: &str = "Six digits, from the authenticator app where you added Hirevoo.";

/// The new key to add to an app (a QR code, or the key typed), and the recovery codes to keep.
#[component]
fn SetupSteps(setup: TwoStepSetup) -> impl IntoView {
    let codes = setup.recovery_codes.into_iter().map(|code| view! { <li class="font-mono">{code}</li> }).collect_view();
    view! {
        <ol class="list-decimal space-y-4 pl-5 text-sm text-slate-700 dark:text-slate-300">
            <li>
                "Open an authenticator app (such as 1Password, Google Authenticator or Microsoft Authenticator) and scan this code:"
                <div class="mt-2 w-52 rounded-lg bg-white p-2" role="img" aria-label="QR code of your two-step sign-in key" inner_html=setup.qr_svg></div>
                <p class="mt-2">"Cannot scan? Enter this key in the app instead:"</p>
                <p class="mt-1 break-all font-mono text-base text-slate-900 dark:text-slate-100" data-two-step-key="">{setup.key_text}</p>
            </li>
            <li>
                "Keep these recovery codes somewhere safe, apart from your phone. Each one signs you in once if you lose the app."
                <ul class="mt-2 grid grid-cols-2 gap-1 rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-label="Recovery codes">{codes}</ul>
            </li>
            <li>"Enter the code the app shows now."</li>
        </ol>
    }
}

/// The second step of signing in: a code from the app or a recovery code, or the setup for
/// someone who must use two-step sign-in and has not yet.
#[component]
pub fn TwoStepSignInPage() -> impl IntoView {
    let challenge = Resource::new(|| (), |_| second_step());
    let action = ServerAction::<VerifyTwoStep>::new();
    let error = action_error(action.value());
    view! {
        <AuthFrame title="Two-step sign-in">
            <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match challenge.await {
                        Err(problem) => view! {
                            <div class="space-y-4">
                                <FormMessage success=false message=problem.to_string() />
                                <p class="text-sm"><a href="/sign-in" class=LINK_CLASS>"Sign in again"</a></p>
                            </div>
                        }.into_any(),
                        Ok(challenge) => {
                            let setting_up = challenge.setup.is_some();
                            view! {
                                <div class="space-y-4">
                                    {match challenge.setup {
                                        Some(setup) => view! {
                                            <p class="text-sm text-slate-700 dark:text-slate-300">
                                                "Your account (" <strong>{challenge.email.clone()}</strong> ") needs two-step sign-in: after your password, a code from an app on your phone."
                                            </p>
                                            <SetupSteps setup />
                                        }.into_any(),
                                        None => view! {
                                            <p class="text-sm text-slate-700 dark:text-slate-300">
                                                "Enter the code your authenticator app shows for " <strong>{challenge.email.clone()}</strong> ", or one of your recovery codes."
                                            </p>
                                        }.into_any(),
                                    }}
                                    <ActionForm action=action attr:class="space-y-4">
                                        <ActionError error />
                                        <Field
                                            label=if setting_up { "Code from the app" } else { "Code" }
                                            name="code"
                                            autocomplete="one-time-code"
                                            hint=if setting_up { CODE_HINT } else { "Six digits from your app, or a recovery code such as abcde-23456." }
                                            required=true
                                            error
                                        />
                                        <SubmitButton label=if setting_up { "Turn on and sign in" } else { "Sign in" } pending=action.pending() />
                                    </ActionForm>
                                    <p class="text-sm"><a href="/sign-in" class=LINK_CLASS>"Start again"</a></p>
                                </div>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </AuthFrame>
    }
}

/// The account page's part: turn two-step sign-in on, replace the key and codes, or turn it off.
#[component]
pub fn TwoStepCard() -> impl IntoView {
    let start = ServerAction::<StartTwoStepSetup>::new();
    let confirm = ServerAction::<ConfirmTwoStepSetup>::new();
    let cancel = ServerAction::<CancelTwoStepSetup>::new();
    let turn_off = ServerAction::<TurnOffTwoStep>::new();
    let status = Resource::new(
        move || (start.version().get(), confirm.version().get(), cancel.version().get(), turn_off.version().get()),
        |_| my_two_step(),
    );
    let confirm_error = action_error(confirm.value());
    let off_error = action_error(turn_off.value());
    let start_error = action_error(start.value());
    let confirmed = move || matches!(confirm.value().get(), Some(Ok(())));
    view! {
        <Card title="Two-step sign-in">
            {loaded(status, move |status| {
                let summary = match status.enabled_since {
                    Some(since) => format!(
                        "On since {}. {} of 10 recovery codes left.",
                        since.format("%Y-%m-%d"),
                        status.recovery_codes_left
                    ),
                    None => "Off: signing in asks for your password only.".to_owned(),
                };
                let on = status.enabled_since.is_some();
                view! {
                    <div class="space-y-4 text-sm">
                        <Show when=confirmed>
                            <FormMessage success=true message="Two-step sign-in is on. From now on, signing in asks for a code from your app." />
                        </Show>
                        <p class="text-slate-700 dark:text-slate-300">{summary}</p>
                        {status.required.then(|| view! {
                            <p class="text-slate-700 dark:text-slate-300">"It is required for your account."</p>
                        })}
                        {match status.setup {
                            Some(setup) => view! {
                                <div class="space-y-4">
                                    <SetupSteps setup />
                                    <ActionForm action=confirm attr:class="space-y-4">
                                        <ActionError error=confirm_error />
                                        <Field label="Code from the app" name="code" id="two-step-code" autocomplete="one-time-code" hint=CODE_HINT required=true error=confirm_error />
                                        <div class="flex flex-wrap gap-3">
                                            <SubmitButton label=if on { "Use the new key" } else { "Turn on" } pending=confirm.pending() />
                                        </div>
                                    </ActionForm>
                                    <ActionForm action=cancel>
                                        <button type="submit" class=BUTTON_SECONDARY_CLASS>"Cancel the setup"</button>
                                    </ActionForm>
                                </div>
                            }.into_any(),
                            None => view! {
                                <div class="space-y-4">
                                    <ActionForm action=start>
                                        <ActionError error=start_error />
                                        <button type="submit" class=BUTTON_SECONDARY_CLASS>
                                            {if on { "Set up again (new key and recovery codes)" } else { "Set up two-step sign-in" }}
                                        </button>
                                    </ActionForm>
                                    {(on && !status.required).then(|| view! {
                                        <ActionForm action=turn_off attr:class="space-y-3">
                                            <ActionError error=off_error />
                                            <Field label="Your password, to turn it off" name="password" id="two-step-off-password" kind="password" autocomplete="current-password" required=true error=off_error />
                                            <button type="submit" class=BUTTON_DANGER_CLASS>"Turn off two-step sign-in"</button>
                                        </ActionForm>
                                    })}
                                </div>
                            }.into_any(),
                        }}
                    </div>
                }
            })}
        </Card>
    }
}

/// The members page's part: the organization's rule for its members' sign-in.
#[component]
pub fn TwoStepRequirementCard(requirement: TwoStepRequirement, set: ServerAction<SetTwoStepRequirement>) -> impl IntoView {
    let error = action_error(set.value());
    let state = if requirement.required {
        "Required: every member enters a code from an app after their password. Members without it set it up at their next sign-in."
    } else {
        "Optional: each member chooses on their account page."
    };
    view! {
        <Card title="Two-step sign-in">
            <div class="space-y-3 text-sm text-slate-700 dark:text-slate-300">
                <p>{state}</p>
                <p>{format!("{} of {} members have it on.", requirement.members_with_two_step, requirement.members)}</p>
                <ActionForm action=set>
                    <ActionError error />
                    <input type="hidden" name="required" value=if requirement.required { "false" } else { "true" } />
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>
                        {if requirement.required { "Stop requiring it" } else { "Require it for everyone" }}
                    </button>
                </ActionForm>
            </div>
        </Card>
    }
}
