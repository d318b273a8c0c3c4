//! Assessments: the question bank, tests candidates take, and their grading.

pub mod grading;
