mod assessments;
mod bank;
mod browser;
mod question;
mod results;
mod take;

pub use assessments::AssessmentsPage;
pub use bank::BankPage;
pub use question::QuestionPage;
pub use results::{ResultsPage, ReviewPage};
pub use take::TakePage;
