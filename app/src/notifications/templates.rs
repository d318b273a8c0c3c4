//! The messages of each kind of notification: built-in wording, a tenant's own, and rendering
//! with minijinja (the subject and text as written, the HTML autoescaped).

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

use super::types::NotificationKind;
use crate::platform::AppError;

/// The three parts of a kind's message, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

/// A message rendered for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The variables a kind's templates receive besides `url` (the full address of what it is about).
pub fn variables(kind: NotificationKind) -> &'static [&'static str] {
    match kind {
        NotificationKind::NewApplication => &["requisition_title", "candidate_name", "source", "stage"],
        NotificationKind::StageChanged => &["candidate_name", "requisition_title", "from_stage", "to_stage", "actor_name", "reason"],
        NotificationKind::Mentioned => &["author_name", "candidate_name", "requisition_title", "excerpt"],
        NotificationKind::AssessmentSubmitted => &["candidate_name", "assessment_title", "percent", "requisition_title"],
        NotificationKind::RequisitionStatusChanged => &["requisition_title", "from_status", "to_status", "reason"],
        NotificationKind::BulkOperationFinished => &["action", "succeeded", "failed"],
        NotificationKind::ImportFinished => &["file_name", "created", "updated", "failed"],
        NotificationKind::InterviewScheduled => &["change", "interview_title", "candidate_name", "requisition_title", "when", "place"],
        NotificationKind::InterviewReminder => &["interview_title", "candidate_name", "requisition_title", "when", "place", "lead"],
        NotificationKind::ScorecardDue => &["interview_title", "candidate_name", "requisition_title", "overdue"],
        NotificationKind::ScorecardSubmitted => &["interviewer_name", "interview_title", "candidate_name", "requisition_title", "recommendation"],
        NotificationKind::IncidentUpdate => &["title", "severity", "status", "message", "components"],
    }
}

fn built_in(kind: NotificationKind) -> (&'static str, &'static str) {
    match kind {
        NotificationKind::NewApplication => (
            "New application for {{ requisition_title }}: {{ candidate_name }}",
            "{{ candidate_name }} applied for {{ requisition_title }} ({{ source }}) and is in {{ stage }}.",
        ),
        NotificationKind::StageChanged => (
            "{{ candidate_name }}: {{ from_stage }} → {{ to_stage }}",
            "{{ actor_name }} moved {{ candidate_name }} ({{ requisition_title }}) from {{ from_stage }} to {{ to_stage }}.{% if reason %} Reason: {{ reason }}{% endif %}",
        ),
        NotificationKind::Mentioned => (
            "{{ author_name }} mentioned you about {{ candidate_name }}",
            "{{ author_name }} mentioned you in a note on {{ candidate_name }} ({{ requisition_title }}): “{{ excerpt }}”",
        ),
        NotificationKind::AssessmentSubmitted => (
            "{{ candidate_name }} submitted {{ assessment_title }}",
            "{{ candidate_name }} submitted {{ assessment_title }} for {{ requisition_title }}{% if percent is not none %} and scored {{ percent }}%{% endif %}.",
        ),
        NotificationKind::RequisitionStatusChanged => (
            "{{ requisition_title }}: {{ to_status }}",
            "The requisition “{{ requisition_title }}” moved from {{ from_status }} to {{ to_status }}.{% if reason %} Reason: {{ reason }}{% endif %}",
        ),
        NotificationKind::BulkOperationFinished => (
            "Bulk {{ action }} finished",
            "Your bulk {{ action }} finished: {{ succeeded }} done, {{ failed }} could not be.",
        ),
        NotificationKind::ImportFinished => (
            "Import of {{ file_name }} finished",
            "The import of {{ file_name }} finished: {{ created }} created, {{ updated }} updated, {{ failed }} rows with errors.",
        ),
        NotificationKind::InterviewScheduled => (
            "Interview {{ change }}: {{ interview_title }} with {{ candidate_name }}",
            "{{ interview_title }} with {{ candidate_name }} ({{ requisition_title }}) is {{ change }}: {{ when }}{% if place %}, {{ place }}{% endif %}. The calendar invitation is attached.",
        ),
        NotificationKind::InterviewReminder => (
            "In {{ lead }}: {{ interview_title }} with {{ candidate_name }}",
            "{{ interview_title }} with {{ candidate_name }} ({{ requisition_title }}) starts {{ when }}{% if place %}, {{ place }}{% endif %}. The interview kit is ready.",
        ),
        NotificationKind::ScorecardDue => (
            "Scorecard overdue: {{ candidate_name }}",
            "Your scorecard for {{ interview_title }} with {{ candidate_name }} ({{ requisition_title }}) is {{ overdue }} overdue.",
        ),
        NotificationKind::ScorecardSubmitted => (
            "{{ interviewer_name }} submitted a scorecard for {{ candidate_name }}",
            "{{ interviewer_name }} submitted the {{ interview_title }} scorecard for {{ candidate_name }} ({{ requisition_title }}): {{ recommendation }}.",
        ),
        NotificationKind::IncidentUpdate => (
            "Hirevoo incident ({{ status }}): {{ title }}",
            "{{ title }} ({{ severity }}, affecting {{ components }}) is now {{ status }}: {{ message }}",
        ),
    }
}

/// The built-in wording: the HTML says what the text says, with a link.
pub fn default_wording(kind: NotificationKind) -> Wording {
    let (subject, text) = built_in(kind);
    Wording {
        subject: subject.to_owned(),
        text_body: format!("{text}\n\nOpen it: {{{{ url }}}}"),
        html_body: format!("<p>{text}</p>\n<p><a href=\"{{{{ url }}}}\">Open it in Hirevoo</a></p>"),
    }
}

const MAX_OUTPUT: usize = 100_000;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    env.set_auto_escape_callback(|name| if name == "html" { AutoEscape::Html } else { AutoEscape::None });
    env.set_fuel(Some(50_000));
    env
}

/// Renders the three parts with `vars` and `url`. An error names the part at fault.
pub fn render(wording: &Wording, vars: &Value, url: &str) -> Result<Rendered, (&'static str, String)> {
    let mut env = environment();
    let mut context = vars.as_object().cloned().unwrap_or_default();
    context.insert("url".into(), Value::String(url.to_owned()));
    let context = Value::Object(context);
    let mut one = |part: &'static str, name: &'static str, source: &str| -> Result<String, (&'static str, String)> {
        env.add_template_owned(name, source.to_owned()).map_err(|e| (part, e.to_string()))?;
        let text = env.get_template(name).and_then(|t| t.render(&context)).map_err(|e| (part, e.to_string()))?;
        if text.len() > MAX_OUTPUT {
            return Err((part, "the message is too long".into()));
        }
        Ok(text)
    };
    let subject = one("subject", "subject", &wording.subject)?;
    let text = one("text_body", "text", &wording.text_body)?;
    let html = one("html_body", "html", &wording.html_body)?;
    // A subject is one line, whatever a variable holds.
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(Rendered { subject, text, html })
}

/// Checks a tenant's wording by rendering it with sample values of the kind's variables.
pub fn check(kind: NotificationKind, wording: &Wording) -> Result<Rendered, AppError> {
    let sample: serde_json::Map<String, Value> = variables(kind).iter().map(|v| ((*v).to_owned(), Value::String(format!("[{v}]")))).collect();
    render(wording, &Value::Object(sample), "https://hirevoo.example/applications/0")
        .map_err(|(part, error)| AppError::invalid(part, format!("This template cannot be used: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_built_in_template_renders_and_html_is_escaped() {
        for kind in NotificationKind::ALL {
            check(kind, &default_wording(kind)).unwrap();
        }
        let rendered = render(
            &default_wording(NotificationKind::NewApplication),
            &json!({ "candidate_name": "<script>x</script>", "requisition_title": "Chef", "source": "referral", "stage": "Applied" }),
            "https://h.example/applications/1",
        )
        .unwrap();
        assert!(rendered.html.contains("&lt;script&gt;"));
        assert!(rendered.text.contains("<script>x</script>"));
        assert_eq!(rendered.subject, "New application for Chef: <script>x</script>");
    }

    #[test]
    fn a_broken_template_is_refused_with_the_part_at_fault() {
        let mut wording = default_wording(NotificationKind::Mentioned);
        wording.html_body = "<p>{% if %}</p>".into();
        let error = check(NotificationKind::Mentioned, &wording).unwrap_err();
        assert_eq!(error.field(), Some("html_body"));
    }
}
