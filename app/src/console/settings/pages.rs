use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{platform_settings, SavePlatformSetting};
use crate::access::{loaded, RoleGate};
use crate::platform::live_settings::spec;
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Card, FormMessage, PageHeader, Table, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, TD_CLASS};

/// `/console/settings`: the platform's run-time settings.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Settings />
        </RoleGate>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let save = ServerAction::<SavePlatformSetting>::new();
    let saved = successes(save.value(), save.version());
    let settings = Resource::new(move || saved.get(), |_| platform_settings());
    let error = action_error(save.value());
    let done = move || save.value().get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> });
    view! {
        <Title text="Platform settings" />
        <PageHeader title="Platform settings" description="Changes take effect on every server within seconds, without a restart, and are recorded in the audit log. The defaults come from the configuration." />
        <div class="mb-4 space-y-2"><ActionError error />{done}</div>
        {loaded(settings, move |settings| {
            let rows = settings.into_iter().filter_map(|row| {
                let spec = spec(&row.key)?;
                let input_id = format!("setting-{}", spec.key);
                Some(view! {
                    <tr>
                        <td class=TD_CLASS>
                            <label for=input_id.clone() class="font-medium">{spec.label}</label>
                            <p class=HINT_CLASS>{spec.description}</p>
                        </td>
                        <td class=TD_CLASS>
                            <ActionForm action=save attr:class="flex flex-wrap items-center gap-2">
                                <input type="hidden" name="key" value=spec.key />
                                <input id=input_id type="number" name="value" min=spec.min max=spec.max value=row.value class=format!("{INPUT_CLASS} w-28") />
                                <span class="text-sm">{spec.unit}</span>
                                <button type="submit" class=BUTTON_PRIMARY_CLASS>"Save"<span class="sr-only">{format!(" {}", spec.label)}</span></button>
                            </ActionForm>
                            <p class=HINT_CLASS>{format!("{} to {}; default {}{}", spec.min, spec.max, row.default, if row.overridden { " (changed)" } else { "" })}</p>
                        </td>
                        <td class=TD_CLASS>
                            {row.overridden.then(|| view! {
                                <ActionForm action=save>
                                    <input type="hidden" name="key" value=spec.key />
                                    <input type="hidden" name="reset" value="yes" />
                                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Reset"<span class="sr-only">{format!(" {}", spec.label)}</span></button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                })
            }).collect_view();
            view! { <Card title="Settings"><Table columns=&["Setting", "Value", ""]>{rows}</Table></Card> }
        })}
    }
}
