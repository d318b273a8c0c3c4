//! Grading of objective answers: pure functions, the same for every caller.

use serde::{Deserialize, Serialize};

/// How a multiple-choice question gives credit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Scoring {
    /// Full points for exactly the right set of options, nothing otherwise.
    AllOrNothing,
    /// Each right pick earns its share of the points; each wrong pick takes away
    /// `penalty` times a share. Never below zero.
    Proportional { penalty: f64 },
}

/// What counts as right, per question type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnswerKey {
    /// Single choice, multiple choice and true/false: the ids of the right options.
    Choice { correct: Vec<String>, scoring: Scoring },
    Numeric { value: f64, tolerance: f64 },
    /// Accepted answers, compared without regard to case or surrounding space;
    /// or a pattern where `*` stands for any text.
    ShortText { accepted: Vec<String>, pattern: Option<String> },
    /// Long text: a person grades it.
    Manual,
}

/// A candidate's answer, as the browser sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Response {
    Choice(Vec<String>),
    Number(f64),
    Text(String),
}

impl Response {
    /// The answer a question's inputs hold: the checked options' ids, or the text typed.
    pub fn from_page(kind: super::types::QuestionKind, checked: Vec<String>, text: &str) -> Option<Response> {
        use super::types::QuestionKind::*;
        match kind {
            SingleChoice | TrueFalse | MultipleChoice => (!checked.is_empty()).then_some(Response::Choice(checked)),
            Numeric => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map(Response::Number),
            ShortText | LongText => (!text.is_empty()).then(|| Response::Text(text.to_owned())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grade {
    Points(f64),
    /// Waits for a person.
    Manual,
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether `text` matches `pattern`, where `*` is any run of characters; case-insensitive.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    let pattern = normalized(pattern);
    let text = normalized(text);
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return text == first;
    }
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Points for `response` to a question worth `points` with `key`. A response of
/// the wrong shape earns nothing.
pub fn grade(key: &AnswerKey, points: f64, response: Option<&Response>) -> Grade {
    let Some(response) = response else {
        return if matches!(key, AnswerKey::Manual) { Grade::Manual } else { Grade::Points(0.0) };
    };
    match (key, response) {
        (AnswerKey::Manual, _) => Grade::Manual,
        (AnswerKey::Choice { correct, scoring }, Response::Choice(picked)) => {
            let mut picked: Vec<&String> = picked.iter().collect();
            picked.sort();
            picked.dedup();
            let right = picked.iter().filter(|p| correct.contains(p)).count() as f64;
            let wrong = picked.len() as f64 - right;
            let total = correct.len().max(1) as f64;
            match scoring {
                Scoring::AllOrNothing => Grade::Points(if right == total && wrong == 0.0 { points } else { 0.0 }),
                Scoring::Proportional { penalty } => {
                    let share = points / total;
                    Grade::Points((right * share - wrong * penalty * share).clamp(0.0, points))
                }
            }
        }
        (AnswerKey::Numeric { value, tolerance }, Response::Number(given)) => {
            let ok = given.is_finite() && (given - value).abs() <= tolerance.abs() + f64::EPSILON * value.abs().max(1.0);
            Grade::Points(if ok { points } else { 0.0 })
        }
        (AnswerKey::ShortText { accepted, pattern }, Response::Text(given)) => {
            let given_normalized = normalized(given);
            let ok = !given_normalized.is_empty()
                && (accepted.iter().any(|a| normalized(a) == given_normalized)
                    || pattern.as_deref().is_some_and(|p| matches_pattern(p, given)));
            Grade::Points(if ok { points } else { 0.0 })
        }
        _ => Grade::Points(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(correct: &[&str], scoring: Scoring) -> AnswerKey {
        AnswerKey::Choice { correct: correct.iter().map(|s| s.to_string()).collect(), scoring }
    }

    fn picked(ids: &[&str]) -> Response {
        Response::Choice(ids.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn single_choice_and_true_false() {
        let key = choice(&["b"], Scoring::AllOrNothing);
        assert_eq!(grade(&key, 2.0, Some(&picked(&["b"]))), Grade::Points(2.0));
        assert_eq!(grade(&key, 2.0, Some(&picked(&["a"]))), Grade::Points(0.0));
        assert_eq!(grade(&key, 2.0, Some(&picked(&["a", "b"]))), Grade::Points(0.0), "both picked is not right");
        assert_eq!(grade(&key, 2.0, None), Grade::Points(0.0));
        let tf = choice(&["true"], Scoring::AllOrNothing);
        assert_eq!(grade(&tf, 1.0, Some(&picked(&["true"]))), Grade::Points(1.0));
        assert_eq!(grade(&tf, 1.0, Some(&picked(&["false"]))), Grade::Points(0.0));
    }

    #[test]
    fn multiple_choice_all_or_nothing() {
        let key = choice(&["a", "c"], Scoring::AllOrNothing);
        assert_eq!(grade(&key, 4.0, Some(&picked(&["c", "a"]))), Grade::Points(4.0));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a"]))), Grade::Points(0.0));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a", "b", "c"]))), Grade::Points(0.0));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a", "a", "c"]))), Grade::Points(4.0), "a repeated pick counts once");
    }

    #[test]
    fn multiple_choice_proportional_with_penalty() {
        let key = choice(&["a", "b", "c", "d"], Scoring::Proportional { penalty: 0.5 });
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a", "b", "c", "d"]))), Grade::Points(4.0));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a", "b"]))), Grade::Points(2.0));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["a", "b", "x"]))), Grade::Points(1.5));
        assert_eq!(grade(&key, 4.0, Some(&picked(&["x", "y", "z"]))), Grade::Points(0.0), "never below zero");
        assert_eq!(grade(&key, 4.0, Some(&picked(&[]))), Grade::Points(0.0));
        let no_penalty = choice(&["a", "b"], Scoring::Proportional { penalty: 0.0 });
        assert_eq!(grade(&no_penalty, 3.0, Some(&picked(&["a", "x", "y"]))), Grade::Points(1.5));
    }

    #[test]
    fn numeric_with_tolerance() {
        let key = AnswerKey::Numeric { value: 2.54, tolerance: 0.01 };
        assert_eq!(grade(&key, 1.0, Some(&Response::Number(2.55))), Grade::Points(1.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Number(2.53))), Grade::Points(1.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Number(2.56))), Grade::Points(0.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Number(f64::NAN))), Grade::Points(0.0));
        let exact = AnswerKey::Numeric { value: 0.3, tolerance: 0.0 };
        assert_eq!(grade(&exact, 1.0, Some(&Response::Number(0.1 + 0.2))), Grade::Points(1.0), "floating-point noise is not an error");
    }

    #[test]
    fn short_text_accepted_answers_and_patterns() {
        let key = AnswerKey::ShortText { accepted: vec!["Rust".into(), "rust-lang".into()], pattern: None };
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("  RUST ".into()))), Grade::Points(1.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("Rust-Lang".into()))), Grade::Points(1.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("rusty".into()))), Grade::Points(0.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("".into()))), Grade::Points(0.0));
        let pattern = AnswerKey::ShortText { accepted: vec![], pattern: Some("select * from *users".into()) };
        assert_eq!(grade(&pattern, 1.0, Some(&Response::Text("SELECT id FROM   users".into()))), Grade::Points(1.0));
        assert_eq!(grade(&pattern, 1.0, Some(&Response::Text("select id from app_users".into()))), Grade::Points(1.0));
        assert_eq!(grade(&pattern, 1.0, Some(&Response::Text("delete from users".into()))), Grade::Points(0.0));
        assert!(matches_pattern("a*a", "aa") && !matches_pattern("ab*ba", "aba"), "the parts may not overlap");
    }

    #[test]
    fn long_text_waits_for_a_person_and_wrong_shapes_earn_nothing() {
        assert_eq!(grade(&AnswerKey::Manual, 5.0, Some(&Response::Text("essay".into()))), Grade::Manual);
        assert_eq!(grade(&AnswerKey::Manual, 5.0, None), Grade::Manual);
        let key = AnswerKey::Numeric { value: 1.0, tolerance: 0.0 };
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("1".into()))), Grade::Points(0.0));
    }
}
