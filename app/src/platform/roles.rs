use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// What a signed-in person may do: four roles inside a tenant, one for the platform, and the job
/// seeker, who belongs to no tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Superadmin,
    TenantAdmin,
    Recruiter,
    Interviewer,
    Candidate,
    Seeker,
    /// Runs the delegation service: activates clients, assigns employees (see `delegation`).
    DelegationAdmin,
    /// Sends job applications for the delegation service's clients.
    DelegationEmployee,
}

impl Role {
    /// The roles a tenant admin can give.
    pub const TENANT_ROLES: [Role; 4] =
        [Role::TenantAdmin, Role::Recruiter, Role::Interviewer, Role::Candidate];

    /// Who builds assessments, question banks and jobs, and reads results.
    pub const RECRUITING: [Role; 2] = [Role::Recruiter, Role::TenantAdmin];

    /// A tenant's staff: everyone in it but candidates.
    pub const TENANT_STAFF: [Role; 3] = [Role::TenantAdmin, Role::Recruiter, Role::Interviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Superadmin => "superadmin",
            Role::TenantAdmin => "tenant_admin",
            Role::Recruiter => "recruiter",
            Role::Interviewer => "interviewer",
            Role::Candidate => "candidate",
            Role::Seeker => "seeker",
            Role::DelegationAdmin => "delegation_admin",
            Role::DelegationEmployee => "delegation_employee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Superadmin => "Superadmin",
            Role::TenantAdmin => "Admin",
            Role::Recruiter => "Recruiter",
            Role::Interviewer => "Interviewer",
            Role::Candidate => "Candidate",
            Role::Seeker => "Job seeker",
            Role::DelegationAdmin => "Delegation admin",
            Role::DelegationEmployee => "Delegation employee",
        }
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Superadmin | Role::TenantAdmin | Role::Recruiter | Role::Interviewer | Role::DelegationAdmin | Role::DelegationEmployee)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        [Role::Superadmin, Role::TenantAdmin, Role::Recruiter, Role::Interviewer, Role::Candidate, Role::Seeker, Role::DelegationAdmin, Role::DelegationEmployee]
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| format!("unknown role {value:?}"))
    }
}

/// The person behind the current request, as the session says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// None for a superadmin working on the platform itself.
    pub tenant: Option<TenantRef>,
    /// The feature flags on for this person, evaluated by the server.
    pub features: Vec<String>,
    /// Set while a superadmin views the product as this person.
    pub impersonation: Option<Impersonation>,
}

/// Who is viewing the product as the signed-in member, and on what terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impersonation {
    pub superadmin_id: Uuid,
    pub superadmin_name: String,
    pub allow_changes: bool,
    pub ends_at: chrono::DateTime<chrono::Utc>,
}

impl CurrentUser {
    /// Whether the server found feature flag `key` on for this person.
    pub fn has_feature(&self, key: &str) -> bool {
        self.features.iter().any(|f| f == key)
    }

    /// Who feature flags are evaluated for: this person in their tenant.
    pub fn subject(&self) -> super::flags::Subject<'_> {
        super::flags::Subject { tenant: self.tenant.as_ref().map(|t| t.id), plan: self.tenant.as_ref().map(|t| t.plan.as_str()), user: Some(self.user_id) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRef {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub plan: String,
}
