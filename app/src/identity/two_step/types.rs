use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A key waiting for its first code: shown to the person setting it up, and to no one else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    /// The key in base32, for typing into an app.
    pub key_text: String,
    /// The same key as a QR code (SVG), for scanning.
    pub qr_svg: String,
    /// Single-use codes for when the app is lost; they work once the setup is confirmed.
    pub recovery_codes: Vec<String>,
}

/// The second step of a sign-in under way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoStepChallenge {
    pub email: String,
    /// For someone required to use two-step sign-in who has not set it up yet.
    pub setup: Option<TwoStepSetup>,
}

/// The signed-in person's own two-step sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoStepStatus {
    pub enabled_since: Option<DateTime<Utc>>,
    pub recovery_codes_left: i64,
    /// Required of them (superadmins; members of an organization that requires it).
    pub required: bool,
    pub setup: Option<TwoStepSetup>,
}

/// An organization's rule, as its admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoStepRequirement {
    pub required: bool,
    pub members_with_two_step: i64,
    pub members: i64,
}
