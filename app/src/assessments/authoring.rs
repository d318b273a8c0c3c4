//! Turning the question form into a stored question: options and answer key, validated.

use serde::{Deserialize, Serialize};

use super::grading::{AnswerKey, Scoring};
use super::types::{ChoiceOption, QuestionKind};
use crate::platform::AppError;

pub const MAX_OPTIONS: usize = 20;
pub const MAX_OPTION_CHARS: usize = 500;
pub const MAX_ACCEPTED: usize = 50;
pub const MAX_ACCEPTED_CHARS: usize = 200;
pub const MAX_PROMPT_CHARS: usize = 5000;
/// Rows a form may post, empty ones included: the editor never shows more.
const MAX_ROWS: usize = 100;

/// One row of a choice question's options: its text, and whether it is a right answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OptionRow {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub correct: bool,
}

/// The question form, as submitted (field names `options[0][text]`, `options[0][correct]`,
/// `accepted[0]`…), or as the editor fills it in from a stored question. Empty rows are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: String,
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<OptionRow>,
    /// True or false: "true" or "false". Single choice: the index of the right row, as its
    /// radio button posts it (a row ticked in `options` counts too).
    #[serde(default)]
    pub correct: String,
    #[serde(default)]
    pub scoring: String,
    #[serde(default)]
    pub penalty: Option<f64>,
    #[serde(default)]
    pub numeric_value: Option<f64>,
    #[serde(default)]
    pub tolerance: Option<f64>,
    #[serde(default)]
    pub accepted: Vec<String>,
    #[serde(default)]
    pub pattern: String,
    pub difficulty: String,
    pub points: f64,
    #[serde(default)]
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
                form.options = stored.options.iter().map(|o| OptionRow { text: o.text.clone(), correct: correct.contains(&o.id) }).collect();
                if stored.kind == QuestionKind::SingleChoice
                    && let Some(right) = form.options.iter().position(|o| o.correct)
                {
                    form.correct = right.to_string();
                }
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
                form.accepted = accepted.clone();
                form.pattern = pattern.clone().unwrap_or_default();
            }
            AnswerKey::Manual => {}
        }
        form
    }

    /// Whether row `index` is marked as a right answer, by its tick or (single choice) its radio button.
    pub fn marked(&self, index: usize) -> bool {
        self.options.get(index).is_some_and(|o| o.correct) || (self.kind == QuestionKind::SingleChoice.as_str() && self.correct.trim() == index.to_string())
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

/// The field name of an option row's text, as the form posts it.
pub fn option_text_field(index: usize) -> String {
    format!("options[{index}][text]")
}

/// The field name of an accepted answer's row.
pub fn accepted_field(index: usize) -> String {
    format!("accepted[{index}]")
}

fn same_text(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// The options of a choice question and the ids of the right ones, each row checked on its own.
fn choice_options(form: &QuestionForm, kind: QuestionKind) -> Result<(Vec<ChoiceOption>, Vec<String>), AppError> {
    if form.options.len() > MAX_ROWS {
        return Err(AppError::invalid("options", format!("Give at most {MAX_OPTIONS} options.")));
    }
    let mut options: Vec<ChoiceOption> = Vec::new();
    let mut correct = Vec::new();
    // Rows are named by their place on screen, empty rows included.
    let mut numbers: Vec<usize> = Vec::new();
    for (index, row) in form.options.iter().enumerate() {
        let (number, text, field) = (index + 1, row.text.trim(), option_text_field(index));
        if text.is_empty() {
            if form.marked(index) {
                return Err(AppError::invalid(&field, format!("Option {number} is empty: write it, or unmark it as a right answer.")));
            }
            continue;
        }
        if text.chars().count() > MAX_OPTION_CHARS {
            return Err(AppError::invalid(&field, format!("Option {number} is longer than {MAX_OPTION_CHARS} characters.")));
        }
        if let Some(earlier) = options.iter().position(|o| same_text(&o.text, text)) {
            return Err(AppError::invalid(&field, format!("Option {number} repeats option {}.", numbers[earlier])));
        }
        let id = option_id(options.len());
        if form.marked(index) {
            correct.push(id.clone());
        }
        options.push(ChoiceOption { id, text: text.to_owned() });
        numbers.push(number);
    }
    if options.len() < 2 {
        return Err(AppError::invalid("options", "Give at least 2 options."));
    }
    if options.len() > MAX_OPTIONS {
        return Err(AppError::invalid("options", format!("Give at most {MAX_OPTIONS} options.")));
    }
    match (kind, correct.len()) {
        (QuestionKind::SingleChoice, 0) => Err(AppError::invalid("correct", "Mark the right answer.")),
        (QuestionKind::SingleChoice, 1) => Ok((options, correct)),
        (QuestionKind::SingleChoice, _) => Err(AppError::invalid("correct", "Mark only one right answer, or make this a multiple-choice question.")),
        (_, 0) => Err(AppError::invalid("correct", "Mark at least one right answer.")),
        _ => Ok((options, correct)),
    }
}

fn accepted_answers(form: &QuestionForm) -> Result<Vec<String>, AppError> {
    if form.accepted.len() > MAX_ROWS {
        return Err(AppError::invalid("accepted", format!("Give at most {MAX_ACCEPTED} accepted answers.")));
    }
    let mut accepted: Vec<String> = Vec::new();
    for (index, answer) in form.accepted.iter().enumerate() {
        let (number, text) = (index + 1, answer.trim());
        if text.is_empty() {
            continue;
        }
        if text.chars().count() > MAX_ACCEPTED_CHARS {
            return Err(AppError::invalid(&accepted_field(index), format!("Accepted answer {number} is longer than {MAX_ACCEPTED_CHARS} characters.")));
        }
        // Answers are compared without regard to case or spacing: a repeat would never count.
        if accepted.iter().any(|a| same_text(a, text)) {
            return Err(AppError::invalid(&accepted_field(index), format!("Accepted answer {number} repeats an earlier one.")));
        }
        accepted.push(text.to_owned());
    }
    if accepted.len() > MAX_ACCEPTED {
        return Err(AppError::invalid("accepted", format!("Give at most {MAX_ACCEPTED} accepted answers.")));
    }
    Ok(accepted)
}

pub fn build(form: &QuestionForm) -> Result<BuiltQuestion, AppError> {
    let kind = QuestionKind::parse(&form.kind).ok_or_else(|| AppError::invalid("kind", "Choose a question type."))?;
    let prompt = form.prompt.trim();
    if prompt.is_empty() || prompt.chars().count() > MAX_PROMPT_CHARS {
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
            let (options, correct) = choice_options(form, kind)?;
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
            let accepted = accepted_answers(form)?;
            let pattern = Some(form.pattern.trim().to_owned()).filter(|p| !p.is_empty());
            if pattern.as_ref().is_some_and(|p| p.chars().count() > MAX_ACCEPTED_CHARS) {
                return Err(AppError::invalid("pattern", format!("The pattern can be at most {MAX_ACCEPTED_CHARS} characters.")));
            }
            if accepted.is_empty() && pattern.is_none() {
                return Err(AppError::invalid("accepted", "Give at least one accepted answer, or a pattern."));
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

    fn rows(texts: &[(&str, bool)]) -> Vec<OptionRow> {
        texts.iter().map(|(text, correct)| OptionRow { text: (*text).into(), correct: *correct }).collect()
    }

    fn error(form: &QuestionForm) -> (String, String) {
        let error = build(form).err().expect("refused");
        (error.field().unwrap_or_default().to_owned(), error.to_string())
    }

    #[test]
    fn multiple_choice_takes_its_ticked_rows_and_skips_empty_ones() {
        let mut f = form("multiple_choice");
        f.options = rows(&[("Rust", true), ("", false), ("  Go ", false), ("C", true), ("", false)]);
        f.scoring = "proportional".into();
        f.penalty = Some(0.5);
        let built = build(&f).unwrap();
        assert_eq!(built.options.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(), ["Rust", "Go", "C"]);
        assert_eq!(built.key, AnswerKey::Choice { correct: vec!["a".into(), "c".into()], scoring: Scoring::Proportional { penalty: 0.5 } });
        f.scoring = "all_or_nothing".into();
        assert_eq!(build(&f).unwrap().key, AnswerKey::Choice { correct: vec!["a".into(), "c".into()], scoring: Scoring::AllOrNothing });
        f.scoring = "proportional".into();
        f.penalty = Some(2.0);
        assert_eq!(error(&f).0, "penalty");
    }

    #[test]
    fn single_choice_takes_the_row_its_radio_button_names() {
        let mut f = form("single_choice");
        f.options = rows(&[("inner", false), ("left", false), ("cross", false)]);
        f.correct = "1".into();
        let built = build(&f).unwrap();
        assert_eq!(built.key, AnswerKey::Choice { correct: vec!["b".into()], scoring: Scoring::AllOrNothing });
        f.correct = String::new();
        assert_eq!(error(&f), ("correct".into(), "Mark the right answer.".into()));
        f.options[0].correct = true;
        f.correct = "2".into();
        assert_eq!(error(&f).0, "correct", "two right answers");
    }

    #[test]
    fn each_row_error_names_its_row() {
        let mut f = form("multiple_choice");
        f.options = rows(&[("a", true), ("b", false), ("", true)]);
        assert_eq!(error(&f), ("options[2][text]".into(), "Option 3 is empty: write it, or unmark it as a right answer.".into()));
        f.options = rows(&[("", false), ("Left join", true), ("left   JOIN", false)]);
        assert_eq!(error(&f), ("options[2][text]".into(), "Option 3 repeats option 2.".into()));
        f.options = rows(&[("a", true), (&"x".repeat(501), false)]);
        assert_eq!(error(&f), ("options[1][text]".into(), "Option 2 is longer than 500 characters.".into()));
        f.options = rows(&[("a", false), ("b", false)]);
        assert_eq!(error(&f), ("correct".into(), "Mark at least one right answer.".into()));
        f.options = rows(&[("only", true), ("", false)]);
        assert_eq!(error(&f).0, "options");
        f.options = (0..21).map(|i| OptionRow { text: i.to_string(), correct: i == 0 }).collect();
        assert_eq!(error(&f), ("options".into(), "Give at most 20 options.".into()));
        let mut short = form("short_text");
        short.accepted = vec!["order by".into(), "".into(), "ORDER  by".into()];
        assert_eq!(error(&short), ("accepted[2]".into(), "Accepted answer 3 repeats an earlier one.".into()));
        short.accepted = vec!["x".repeat(201)];
        assert_eq!(error(&short).0, "accepted[0]");
    }

    #[test]
    fn a_stored_question_fills_the_form_that_builds_it_again() {
        let mut forms = Vec::new();
        let mut multiple = form("multiple_choice");
        (multiple.options, multiple.scoring, multiple.penalty) = (rows(&[("x", true), ("y", false), ("z", true)]), "proportional".into(), Some(0.25));
        forms.push(multiple);
        let mut single = form("single_choice");
        (single.options, single.correct) = (rows(&[("x", false), ("", false), ("z", false)]), "2".into());
        forms.push(single);
        let mut tf = form("true_false");
        tf.correct = "false".into();
        forms.push(tf);
        let mut number = form("numeric");
        (number.numeric_value, number.tolerance) = (Some(2.5), Some(0.1));
        forms.push(number);
        let mut short = form("short_text");
        (short.accepted, short.pattern) = (vec!["select".into(), "SELECT *".into()], "sel*".into());
        forms.push(short);
        forms.push(form("long_text"));
        for original in forms {
            let built = build(&original).unwrap();
            let refilled = QuestionForm::from_stored(&built);
            assert_eq!(build(&refilled).unwrap(), built, "{}", original.kind);
        }
        let mut single = form("single_choice");
        (single.options, single.correct) = (rows(&[("x", false), ("y", false)]), "1".into());
        let refilled = QuestionForm::from_stored(&build(&single).unwrap());
        assert_eq!((refilled.correct.as_str(), refilled.options[1].correct), ("1", true), "the right row is marked for the editor");
    }

    #[test]
    fn other_kinds() {
        let mut tf = form("true_false");
        assert_eq!(error(&tf).0, "correct");
        tf.correct = "False".into();
        assert!(matches!(build(&tf).unwrap().key, AnswerKey::Choice { ref correct, .. } if correct == &["false"]));
        let mut number = form("numeric");
        assert_eq!(error(&number).0, "numeric_value");
        number.numeric_value = Some(42.0);
        assert_eq!(build(&number).unwrap().key, AnswerKey::Numeric { value: 42.0, tolerance: 0.0 });
        number.tolerance = Some(-1.0);
        assert_eq!(error(&number).0, "tolerance");
        let mut short = form("short_text");
        short.accepted = vec!["".into()];
        assert_eq!(error(&short).0, "accepted");
        short.pattern = "select *".into();
        assert!(build(&short).is_ok());
        short.pattern = "*".repeat(201);
        assert_eq!(error(&short).0, "pattern");
        assert_eq!(build(&form("long_text")).unwrap().key, AnswerKey::Manual);
        let mut bad = form("essay");
        assert_eq!(error(&bad).0, "kind");
        bad = form("long_text");
        bad.points = 0.0;
        assert_eq!(error(&bad).0, "points");
    }
}
