use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{error_view, organization_unavailable, PublicFrame};
use crate::careers::api::held_application;
use crate::careers::types::*;
use crate::ui::{FormMessage, BUTTON_PRIMARY_CLASS};

/// `/careers/{slug}/confirm?token=…`: the link mailed when someone applied with the address of
/// a candidate the organization knows. Opening it changes nothing (mail scanners open links);
/// the button posts the confirmation.
#[component]
pub fn CareersConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let token = move || query.read().get("token").unwrap_or_default();
    let failed = move || query.read().get("error");
    let page = Resource::new(move || (slug(), token()), |(slug, token)| held_application(slug, token));
    view! {
        <Suspense fallback=|| view! { <p role="status" class="p-8 text-sm">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error, None),
                    Ok(Careers::Unavailable { organization }) => organization_unavailable(organization),
                    Ok(Careers::Open(HeldApplicationPage { organization, job_title })) => {
                        let action = format!("/careers/{}/confirm", organization.slug);
                        let message = match (failed().as_deref(), &job_title) {
                            (Some("try_again"), _) => Some("Your confirmation could not be saved. Please try again in a moment."),
                            (_, None) => Some("This link is invalid, used or expired (links work for 7 days). If you still want the job, apply again from its page."),
                            _ => None,
                        };
                        view! {
                            <Title text=format!("Confirm your application · {}", organization.name) />
                            <PublicFrame organization=organization.name.clone() slug=organization.slug.clone()>
                                <h1 class="text-3xl font-bold tracking-tight">"Confirm your application"</h1>
                                {message.map(|message| view! { <div class="mt-4"><FormMessage success=false message /></div> })}
                                {job_title.map(|title| view! {
                                    <p class="mt-4 text-slate-700 dark:text-slate-300">
                                        {format!("Someone applied for {title} at {} with your email address. Confirm that it was you, and the application and its résumé are added to your profile.", organization.name)}
                                    </p>
                                    <form method="post" action=action class="mt-6">
                                        <input type="hidden" name="token" value=token() />
                                        <button type="submit" class=BUTTON_PRIMARY_CLASS>"Confirm my application"</button>
                                    </form>
                                    <p class="mt-4 text-sm text-slate-600 dark:text-slate-400">"If it was not you, close this page: nothing is added, and the file sent is deleted after 7 days."</p>
                                })}
                            </PublicFrame>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
