//! Who may do what in the delegation service: the permission matrix, and the request context
//! every server function and API route of the service opens through it.

use super::types::{Actor, AdminLevel};

/// One row of the permission matrix (a resource and what is done to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// User management, in full: the service's admins.
    ManageAdmins,
    /// User management, limited: adding, retiring and setting up employees.
    ManageEmployees,
    ActivateClients,
    AssignEmployees,
    /// Job delegation and job processing, viewed across all clients.
    ViewAllDelegations,
    CreateDelegations,
    ProcessDelegations,
    /// Résumés: every client's (admins), or the clients one works for (employees).
    ViewResumes,
    ManageOwnResumes,
    /// The service's dashboard: full for superadmins, basic for admins.
    ServiceAnalytics,
    PersonalAnalytics,
    SystemSettings,
}

impl Capability {
    pub const ALL: [Capability; 12] = [
        Capability::ManageAdmins,
        Capability::ManageEmployees,
        Capability::ActivateClients,
        Capability::AssignEmployees,
        Capability::ViewAllDelegations,
        Capability::CreateDelegations,
        Capability::ProcessDelegations,
        Capability::ViewResumes,
        Capability::ManageOwnResumes,
        Capability::ServiceAnalytics,
        Capability::PersonalAnalytics,
        Capability::SystemSettings,
    ];
}

/// The matrix: whether `actor` may `capability`. Admins' user management is limited to
/// employees, and only managers have it.
pub fn allows(actor: Actor, capability: Capability) -> bool {
    use Capability::*;
    match actor {
        Actor::Superadmin => !matches!(capability, CreateDelegations | ProcessDelegations | ManageOwnResumes | PersonalAnalytics),
        Actor::Admin(level) => match capability {
            ManageEmployees => level == AdminLevel::Manager,
            ActivateClients | AssignEmployees | ViewAllDelegations | ViewResumes | ServiceAnalytics => true,
            ManageAdmins | CreateDelegations | ProcessDelegations | ManageOwnResumes | PersonalAnalytics | SystemSettings => false,
        },
        Actor::Client => matches!(capability, CreateDelegations | ManageOwnResumes | PersonalAnalytics),
        Actor::Employee => matches!(capability, ProcessDelegations | ViewResumes | PersonalAnalytics),
    }
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::platform::context::{platform, Access, Ctx, Platform};
    use crate::platform::db::Scope;
    use crate::platform::{session, AppError, CurrentUser, Role};

    /// The roles that may reach the service at all; a seeker only as an active client.
    pub const ROLES: [Role; 4] = [Role::Superadmin, Role::DelegationAdmin, Role::DelegationEmployee, Role::Seeker];

    /// A request to the service: who asks, as the matrix knows them, and a transaction that sees
    /// what they may (their own rows for clients and employees, every row for admins).
    pub struct Service {
        pub ctx: Ctx<()>,
        pub actor: Actor,
    }

    impl Service {
        /// The signed-in person, if the matrix lets them `capability`.
        pub async fn begin(capability: Capability, access: Access) -> Result<Self, AppError> {
            let platform = platform()?;
            let user = session::require_role(&platform, &ROLES).await?;
            Self::begin_as(platform, user, Some(capability), access).await
        }

        /// Anyone the service knows, whatever they may do: what they see is left to the
        /// database's row rules (a delegation's own client and employee, and admins).
        pub async fn begin_any(access: Access) -> Result<Self, AppError> {
            let platform = platform()?;
            let user = session::require_role(&platform, &ROLES).await?;
            Self::begin_as(platform, user, None, access).await
        }

        /// `user` (from a session or an API token), if the matrix lets them `capability`.
        pub async fn begin_as(platform: Platform, user: CurrentUser, capability: Option<Capability>, access: Access) -> Result<Self, AppError> {
            let user_id = user.user_id;
            let mut ctx = Ctx::for_user(platform, user, &Scope::User(user_id), access).await?;
            let actor = super::super::repo::actor(&mut ctx.tx, user_id, ctx.user.role).await?.ok_or(AppError::Forbidden)?;
            if capability.is_some_and(|capability| !allows(actor, capability)) {
                return Err(AppError::Forbidden);
            }
            if matches!(actor, Actor::Superadmin | Actor::Admin(_)) {
                sqlx::query("select set_config('app.platform_scope', 'on', true)").execute(&mut *ctx.tx).await?;
            }
            if actor == Actor::Employee && access != Access::Read {
                super::super::repo::touch_employee(&mut ctx.tx, user_id).await?;
            }
            Ok(Self { ctx, actor })
        }

        pub fn user_id(&self) -> uuid::Uuid {
            self.ctx.user.user_id
        }

        pub fn is_admin(&self) -> bool {
            matches!(self.actor, Actor::Superadmin | Actor::Admin(_))
        }

        pub async fn audit(&mut self, action: &str, target: String, details: serde_json::Value) -> Result<(), AppError> {
            self.ctx.audit(action, target, details).await
        }

        pub async fn commit(self) -> Result<(), AppError> {
            self.ctx.commit().await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    /// The seed's matrix, row by row: superadmin, admin (operator, manager), client, employee.
    #[test]
    fn the_permission_matrix_is_the_services() {
        let expected: [(Capability, [bool; 5]); 12] = [
            (ManageAdmins, [true, false, false, false, false]),
            (ManageEmployees, [true, false, true, false, false]),
            (ActivateClients, [true, true, true, false, false]),
            (AssignEmployees, [true, true, true, false, false]),
            (ViewAllDelegations, [true, true, true, false, false]),
            (CreateDelegations, [false, false, false, true, false]),
            (ProcessDelegations, [false, false, false, false, true]),
            (ViewResumes, [true, true, true, false, true]),
            (ManageOwnResumes, [false, false, false, true, false]),
            (ServiceAnalytics, [true, true, true, false, false]),
            (PersonalAnalytics, [false, false, false, true, true]),
            (SystemSettings, [true, false, false, false, false]),
        ];
        let actors = [Actor::Superadmin, Actor::Admin(AdminLevel::Operator), Actor::Admin(AdminLevel::Manager), Actor::Client, Actor::Employee];
        assert_eq!(expected.len(), Capability::ALL.len());
        for (capability, row) in expected {
            for (actor, allowed) in actors.iter().zip(row) {
                assert_eq!(allows(*actor, capability), allowed, "{actor:?} {capability:?}");
            }
        }
    }
}
