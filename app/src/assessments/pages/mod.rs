mod bank;
mod browser;
mod take;

pub use bank::AssessmentsPage;
pub use take::TakePage;
