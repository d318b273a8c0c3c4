//! Who may see what: the signed-in guard, role gates, and the error pages (not found, forbidden, unavailable).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::incidents::pages::IncidentNotices;
use crate::incidents::types::Banner;
use crate::platform::{AppError, CurrentUser, Role};
use crate::ui::{Frame, LINK_CLASS};

/// The response's status for a page rendered on the server (nothing in the browser).
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    view! {
        <ErrorPage title="Page not found" message="There is no page at this address. Check the link, or go back to your home page." />
    }
}

/// For a bundle that holds only some pages: any other page is fetched from the server whole.
#[component]
pub fn LoadFromServer() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let location = use_location();
        let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
        let _ = window.location().set_href(&if query.is_empty() { path } else { format!("{path}?{query}") });
    }
    view! { <p role="status" class="sr-only">"Loading"</p> }
}

/// A full-page error with a way back home; sets the HTTP status on the server.
#[component]
pub fn ErrorPage(#[prop(into)] title: String, #[prop(into)] message: String) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <main id="main" class="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-6 text-slate-900 dark:text-slate-100">
            <p class="text-sm font-semibold text-indigo-700 dark:text-indigo-300">"Hirevoo"</p>
            <h1 class="mt-2 text-3xl font-bold tracking-tight">{title}</h1>
            <p class="mt-3 text-slate-700 dark:text-slate-300">{message}</p>
            <p class="mt-6"><a href="/" class=LINK_CLASS>"Go to your home page"</a></p>
        </main>
    }
}

/// The error page for a failed server call.
#[component]
pub fn AppErrorPage(error: AppError) -> impl IntoView {
    set_status(error.status());
    let title = match error {
        AppError::Unavailable => "Temporarily unavailable",
        AppError::Forbidden => "No access",
        AppError::NotFound => "Not found",
        AppError::Unauthenticated => "Signed out",
        AppError::Suspended { .. } => "Organization suspended",
        AppError::ReadOnly => "Read-only",
        _ => "Something went wrong",
    };
    view! { <ErrorPage title=title message=error.to_string() /> }
}

/// What every signed-in page shows around itself: who is signed in, their unread
/// notifications and the incidents that affect them, read together with each page.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FrameState {
    pub user: CurrentUser,
    pub unread: i64,
    pub banners: Vec<Banner>,
}

/// The frame of a signed-in page: the session (looked up once per request) and one read
/// for the bell and the incident banners together.
#[server]
pub async fn signed_in_frame() -> Result<Option<FrameState>, AppError> {
    use crate::platform::context::{platform, read_pool};
    use crate::platform::db::{Db, Scope};
    let platform = platform()?;
    let Some(user) = crate::platform::session::current(&platform).await? else { return Ok(None) };
    if matches!(user.role, Role::Candidate | Role::Seeker) {
        return Ok(Some(FrameState { user, unread: 0, banners: Vec::new() }));
    }
    let tenant_id = user.tenant.as_ref().map(|t| t.id);
    let scope = match tenant_id {
        Some(tenant_id) => Scope::Tenant { tenant_id, user_id: user.user_id },
        None => Scope::Platform,
    };
    let mut tx = Db::begin(read_pool(&platform).await, &scope).await?;
    let unread = match tenant_id {
        Some(tenant_id) => crate::notifications::repo::unread_count(&mut tx, tenant_id, user.user_id).await?,
        None => 0,
    };
    let banners = crate::incidents::repo::banners(&mut tx, tenant_id, None).await?;
    tx.commit().await?;
    Ok(Some(FrameState { user, unread, banners }))
}

/// Pages inside need a signed-in user: the guard frames the page and sends everyone else to
/// sign in. The server functions check again.
///
/// On the server the request's session is looked up before rendering starts, and the browser
/// reads the same answer from the page, so the page is built once, outside any `Suspense`:
/// a `Suspense` builds its children more than once on the server, and every resource they
/// create would be fetched again. Only when the answer is not known yet (a client-side
/// navigation from a public page) does the guard wait for it.
#[component]
pub fn SignedIn() -> impl IntoView {
    let location = use_location();
    let known = SharedValue::new(known_user).into_inner();
    let frame = Resource::new(move || location.pathname.get(), |_| signed_in_frame());
    match known {
        Some(Some(user)) => {
            // Who is signed in can change without a full load (viewing as a member, stopping):
            // the frame follows what its read says. A change rebuilds the page, in the browser only.
            let signed_in = RwSignal::new(user);
            Effect::new(move |_| {
                if let Some(Ok(Some(state))) = frame.get() {
                    if signed_in.with_untracked(|user| *user != state.user) {
                        signed_in.set(state.user);
                    }
                }
            });
            (move || framed(signed_in.get(), frame)).into_any()
        }
        Some(None) => to_sign_in(&location.pathname.get_untracked()).into_any(),
        None => view! {
            // A Transition keeps the current frame on screen while the next page's user check runs.
            <Transition fallback=|| view! { <p class="sr-only" role="status">"Loading"</p> }>
                {move || Suspend::new(async move {
                    match frame.await {
                        Ok(Some(state)) => framed(state.user, frame).into_any(),
                        Ok(None) => to_sign_in(&location.pathname.get_untracked()).into_any(),
                        Err(error) => view! { <AppErrorPage error /> }.into_any(),
                    }
                })}
            </Transition>
        }
        .into_any(),
    }
}

/// The request's signed-in user when the server looked it up before rendering
/// (`None`: not looked up, in the browser or on the server).
fn known_user() -> Option<Option<CurrentUser>> {
    #[cfg(feature = "ssr")]
    return crate::platform::session::looked_up_user();
    #[cfg(not(feature = "ssr"))]
    None
}

fn to_sign_in(path: &str) -> impl IntoView + use<> {
    let target = if path == "/" { "/sign-in".to_owned() } else { format!("/sign-in?next={path}") };
    view! { <Redirect path=target /> }
}

type FrameResource = Resource<Result<Option<FrameState>, AppError>>;

/// The page inside its frame. The bell and the banners wait for the frame's read; the page does not.
fn framed(user: CurrentUser, frame: FrameResource) -> impl IntoView {
    provide_context(user.clone());
    let location = use_location();
    let bell = move || {
        view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    frame.await.ok().flatten().map(|state| view! { <crate::notifications::pages::Bell unread=state.unread /> })
                })}
            </Transition>
        }
    };
    view! {
        <Frame
            user=user
            sign_out=ViewFn::from(|| view! { <crate::identity::pages::SignOutButton /> })
            bell=ViewFn::from(bell)
            notice=ViewFn::from(|| view! { <crate::console::impersonation::pages::ViewingAsBanner /> })
        >
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match frame.await {
                        Ok(Some(state)) => view! { <IncidentNotices banners=state.banners /> }.into_any(),
                        // The session ended since the page was loaded.
                        Ok(None) => to_sign_in(&location.pathname.get_untracked()).into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
            <Outlet />
        </Frame>
    }
}

/// The signed-in user, as the guard provided it.
pub fn signed_in_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

/// Renders `children` only for the given roles; the page's server functions enforce the same.
#[component]
pub fn RoleGate(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let user = signed_in_user();
    move || {
        if roles.contains(&user.role) {
            children().into_any()
        } else {
            view! { <AppErrorPage error=AppError::Forbidden /> }.into_any()
        }
    }
}

/// Shows a server resource once loaded, or its error.
pub fn loaded<T, V>(resource: Resource<Result<T, AppError>>, render: impl Fn(T) -> V + Send + Sync + Clone + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p role="status" class="text-sm text-slate-600 dark:text-slate-400">"Loading…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(error) => {
                            set_status(error.status());
                            view! { <crate::ui::FormMessage success=false message=error.to_string() /> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
