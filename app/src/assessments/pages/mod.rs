mod bank;
mod browser;
mod results;
mod take;

pub use bank::AssessmentsPage;
pub use results::{ResultsPage, ReviewPage};
pub use take::TakePage;
