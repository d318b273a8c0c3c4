mod account;
mod join;
mod members;
mod password;
mod sign_in;

pub use account::AccountPage;
pub use join::JoinPage;
pub use members::MembersPage;
pub use password::{ChangePasswordCard, ForgotPasswordPage, ResetPasswordPage};
pub use sign_in::{AuthFrame, SignInPage, SignOutButton};
