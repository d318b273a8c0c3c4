//! Turning the question form into a stored question: options and answer key, validated.

use serde::{Deserialize, Serialize};

use super::grading::{AnswerKey, Scoring};
use super::types::{ChoiceOption, QuestionKind};
use crate::platform::AppError;

/// The question form, as submitted, or as the editor fills it in from a stored question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: String,
    pub prompt: String,
    /// One option per line (choice questions).
    pub options: String,
    /// The right options by number, e.g. "1, 3"; for true/false, "true" or "false".
    pub correct: String,
    pub scoring: String,
    pub penalty: Option<f64>,
    pub numeric_value: Option<f64>,
    pub tolerance: Option<f64>,
    /// One accepted answer per line (short text).
    pub accepted: String,
    pub pattern: String,
    pub difficulty: String,
    pub points: f64,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BuiltQuestion {
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<ChoiceOption>,
    pub key: AnswerKey,
    pub difficulty: String,
    pub points: f64,
    pub explanation: String,
}

impl QuestionForm {
    /// The form that builds this stored question again: where an edit starts.
    pub fn from_stored(stored: &BuiltQuestion) -> Self {
        let mut form = QuestionForm {
            kind: stored.kind.as_str().to_owned(),
            prompt: stored.prompt.clone(),
            difficulty: stored.difficulty.clone(),
            points: stored.points,
            explanation: stored.explanation.clone(),
            ..Default::default()
        };
        match &stored.key {
            AnswerKey::Choice { correct, scoring } if stored.kind == QuestionKind::TrueFalse => {
                form.correct = correct.join(", ");
                form.scoring = scoring_name(scoring).to_owned();
            }
            AnswerKey::Choice { correct, scoring } => {
                form.options = stored.options.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join("\n");
                let numbers: Vec<String> =
                    stored.options.iter().enumerate().filter(|(_, o)| correct.contains(&o.id)).map(|(i, _)| (i + 1).to_string()).collect();
                form.correct = numbers.join(", ");
                form.scoring = scoring_name(scoring).to_owned();
                if let Scoring::Proportional { penalty } = scoring {
                    form.penalty = Some(*penalty);
                }
            }
            AnswerKey::Numeric { value, tolerance } => {
                form.numeric_value = Some(*value);
                form.tolerance = Some(*tolerance);
            }
            AnswerKey::ShortText { accepted, pattern } => {
                form.accepted = accepted.join("\n");
                form.pattern = pattern.clone().unwrap_or_default();
            }
            AnswerKey::Manual => {}
        }
        form
    }
}

fn scoring_name(scoring: &Scoring) -> &'static str {
    match scoring {
        Scoring::AllOrNothing => "all_or_nothing",
        Scoring::Proportional { .. } => "proportional",
    }
}

fn option_id(index: usize) -> String {
    ((b'a' + (index % 26) as u8) as char).to_string() + &"'".repeat(index / 26)
}

pub fn build(form: &QuestionForm) -> Result<BuiltQuestion, AppError> {
    let kind = QuestionKind::parse(&form.kind).ok_or_else(|| AppError::invalid("kind", "Choose a question type."))?;
    let prompt = form.prompt.trim();
    if prompt.is_empty() || prompt.chars().count() > 5000 {
        return Err(AppError::invalid("prompt", "Write the question, in at most 5,000 characters."));
    }
    if !super::types::DIFFICULTIES.contains(&form.difficulty.as_str()) {
        return Err(AppError::invalid("difficulty", "Choose easy, medium or hard."));
    }
    if !(form.points > 0.0 && form.points <= 1000.0) {
        return Err(AppError::invalid("points", "Points are more than 0 and at most 1,000."));
    }
    if form.explanation.chars().count() > 5000 {
        return Err(AppError::invalid("explanation", "The explanation can be at most 5,000 characters."));
    }
    let (options, key) = match kind {
        QuestionKind::TrueFalse => {
            let correct = form.correct.trim().to_lowercase();
            if correct != "true" && correct != "false" {
                return Err(AppError::invalid("correct", "Say whether the statement is true or false."));
            }
            let options = vec![ChoiceOption { id: "true".into(), text: "True".into() }, ChoiceOption { id: "false".into(), text: "False".into() }];
            (options, AnswerKey::Choice { correct: vec![correct], scoring: Scoring::AllOrNothing })
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            let options: Vec<ChoiceOption> = form
                .options
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .enumerate()
                .map(|(i, text)| ChoiceOption { id: option_id(i), text: text.to_owned() })
                .collect();
            if options.len() < 2 || options.len() > 20 || options.iter().any(|o| o.text.chars().count() > 500) {
                return Err(AppError::invalid("options", "Give 2 to 20 options, one per line, each at most 500 characters."));
            }
            let mut correct = Vec::new();
            for part in form.correct.split([',', ' ']).filter(|p| !p.is_empty()) {
                let number: usize = part.parse().ok().filter(|n| (1..=options.len()).contains(n)).ok_or_else(|| {
                    AppError::invalid("correct", format!("Name the right options by number, from 1 to {}.", options.len()))
                })?;
                let id = options[number - 1].id.clone();
                if !correct.contains(&id) {
                    correct.push(id);
                }
            }
            // In the options' order, however they were named.
            correct.sort_by_key(|id| options.iter().position(|o| &o.id == id));
            if correct.is_empty() || (kind == QuestionKind::SingleChoice && correct.len() != 1) {
                let message = if kind == QuestionKind::SingleChoice { "Name the one right option by its number." } else { "Name the right options by number, e.g. 1, 3." };
                return Err(AppError::invalid("correct", message));
            }
            let scoring = match (kind, form.scoring.as_str()) {
                (QuestionKind::MultipleChoice, "proportional") => {
                    let penalty = form.penalty.unwrap_or(0.0);
                    if !(0.0..=1.0).contains(&penalty) {
                        return Err(AppError::invalid("penalty", "The penalty per wrong pick is between 0 and 1."));
                    }
                    Scoring::Proportional { penalty }
                }
                _ => Scoring::AllOrNothing,
            };
            (options, AnswerKey::Choice { correct, scoring })
        }
        QuestionKind::Numeric => {
            let value = form.numeric_value.filter(|v| v.is_finite()).ok_or_else(|| AppError::invalid("numeric_value", "Give the right number."))?;
            let tolerance = form.tolerance.unwrap_or(0.0);
            if !(tolerance.is_finite() && tolerance >= 0.0) {
                return Err(AppError::invalid("tolerance", "The tolerance is a number of at least 0."));
            }
            (Vec::new(), AnswerKey::Numeric { value, tolerance })
        }
        QuestionKind::ShortText => {
            let accepted: Vec<String> = form.accepted.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
            let pattern = Some(form.pattern.trim().to_owned()).filter(|p| !p.is_empty());
            if accepted.is_empty() && pattern.is_none() {
                return Err(AppError::invalid("accepted", "Give at least one accepted answer, or a pattern."));
            }
            if accepted.len() > 50 || accepted.iter().any(|a| a.chars().count() > 200) || pattern.as_ref().is_some_and(|p| p.chars().count() > 200) {
                return Err(AppError::invalid("accepted", "At most 50 accepted answers of 200 characters each."));
            }
            (Vec::new(), AnswerKey::ShortText { accepted, pattern })
        }
        QuestionKind::LongText => (Vec::new(), AnswerKey::Manual),
    };
    Ok(BuiltQuestion {
        kind,
        prompt: prompt.to_owned(),
        options,
        key,
        difficulty: form.difficulty.clone(),
        points: (form.points * 100.0).round() / 100.0,
        explanation: form.explanation.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str) -> QuestionForm {
        QuestionForm { kind: kind.into(), prompt: "Q?".into(), difficulty: "easy".into(), points: 1.0, ..Default::default() }
    }

    #[test]
    fn choice_questions_name_their_right_options_by_number() {
        let mut f = form("multiple_choice");
        f.options = "Rust\n\n  Go \nC".into();
        f.correct = "1, 3".into();
        f.scoring = "proportional".into();
        f.penalty = Some(0.5);
        let built = build(&f).unwrap();
        assert_eq!(built.options.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(), ["Rust", "Go", "C"]);
        assert_eq!(built.key, AnswerKey::Choice { correct: vec!["a".into(), "c".into()], scoring: Scoring::Proportional { penalty: 0.5 } });
        f.correct = "4".into();
        assert_eq!(build(&f).err().unwrap().field(), Some("correct"));
        let mut single = form("single_choice");
        single.options = "a\nb".into();
        single.correct = "1,2".into();
        assert_eq!(build(&single).err().unwrap().field(), Some("correct"));
        single.options = "only one".into();
        assert_eq!(build(&single).err().unwrap().field(), Some("options"));
    }

    #[test]
    fn a_stored_question_fills_the_form_that_builds_it_again() {
        let mut forms = Vec::new();
        let mut choice = form("multiple_choice");
        (choice.options, choice.correct, choice.scoring, choice.penalty) = ("x\ny\nz".into(), "3, 1".into(), "proportional".into(), Some(0.25));
        forms.push(choice);
        let mut tf = form("true_false");
        tf.correct = "false".into();
        forms.push(tf);
        let mut number = form("numeric");
        (number.numeric_value, number.tolerance) = (Some(2.5), Some(0.1));
        forms.push(number);
        let mut short = form("short_text");
        (short.accepted, short.pattern) = ("select\nSELECT *".into(), "sel*".into());
        forms.push(short);
        forms.push(form("long_text"));
        for original in forms {
            let built = build(&original).unwrap();
            assert_eq!(build(&QuestionForm::from_stored(&built)).unwrap(), built, "{}", original.kind);
        }
    }

    #[test]
    fn other_kinds() {
        let mut tf = form("true_false");
        tf.correct = "False".into();
        assert!(matches!(build(&tf).unwrap().key, AnswerKey::Choice { ref correct, .. } if correct == &["false"]));
        let mut number = form("numeric");
        assert_eq!(build(&number).err().unwrap().field(), Some("numeric_value"));
        number.numeric_value = Some(42.0);
        number.tolerance = Some(-1.0);
        assert_eq!(build(&number).err().unwrap().field(), Some("tolerance"));
        let mut short = form("short_text");
        assert_eq!(build(&short).err().unwrap().field(), Some("accepted"));
        short.pattern = "select *".into();
        assert!(build(&short).is_ok());
        assert_eq!(build(&form("long_text")).unwrap().key, AnswerKey::Manual);
        let mut bad = form("essay");
        assert_eq!(build(&bad).err().unwrap().field(), Some("kind"));
        bad = form("long_text");
        bad.points = 0.0;
        assert_eq!(build(&bad).err().unwrap().field(), Some("points"));
    }
}
