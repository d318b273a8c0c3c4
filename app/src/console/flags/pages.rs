use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{flag_editor, list_flags, ChangeFlag, SaveFlag};
use super::types::{FlagChoices, FlagRow};
use crate::access::{loaded, RoleGate};
use crate::platform::flags::FlagKind;
use crate::platform::Role;
use crate::ui::{
    action_error, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, Table, TextArea, BUTTON_DANGER_CLASS,
    BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS,
};

pub const BADGE_CLASS: &str = "inline-block rounded-full px-2 py-1 text-xs font-medium";
const ON_CLASS: &str = "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100";
const OFF_CLASS: &str = "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100";
const WARN_CLASS: &str = "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100";
const DANGER_CLASS: &str = "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100";

/// A small coloured label: "on", "off", "stale", "killed".
#[component]
pub fn Badge(#[prop(into)] text: String, tone: &'static str) -> impl IntoView {
    let tone = match tone {
        "on" => ON_CLASS,
        "warn" => WARN_CLASS,
        "danger" => DANGER_CLASS,
        _ => OFF_CLASS,
    };
    view! { <span class=format!("{BADGE_CLASS} {tone}")>{text}</span> }
}

/// `/console/flags`: every feature flag, its rules at a glance, and its switches.
#[component]
pub fn FlagsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Flags />
        </RoleGate>
    }
}

#[component]
fn Flags() -> impl IntoView {
    let change = ServerAction::<ChangeFlag>::new();
    let changed = successes(change.value(), change.version());
    let flags = Resource::new(move || changed.get(), |_| list_flags());
    let error = action_error(change.value());
    let done = move || change.value().get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> });
    view! {
        <Title text="Feature flags" />
        <PageHeader title="Feature flags" description="What each tenant and person sees. Rules apply in order: kill switch, prerequisites, tenant overrides, plans, percentage rollout, default. Every instance picks up a change within seconds." />
        <p class="mb-4"><a href="/console/flags/new" class=BUTTON_PRIMARY_CLASS>"New flag"</a></p>
        <div class="mb-4 space-y-2"><ActionError error />{done}</div>
        {loaded(flags, move |flags| {
            let rows = flags.into_iter().map(|row| view! { <FlagLine row change /> }).collect_view();
            view! {
                <Card title="All flags">
                    <Table columns=&["Flag", "Kind", "Rules", "State", ""]>{rows}</Table>
                </Card>
            }
        })}
    }
}

fn rules_summary(row: &FlagRow) -> String {
    let flag = &row.flag;
    let mut parts = Vec::new();
    if !flag.prerequisites.is_empty() {
        parts.push(format!("needs {}", flag.prerequisites.join(", ")));
    }
    if !row.on_for.is_empty() {
        parts.push(format!("on for {}", row.on_for.join(", ")));
    }
    if !row.off_for.is_empty() {
        parts.push(format!("off for {}", row.off_for.join(", ")));
    }
    if !flag.plans.is_empty() {
        parts.push(format!("plans {}", flag.plans.join(", ")));
    }
    if let Some(percent) = flag.rollout_percent {
        parts.push(format!("{percent} % of {}s", flag.rollout_by.as_str()));
    }
    parts.push(format!("otherwise {}", if flag.default_on { "on" } else { "off" }));
    parts.join("; ")
}

#[component]
fn FlagLine(row: FlagRow, change: ServerAction<ChangeFlag>) -> impl IntoView {
    let flag = row.flag.clone();
    let summary = rules_summary(&row);
    let key = flag.key.clone();
    let switch = |value: &'static str, label: &'static str, class: &'static str, key: String| {
        view! {
            <ActionForm action=change>
                <input type="hidden" name="key" value=key.clone() />
                <input type="hidden" name="change" value=value />
                <button type="submit" class=class>{label}<span class="sr-only">{format!(" {key}")}</span></button>
            </ActionForm>
        }
    };
    view! {
        <tr>
            <td class=TD_CLASS>
                <a href=format!("/console/flags/{}", flag.key) class=LINK_CLASS>{flag.key.clone()}</a>
                <div class=HINT_CLASS>{flag.description.clone()}</div>
            </td>
            <td class=TD_CLASS>{flag.kind.label()}<div class=HINT_CLASS>{flag.owner.clone()}</div></td>
            <td class=TD_CLASS>{summary}</td>
            <td class=TD_CLASS>
                <div class="flex flex-wrap gap-1">
                    {flag.archived.then(|| view! { <Badge text="archived" tone="off" /> })}
                    {flag.killed.then(|| view! { <Badge text="killed" tone="danger" /> })}
                    {row.stale.then(|| view! { <Badge text="stale" tone="warn" /> })}
                    {(!flag.archived && !flag.killed).then(|| view! { <Badge text="live" tone="on" /> })}
                </div>
            </td>
            <td class=TD_CLASS>
                <div class="flex flex-wrap gap-2">
                    {if flag.killed { switch("release", "Release kill switch", BUTTON_SECONDARY_CLASS, key.clone()) } else { switch("kill", "Kill", BUTTON_DANGER_CLASS, key.clone()) }}
                    {if flag.archived { switch("restore", "Restore", BUTTON_SECONDARY_CLASS, key.clone()) } else { switch("archive", "Archive", BUTTON_SECONDARY_CLASS, key.clone()) }}
                </div>
            </td>
        </tr>
    }
}

/// `/console/flags/new` and `/console/flags/{key}`: a flag's description and rules.
#[component]
pub fn FlagPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <FlagForm />
        </RoleGate>
    }
}

#[component]
fn FlagForm() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.read().get("key").filter(|k| k != "new");
    let save = ServerAction::<SaveFlag>::new();
    let saved = successes(save.value(), save.version());
    let editor = Resource::new(move || (key(), saved.get()), |(key, _)| flag_editor(key));
    let error = action_error(save.value());
    view! {
        <Title text=move || key().map_or_else(|| "New flag".to_owned(), |k| format!("Flag {k}")) />
        <PageHeader title="Feature flag" description="Describe the flag and set its rules. A change is recorded in the audit log with the rules before and after." />
        <p class="mb-4"><a href="/console/flags" class=LINK_CLASS>"All flags"</a></p>
        {loaded(editor, move |editor| view! { <FlagFields editor save error /> })}
    }
}

#[component]
fn FlagFields(editor: FlagChoices, save: ServerAction<SaveFlag>, error: Signal<Option<crate::platform::AppError>>) -> impl IntoView {
    let FlagChoices { row, plans, others } = editor;
    let flag = row.as_ref().map(|r| r.flag.clone());
    let existing = flag.as_ref().map(|f| f.key.clone()).unwrap_or_default();
    let creating = flag.is_none();
    let chosen_plans = flag.as_ref().map(|f| f.plans.clone()).unwrap_or_default();
    let chosen_prerequisites = flag.as_ref().map(|f| f.prerequisites.clone()).unwrap_or_default();
    let kinds = FlagKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect::<Vec<_>>();
    let done = move || save.value().get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> });
    view! {
        <Card title=if creating { "New flag".to_owned() } else { format!("Flag {existing}") }>
            <ActionForm action=save attr:class="grid gap-4 md:grid-cols-2">
                <input type="hidden" name="existing" value=existing.clone() />
                {if creating {
                    view! { <Field label="Key" name="key" hint="Lowercase letters, digits and hyphens, e.g. new-pipeline-board." required=true error /> }.into_any()
                } else {
                    view! { <div><p class=LABEL_CLASS>"Key"</p><p class="mt-2 font-mono text-sm">{existing.clone()}</p></div> }.into_any()
                }}
                <Select label="Kind" name="kind" options=kinds selected=flag.as_ref().map(|f| f.kind.as_str().to_owned()).unwrap_or_default() error />
                <div class="md:col-span-2">
                    <TextArea label="Description" name="description" value=flag.as_ref().map(|f| f.description.clone()).unwrap_or_default() max_length=500 rows=2 error />
                </div>
                <Field label="Owner" name="owner" hint="The team or person who decides about it." value=flag.as_ref().map(|f| f.owner.clone()).unwrap_or_default() error />
                <label class="flex items-center gap-2 self-end text-sm">
                    <input type="checkbox" name="default_on" value="on" checked=flag.as_ref().is_some_and(|f| f.default_on) class=CHECK_CLASS />
                    "On when no rule decides (the default)"
                </label>
                <Field label="On for these tenants" name="tenants_on" hint="Their addresses, separated by commas." value=row.as_ref().map(|r| r.on_for.join(", ")).unwrap_or_default() error />
                <Field label="Off for these tenants" name="tenants_off" hint="Their addresses, separated by commas." value=row.as_ref().map(|r| r.off_for.join(", ")).unwrap_or_default() error />
                <fieldset class="space-y-2">
                    <legend class=LABEL_CLASS>"On for tenants on these plans"</legend>
                    {plans.into_iter().map(|plan| {
                        let checked = chosen_plans.contains(&plan);
                        view! {
                            <label class="flex items-center gap-2 text-sm">
                                <input type="checkbox" name="plans[]" value=plan.clone() checked=checked class=CHECK_CLASS />{plan.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset class="space-y-2">
                    <legend class=LABEL_CLASS>"Needs these flags on (prerequisites)"</legend>
                    {if others.is_empty() { Some(view! { <p class=HINT_CLASS>"No other flags."</p> }) } else { None }}
                    {others.into_iter().map(|other| {
                        let checked = chosen_prerequisites.contains(&other);
                        view! {
                            <label class="flex items-center gap-2 text-sm">
                                <input type="checkbox" name="prerequisites[]" value=other.clone() checked=checked class=CHECK_CLASS />{other.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <Field label="Percentage rollout" name="rollout_percent" kind="number" hint="0 to 100; empty for none. The same tenants or people stay in as it grows." value=flag.as_ref().and_then(|f| f.rollout_percent).map(|p| p.to_string()).unwrap_or_default() error />
                <Select label="Rollout sticks to" name="rollout_by" options=vec![("tenant".to_owned(), "Each tenant".to_owned()), ("user".to_owned(), "Each person".to_owned())] selected=flag.as_ref().map(|f| f.rollout_by.as_str().to_owned()).unwrap_or_default() error />
                <div class="md:col-span-2"><SubmitButton label=if creating { "Create flag" } else { "Save rules" } pending=save.pending() /></div>
            </ActionForm>
            <div class="mt-4 space-y-2"><ActionError error />{done}</div>
        </Card>
    }
}
