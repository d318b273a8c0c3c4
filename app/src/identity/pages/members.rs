use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, signed_in_user, RoleGate};
use crate::identity::api::{list_members, ChangeMemberRole, InviteMember, RemoveMember, RevokeInvitation};
use crate::identity::two_step::api::SetTwoStepRequirement;
use crate::identity::two_step::pages::TwoStepRequirementCard;
use crate::identity::types::MembersPage as Members;
use crate::platform::Role;
use crate::ui::{
    action_error, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, BUTTON_DANGER_CLASS,
    BUTTON_SECONDARY_CLASS, INPUT_CLASS, Table, TD_CLASS,
};

fn role_options(selected: Role) -> impl IntoView {
    Role::TENANT_ROLES
        .into_iter()
        .map(|role| view! { <option value=role.as_str() selected=role == selected>{role.label()}</option> })
        .collect_view()
}

/// The tenant admin's home: the organization's members and invitations.
#[component]
pub fn MembersPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::TenantAdmin]>
            <MembersAdmin />
        </RoleGate>
    }
}

#[component]
fn MembersAdmin() -> impl IntoView {
    let me = signed_in_user();
    let invite = ServerAction::<InviteMember>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let require = ServerAction::<SetTwoStepRequirement>::new();
    let members = Resource::new(
        move || (invite.version().get(), change.version().get(), remove.version().get(), revoke.version().get(), require.version().get()),
        |_| list_members(),
    );
    let invite_error = action_error(invite.value());
    let row_error = Signal::derive(move || {
        [action_error(change.value()).get(), action_error(remove.value()).get(), action_error(revoke.value()).get()]
            .into_iter()
            .flatten()
            .next()
    });
    let invited = move || invite.value().get().and_then(Result::ok);
    let me_id = me.user_id;
    view! {
        <Title text="Members" />
        <PageHeader title="Members" description="Everyone in your organization, and the invitations waiting for an answer." />
        <div class="space-y-6">
            <crate::console::tenants::pages::PlanUsageCard />
            <Card title="Invite someone">
                <ActionForm action=invite attr:class="grid gap-4 md:grid-cols-3 md:items-end">
                    <Field label="Email" name="email" kind="email" autocomplete="off" required=true error=invite_error />
                    <div class="space-y-1">
                        <label for="invite-role" class="block text-sm font-medium text-slate-800 dark:text-slate-200">"Role"</label>
                        <select id="invite-role" name="role" class=INPUT_CLASS>{role_options(Role::Recruiter)}</select>
                    </div>
                    <div><SubmitButton label="Send invitation" pending=invite.pending() /></div>
                </ActionForm>
                <div class="mt-4">
                    <ActionError error=invite_error />
                    {move || invited().map(|message| view! { <FormMessage success=true message /> })}
                </div>
            </Card>
            <ActionError error=row_error />
            {loaded(members, move |page: Members| {
                let member_rows = page.members.into_iter().map(|member| {
                    let is_me = member.user_id == me_id;
                    let select_id = format!("role-{}", member.membership_id);
                    let id = member.membership_id.to_string();
                    let remove_id = id.clone();
                    let role_label = format!("Role of {}", member.display_name);
                    let save_label = format!(" role of {}", member.display_name);
                    let remove_label = format!(" {}", member.display_name);
                    view! {
                        <tr>
                            <td class=TD_CLASS>
                                <div class="font-medium">{member.display_name.clone()} {is_me.then_some(" (you)")}</div>
                                <div class="text-xs text-slate-600 dark:text-slate-400">{member.email.clone()}</div>
                            </td>
                            <td class=TD_CLASS>
                                <ActionForm action=change attr:class="flex items-center gap-2">
                                    <input type="hidden" name="membership_id" value=id.clone() />
                                    <label for=select_id.clone() class="sr-only">{role_label}</label>
                                    <select id=select_id name="role" class="min-h-8 rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900">
                                        {role_options(member.role)}
                                    </select>
                                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Save"<span class="sr-only">{save_label}</span></button>
                                </ActionForm>
                            </td>
                            <td class=TD_CLASS>{member.joined_at.format("%Y-%m-%d").to_string()}</td>
                            <td class=TD_CLASS>
                                {(!is_me).then(|| view! {
                                    <ActionForm action=remove>
                                        <input type="hidden" name="membership_id" value=remove_id.clone() />
                                        <button type="submit" class=BUTTON_DANGER_CLASS>"Remove"<span class="sr-only">{remove_label}</span></button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view();
                let two_step = page.two_step.clone();
                let has_invitations = !page.invitations.is_empty();
                let invitation_rows = page.invitations.into_iter().map(|invitation| view! {
                    <tr>
                        <td class=TD_CLASS>{invitation.email.clone()}</td>
                        <td class=TD_CLASS>{invitation.role.label()}</td>
                        <td class=TD_CLASS>{invitation.expires_at.format("%Y-%m-%d").to_string()}</td>
                        <td class=TD_CLASS>
                            <ActionForm action=revoke>
                                <input type="hidden" name="invitation_id" value=invitation.id.to_string() />
                                <button type="submit" class=BUTTON_DANGER_CLASS>"Revoke"<span class="sr-only">{format!(" the invitation of {}", invitation.email)}</span></button>
                            </ActionForm>
                        </td>
                    </tr>
                }).collect_view();
                view! {
                    <Card title="People">
                        <Table columns=&["Name", "Role", "Joined", ""]>{member_rows}</Table>
                    </Card>
                    <div class="mt-6">
                        <Card title="Pending invitations">
                            {if has_invitations {
                                view! {
                                    <Table columns=&["Email", "Role", "Expires", ""]>{invitation_rows}</Table>
                                }.into_any()
                            } else {
                                view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No invitations are waiting."</p> }.into_any()
                            }}
                        </Card>
                    </div>
                    <div class="mt-6">
                        <TwoStepRequirementCard requirement=two_step set=require />
                    </div>
                }
            })}
        </div>
    }
}
