mod bank;

pub use bank::AssessmentsPage;
