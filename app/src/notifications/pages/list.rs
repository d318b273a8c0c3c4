use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::access::{loaded, RoleGate};
use crate::notifications::api::{notification_list, unread_notifications, MarkAllNotificationsRead, MarkNotificationRead};
use crate::notifications::types::*;
use crate::platform::Role;
use crate::ui::{successes, url_encode, PageHeader, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS};

const SELECT_CLASS: &str = "min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const BELL_CLASS: &str = "inline-flex min-h-10 items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800";
const COUNT_CLASS: &str = "inline-flex min-w-6 items-center justify-center rounded-full bg-red-700 px-1.5 text-xs font-bold text-white";

/// Bumped by each notification event on the live channel (and after a reconnect).
fn heard_notifications() -> RwSignal<usize> {
    let heard = RwSignal::new(0usize);
    Effect::new(move |_| {
        crate::ui::live::on_live_events(move |event| {
            if event.kind == "notification" || event.kind == "reconnect" {
                heard.update(|n| *n += 1);
            }
        });
    });
    heard
}

/// The bell: a link to the notifications with the unread count the page's frame read, counted
/// again after each notification heard on the live channel.
#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    let heard = heard_notifications();
    let counted = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if heard.get() > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(count) = unread_notifications().await {
                    counted.set(Some(count));
                }
            });
        }
    });
    let unread = move || counted.get().unwrap_or(unread);
    let label = move || match unread() {
        0 => "Notifications, none unread".to_owned(),
        n => format!("Notifications, {n} unread"),
    };
    view! {
        <a href="/notifications" class=BELL_CLASS aria-label=label>
            <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /></svg>
            "Notifications"
            {move || (unread() > 0).then(|| view! { <span class=COUNT_CLASS>{unread().min(99)}</span> })}
        </a>
    }
}

/// The signed-in member's notifications: filter, mark read, mark all read; new ones appear live.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_STAFF>
            <Notifications />
        </RoleGate>
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let query = use_query_map();
    let kind = move || query.read().get("kind").unwrap_or_default();
    let unread = move || query.read().get("unread").is_some_and(|v| v == "on" || v == "true");
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok());
    let mark = ServerAction::<MarkNotificationRead>::new();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let (marked, all_marked) = (successes(mark.value(), mark.version()), successes(mark_all.value(), mark_all.version()));
    let heard = heard_notifications();
    let list = Resource::new(move || (kind(), unread(), page(), marked.get(), all_marked.get(), heard.get()), |(kind, unread, page, ..)| notification_list(kind, unread, page));
    view! {
        <Title text="Notifications" />
        <PageHeader title="Notifications" description="What happened on your requisitions and applications." />
        <div class="mb-4 flex flex-wrap items-end justify-between gap-4">
            <form method="get" action="/notifications" class="flex flex-wrap items-end gap-3" aria-label="Filter notifications">
                <div>
                    <label for="notification-kind" class=LABEL_CLASS>"Kind"</label>
                    <select id="notification-kind" name="kind" class=SELECT_CLASS>
                        <option value="" selected=move || kind().is_empty()>"All kinds"</option>
                        {NotificationKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=move || kind() == k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <label class="flex min-h-10 items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                    <input type="checkbox" name="unread" value="on" checked=unread class=CHECK_CLASS />
                    "Unread only"
                </label>
                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
            </form>
            <div class="flex items-center gap-3">
                <ActionForm action=mark_all>
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Mark all read"</button>
                </ActionForm>
                <a class=LINK_CLASS href="/notifications/preferences">"Preferences"</a>
            </div>
        </div>
        {loaded(list, move |list| {
            let filter = format!("kind={}&unread={}", url_encode(&kind()), if unread() { "on" } else { "" });
            view! {
                <p class=format!("{HINT_CLASS} mb-3") role="status">{format!("{} unread", list.unread)}</p>
                {if list.items.is_empty() {
                    view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Nothing here."</p> }.into_any()
                } else {
                    view! {
                        <ul class="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
                            {list.items.into_iter().map(|n| view! {
                                <li class="flex flex-wrap items-start justify-between gap-3 p-4">
                                    <div class="min-w-0 flex-1">
                                        <p class="text-sm text-slate-900 dark:text-slate-100">
                                            {(!n.read).then(|| view! { <span class="mr-2 rounded-md bg-indigo-100 px-1.5 text-xs font-semibold text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">"New"</span> })}
                                            <a class=LINK_CLASS href=n.link.clone()>{n.title.clone()}</a>
                                        </p>
                                        <p class="mt-1 text-sm text-slate-700 dark:text-slate-300">{n.body.clone()}</p>
                                        <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">{format!("{} · {}", n.kind.label(), n.created_at.format("%Y-%m-%d %H:%M UTC"))}</p>
                                    </div>
                                    {(!n.read).then(|| view! {
                                        <ActionForm action=mark>
                                            <input type="hidden" name="id" value=n.id.to_string() />
                                            <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=format!("Mark read: {}", n.title)>"Mark read"</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <nav aria-label="Pages" class="mt-4 flex items-center gap-4 text-sm">
                    {(list.page > 1).then(|| view! { <a class=LINK_CLASS href=format!("/notifications?{filter}&page={}", list.page - 1)>"Newer"</a> })}
                    <span class="text-slate-700 dark:text-slate-300">{format!("Page {} of {}", list.page, list.pages)}</span>
                    {(list.page < list.pages).then(|| view! { <a class=LINK_CLASS href=format!("/notifications?{filter}&page={}", list.page + 1)>"Older"</a> })}
                </nav>
            }
        })}
    }
}
