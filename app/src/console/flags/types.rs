use serde::{Deserialize, Serialize};

use crate::platform::flags::Flag;

/// A flag as the console lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagRow {
    pub flag: Flag,
    pub stale: bool,
    /// The slugs of the tenants it is switched on and off for.
    pub on_for: Vec<String>,
    pub off_for: Vec<String>,
}

/// What the flag form needs: the flag (none for a new one) and the choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagChoices {
    pub row: Option<FlagRow>,
    pub plans: Vec<String>,
    /// Every other flag's key, for prerequisites.
    pub others: Vec<String>,
}

/// A flag as it stands for one tenant, for the tenant page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagInEffect {
    pub key: String,
    pub description: String,
    pub on: bool,
    /// Which rule decided.
    pub because: String,
    /// "on", "off" or "" when the tenant follows the rules.
    pub overridden: String,
}
