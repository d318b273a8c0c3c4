//! schema.org `JobPosting` for a job's page, so that search engines list it as a job.

use serde_json::{json, Map, Value};

use super::repo::Job;
use super::types::Organization;
use crate::recruiting::requisitions::postings::description_html;
use crate::recruiting::requisitions::types::Workplace;

/// The job as JSON-LD, safe inside a `<script>` element.
pub fn job_posting(organization: &Organization, careers_url: &str, url: &str, job: &Job) -> String {
    let source = &job.source;
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": source.title,
        "description": description_html(&source.description),
        "datePosted": job.posted.date_naive().to_string(),
        "hiringOrganization": { "@type": "Organization", "name": organization.name, "sameAs": careers_url },
        "identifier": { "@type": "PropertyValue", "name": organization.name, "value": source.id.to_string() },
        "employmentType": source.employment_type.schema_org(),
        "directApply": true,
        "url": url,
    });
    let fields = posting.as_object_mut().expect("an object");
    if let Some(deadline) = source.deadline {
        // The deadline is a day, and applications are taken through its end (UTC).
        fields.insert("validThrough".into(), Value::String(format!("{deadline}T23:59:59Z")));
    }
    let (city, country) = (source.city.trim(), source.country.trim());
    if source.workplace == Workplace::Remote {
        fields.insert("jobLocationType".into(), json!("TELECOMMUTE"));
        if !country.is_empty() {
            fields.insert("applicantLocationRequirements".into(), json!({ "@type": "Country", "name": country }));
        }
    } else if !city.is_empty() || !country.is_empty() {
        let mut address = Map::new();
        address.insert("@type".into(), json!("PostalAddress"));
        if !city.is_empty() {
            address.insert("addressLocality".into(), json!(city));
        }
        if !country.is_empty() {
            address.insert("addressCountry".into(), json!(country));
        }
        fields.insert("jobLocation".into(), json!({ "@type": "Place", "address": address }));
    }
    if source.salary_visible && (source.salary_min.is_some() || source.salary_max.is_some()) {
        let mut value = Map::new();
        value.insert("@type".into(), json!("QuantitativeValue"));
        match (source.salary_min, source.salary_max) {
            (Some(min), Some(max)) if min == max => {
                value.insert("value".into(), json!(min));
            }
            (min, max) => {
                if let Some(min) = min {
                    value.insert("minValue".into(), json!(min));
                }
                if let Some(max) = max {
                    value.insert("maxValue".into(), json!(max));
                }
            }
        }
        value.insert("unitText".into(), json!("YEAR"));
        fields.insert(
            "baseSalary".into(),
            json!({ "@type": "MonetaryAmount", "currency": source.salary_currency.clone().unwrap_or_default(), "value": value }),
        );
    }
    script_safe(&posting.to_string())
}

/// JSON that cannot end its `<script>` element or open a comment in it: `<`, `>` and `&`
/// (which JSON has only inside strings) as Unicode escapes, which parse to the same text.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_text_can_close_the_script() {
        let json = serde_json::to_string(&json!({ "title": "</script><script>alert(1)</script> & <!--" })).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["title"], "</script><script>alert(1)</script> & <!--");
    }
}
