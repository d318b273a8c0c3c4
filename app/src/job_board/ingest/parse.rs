//! Reading a source's body into postings: schema.org `JobPosting` structured data in web pages,
//! and the public job board JSON of Greenhouse, Lever and Ashby. Pure functions: what a body
//! says, never what the board holds. A posting the format cannot give a title or an id is left
//! out and named in `Parsed::errors`; a body with no posting at all that could be read fails.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::Value;

use super::types::{SourceKind, MAX_COMPANY, MAX_URL};
use crate::recruiting::requisitions::types::{EmploymentType, Workplace};

const MAX_TITLE: usize = 300;
const MAX_FIELD: usize = 200;
const MAX_DESCRIPTION: usize = 20_000;
const MAX_ID: usize = 300;

/// One job as a source publishes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    /// The source's own id for it: what ties one run's job to the next run's.
    pub external_id: String,
    pub title: String,
    /// None when the format does not say: the source's company is used.
    pub company: Option<String>,
    pub description: String,
    pub department: String,
    pub city: String,
    pub country: String,
    pub workplace: Workplace,
    pub employment_type: EmploymentType,
    pub salary_min: Option<f64>,
    pub salary_max: Option<f64>,
    pub salary_currency: Option<String>,
    pub posted_at: Option<DateTime<Utc>>,
    pub deadline: Option<NaiveDate>,
    /// Where it is applied for: only an http(s) address.
    pub apply_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub postings: Vec<Posting>,
    /// Postings left out, and why.
    pub errors: Vec<String>,
}

/// Reads `body` as `kind` says. Err: nothing in it could be read as a job list.
pub fn parse(kind: SourceKind, body: &str) -> Result<Parsed, String> {
    let mut parsed = match kind {
        SourceKind::JsonLd => json_ld(body)?,
        SourceKind::Greenhouse => greenhouse(&json(body)?)?,
        SourceKind::Lever => lever(&json(body)?)?,
        SourceKind::Ashby => ashby(&json(body)?)?,
    };
    // A source repeating an id names one job: the first is kept.
    let mut seen = std::collections::HashSet::new();
    let mut repeated = Vec::new();
    parsed.postings.retain(|posting| {
        let first = seen.insert(posting.external_id.clone());
        if !first {
            repeated.push(format!("Job {} appears more than once; the first is kept.", posting.external_id));
        }
        first
    });
    parsed.errors.extend(repeated);
    Ok(parsed)
}

fn json(body: &str) -> Result<Value, String> {
    serde_json::from_str(body.trim_start_matches('\u{feff}')).map_err(|e| format!("The file is not JSON: {e}."))
}

/// Builds one posting from a format's fields, checking what every posting needs.
struct Draft {
    id: Option<String>,
    title: Option<String>,
    posting: Posting,
}

impl Draft {
    fn new() -> Self {
        Self {
            id: None,
            title: None,
            posting: Posting {
                external_id: String::new(),
                title: String::new(),
                company: None,
                description: String::new(),
                department: String::new(),
                city: String::new(),
                country: String::new(),
                workplace: Workplace::OnSite,
                employment_type: EmploymentType::FullTime,
                salary_min: None,
                salary_max: None,
                salary_currency: None,
                posted_at: None,
                deadline: None,
                apply_url: None,
            },
        }
    }

    fn finish(self, at: usize, into: &mut Parsed) {
        let Draft { id, title, mut posting } = self;
        let title = title.map(|t| clip(&one_line(&t), MAX_TITLE)).filter(|t| !t.is_empty());
        let id = id.map(|i| clip(i.trim(), MAX_ID)).filter(|i| !i.is_empty());
        match (id, title) {
            (Some(id), Some(title)) => {
                posting.external_id = id;
                posting.title = title;
                posting.company = posting.company.map(|c| clip(&one_line(&c), MAX_COMPANY)).filter(|c| !c.is_empty());
                posting.description = clip(&posting.description, MAX_DESCRIPTION);
                posting.department = clip(&one_line(&posting.department), MAX_FIELD);
                posting.city = clip(&one_line(&posting.city), MAX_FIELD);
                posting.country = clip(&one_line(&posting.country), MAX_FIELD);
                posting.salary_currency = posting.salary_currency.map(|c| c.trim().to_uppercase()).filter(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_alphabetic()));
                if posting.salary_currency.is_none() || posting.salary_min.is_some_and(|m| !(0.0..1e10).contains(&m)) || posting.salary_max.is_some_and(|m| !(0.0..1e10).contains(&m)) {
                    (posting.salary_min, posting.salary_max, posting.salary_currency) = (None, None, None);
                }
                if let (Some(min), Some(max)) = (posting.salary_min, posting.salary_max) {
                    if min > max {
                        (posting.salary_min, posting.salary_max) = (Some(max), Some(min));
                    }
                }
                posting.apply_url = posting.apply_url.filter(|u| web_address(u) && u.len() <= MAX_URL);
                into.postings.push(posting);
            }
            (None, _) => into.errors.push(format!("Job {} has no id or address: left out.", at + 1)),
            (_, None) => into.errors.push(format!("Job {} has no title: left out.", at + 1)),
        }
    }
}

fn clip(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect::<String>().trim().to_owned()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Only an http(s) address may be linked from the board.
pub fn web_address(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

fn date_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok().map(|d| d.and_utc()))
        .or_else(|| NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|d| d.and_utc()))
}

fn millis(value: Option<&Value>) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(value?.as_i64()?).single()
}

/// "Full-time", "FULL_TIME", "FullTime", "CONTRACTOR", "Intern"…; anything else reads as full time.
pub fn employment_type(text: &str) -> EmploymentType {
    let key: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "parttime" => EmploymentType::PartTime,
        "contract" | "contractor" | "freelance" => EmploymentType::Contract,
        "temporary" | "temp" | "seasonal" => EmploymentType::Temporary,
        "intern" | "internship" => EmploymentType::Internship,
        _ => EmploymentType::FullTime,
    }
}

/// "Berlin, Germany", "Austin, TX, United States": the first part is the city, the last the
/// country; "Remote" alone is no place, "Remote - Canada" a country.
fn place(text: &str) -> (String, String) {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.get(..6).filter(|head| head.eq_ignore_ascii_case("remote")).map(|_| &trimmed[6..]) {
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '(' | ')' | ',' | ':' | '/'));
        return (String::new(), rest.to_owned());
    }
    let parts: Vec<&str> = text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("remote")).collect();
    match parts.as_slice() {
        [] => (String::new(), String::new()),
        [only] => (only.to_string(), String::new()),
        [first, .., last] => (first.to_string(), last.to_string()),
    }
}

fn says_remote(text: &str) -> bool {
    text.to_ascii_lowercase().contains("remote")
}

/// HTML to the board's description text: a blank line between paragraphs, `- ` before list
/// items, entities decoded, scripts and styles dropped.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open].replace(['\n', '\r', '\t'], " "));
        rest = &rest[open..];
        let Some(close) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = rest[1..close].trim().to_ascii_lowercase();
        rest = &rest[close + 1..];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let end = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        match name.as_str() {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "section" | "article" | "table" | "blockquote" => out.push_str("\n\n"),
            "br" | "tr" => out.push('\n'),
            "li" if !tag.starts_with('/') => out.push_str("\n- "),
            _ => {}
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    let mut text = String::new();
    let mut blank = false;
    for line in decoded.lines().map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")) {
        if line.is_empty() || line == "-" {
            blank = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank && !line.starts_with("- ") { "\n\n" } else { "\n" });
        }
        text.push_str(&line);
        blank = false;
    }
    text
}

pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|i| i + 1);
        let decoded = end.filter(|end| rest[*end..].starts_with(';')).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "hellip" => Some('…'),
                "euro" => Some('€'),
                "pound" => Some('£'),
                _ => {
                    let code = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")).map(|hex| u32::from_str_radix(hex, 16)).or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
                    code.and_then(Result::ok).and_then(char::from_u32).filter(|c| !c.is_control() || c.is_whitespace())
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The contents of every `<script type="application/ld+json">` element of a page.
pub fn ld_json_blocks(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[at..].find('>').map(|i| i + at) else { break };
        let attributes: String = lower[at + 7..tag_end].chars().filter(|c| !matches!(c, '"' | '\'' | ' ')).collect();
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else { break };
        if attributes.contains("type=application/ld+json") {
            blocks.push(&html[tag_end + 1..close]);
        }
        from = close + 8;
    }
    blocks
}

fn json_ld(html: &str) -> Result<Parsed, String> {
    let blocks = ld_json_blocks(html);
    if blocks.is_empty() {
        return Err("The page has no structured data (no application/ld+json script).".into());
    }
    let mut parsed = Parsed::default();
    let mut values = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        match serde_json::from_str::<Value>(block.trim()) {
            Ok(value) => values.push(value),
            Err(e) => parsed.errors.push(format!("Structured data block {} is not JSON: {e}.", n + 1)),
        }
    }
    let mut found = Vec::new();
    values.iter().for_each(|value| collect_job_postings(value, &mut found));
    if found.is_empty() {
        return Err(match parsed.errors.first() {
            Some(first) => first.clone(),
            None => "The page's structured data holds no JobPosting.".into(),
        });
    }
    for (at, posting) in found.into_iter().enumerate() {
        json_ld_posting(posting).finish(at, &mut parsed);
    }
    Ok(parsed)
}

fn is_type(value: &Value, name: &str) -> bool {
    match value.get("@type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

fn collect_job_postings<'a>(value: &'a Value, into: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_job_postings(item, into)),
        Value::Object(_) if is_type(value, "JobPosting") => into.push(value),
        Value::Object(object) => {
            if let Some(graph) = object.get("@graph") {
                collect_job_postings(graph, into);
            }
            if let Some(Value::Array(items)) = object.get("itemListElement") {
                items.iter().for_each(|item| collect_job_postings(item.get("item").unwrap_or(item), into));
            }
        }
        _ => {}
    }
}

/// A value or the first of an array of them.
fn first(value: Option<&Value>) -> Option<&Value> {
    match value? {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

fn name_of(value: Option<&Value>) -> Option<String> {
    match first(value)? {
        Value::Object(_) => text(first(value)?.get("name")),
        other => text(Some(other)),
    }
}

fn json_ld_posting(posting: &Value) -> Draft {
    let mut draft = Draft::new();
    draft.title = text(posting.get("title")).or_else(|| text(posting.get("name"))).map(|t| decode_entities(&t));
    let url = text(posting.get("url"));
    draft.id = match first(posting.get("identifier")) {
        Some(Value::Object(id)) => text(id.get("value")),
        other => text(other),
    }
    .or_else(|| url.clone());
    let p = &mut draft.posting;
    p.apply_url = url;
    p.description = text(posting.get("description")).map(|d| html_to_text(&d)).unwrap_or_default();
    p.company = name_of(posting.get("hiringOrganization")).map(|c| decode_entities(&c));
    p.department = text(posting.get("industry")).or_else(|| text(posting.get("occupationalCategory"))).unwrap_or_default();
    p.posted_at = text(posting.get("datePosted")).and_then(|d| date_time(&d));
    p.deadline = text(posting.get("validThrough")).and_then(|d| date_time(&d)).map(|d| d.date_naive());
    p.employment_type = text(first(posting.get("employmentType"))).map(|t| employment_type(&t)).unwrap_or(EmploymentType::FullTime);
    if let Some(location) = first(posting.get("jobLocation")) {
        match location.get("address") {
            Some(Value::Object(address)) => {
                p.city = text(address.get("addressLocality")).unwrap_or_default();
                p.country = name_of(address.get("addressCountry")).unwrap_or_default();
            }
            Some(Value::String(address)) => (p.city, p.country) = place(address),
            _ => {}
        }
    }
    if text(first(posting.get("jobLocationType"))).is_some_and(|t| t.eq_ignore_ascii_case("TELECOMMUTE")) {
        p.workplace = Workplace::Remote;
    }
    if let Some(salary) = first(posting.get("baseSalary")) {
        p.salary_currency = text(salary.get("currency"));
        match salary.get("value") {
            Some(Value::Object(value)) => {
                let exact = number(value.get("value"));
                p.salary_min = number(value.get("minValue")).or(exact);
                p.salary_max = number(value.get("maxValue")).or(exact);
                p.salary_currency = p.salary_currency.take().or_else(|| text(value.get("currency")));
            }
            other => (p.salary_min, p.salary_max) = (number(other), number(other)),
        }
    }
    draft
}

fn jobs_array<'a>(value: &'a Value, format: &str) -> Result<&'a Vec<Value>, String> {
    value.get("jobs").and_then(Value::as_array).ok_or_else(|| format!("The file is not a {format} job board: it has no \"jobs\" list."))
}

/// Greenhouse's `boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true`.
fn greenhouse(value: &Value) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    for (at, job) in jobs_array(value, "Greenhouse")?.iter().enumerate() {
        let mut draft = Draft::new();
        draft.id = text(job.get("id"));
        draft.title = text(job.get("title"));
        let p = &mut draft.posting;
        p.company = text(job.get("company_name"));
        // Greenhouse sends the description as HTML that is itself escaped.
        p.description = text(job.get("content")).map(|c| html_to_text(&decode_entities(&c))).unwrap_or_default();
        let location = job.get("location").and_then(|l| text(l.get("name"))).unwrap_or_default();
        (p.city, p.country) = place(&location);
        if says_remote(&location) {
            p.workplace = Workplace::Remote;
        }
        p.department = job.get("departments").and_then(|d| name_of(Some(d))).unwrap_or_default();
        p.posted_at = text(job.get("first_published")).or_else(|| text(job.get("updated_at"))).and_then(|d| date_time(&d));
        p.apply_url = text(job.get("absolute_url"));
        // Pay ranges, where the employer publishes them (`?pay_transparency=true`).
        if let Some(pay) = first(job.get("pay_input_ranges")) {
            p.salary_min = number(pay.get("min_cents")).map(|cents| cents / 100.0);
            p.salary_max = number(pay.get("max_cents")).map(|cents| cents / 100.0);
            p.salary_currency = text(pay.get("currency_type"));
        }
        draft.finish(at, &mut parsed);
    }
    Ok(parsed)
}

/// Lever's `api.lever.co/v0/postings/{company}?mode=json`.
fn lever(value: &Value) -> Result<Parsed, String> {
    let jobs = value.as_array().ok_or("The file is not a Lever postings list: it is not a JSON array.")?;
    let mut parsed = Parsed::default();
    for (at, job) in jobs.iter().enumerate() {
        let mut draft = Draft::new();
        draft.id = text(job.get("id"));
        draft.title = text(job.get("text"));
        let p = &mut draft.posting;
        let categories = job.get("categories");
        let location = categories.and_then(|c| text(c.get("location"))).unwrap_or_default();
        (p.city, p.country) = place(&location);
        if let Some(country) = text(job.get("country")).filter(|_| p.country.is_empty() && !p.city.is_empty()) {
            p.country = country;
        }
        p.department = categories.and_then(|c| text(c.get("team")).or_else(|| text(c.get("department")))).unwrap_or_default();
        p.employment_type = categories.and_then(|c| text(c.get("commitment"))).map(|t| employment_type(&t)).unwrap_or(EmploymentType::FullTime);
        p.workplace = match text(job.get("workplaceType")).as_deref() {
            Some("remote") => Workplace::Remote,
            Some("hybrid") => Workplace::Hybrid,
            _ if says_remote(&location) => Workplace::Remote,
            _ => Workplace::OnSite,
        };
        p.posted_at = millis(job.get("createdAt"));
        p.description = text(job.get("descriptionPlain")).or_else(|| text(job.get("description")).map(|d| html_to_text(&d))).unwrap_or_default();
        p.apply_url = text(job.get("hostedUrl")).or_else(|| text(job.get("applyUrl")));
        if let Some(range) = job.get("salaryRange") {
            p.salary_min = number(range.get("min"));
            p.salary_max = number(range.get("max"));
            p.salary_currency = text(range.get("currency"));
        }
        draft.finish(at, &mut parsed);
    }
    Ok(parsed)
}

/// Ashby's `api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true`.
fn ashby(value: &Value) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    for (at, job) in jobs_array(value, "Ashby")?.iter().enumerate() {
        let mut draft = Draft::new();
        draft.id = text(job.get("id"));
        draft.title = text(job.get("title"));
        let p = &mut draft.posting;
        let address = job.get("address").and_then(|a| a.get("postalAddress"));
        match address {
            Some(address) if text(address.get("addressLocality")).is_some() => {
                p.city = text(address.get("addressLocality")).unwrap_or_default();
                p.country = text(address.get("addressCountry")).unwrap_or_default();
            }
            _ => (p.city, p.country) = place(&text(job.get("location")).unwrap_or_default()),
        }
        p.department = text(job.get("department")).or_else(|| text(job.get("team"))).unwrap_or_default();
        p.employment_type = text(job.get("employmentType")).map(|t| employment_type(&t)).unwrap_or(EmploymentType::FullTime);
        p.workplace = match (text(job.get("workplaceType")).as_deref(), job.get("isRemote").and_then(Value::as_bool)) {
            (Some("Hybrid"), _) => Workplace::Hybrid,
            (Some("Remote"), _) | (_, Some(true)) => Workplace::Remote,
            _ => Workplace::OnSite,
        };
        p.posted_at = text(job.get("publishedAt")).and_then(|d| date_time(&d));
        p.description = text(job.get("descriptionPlain")).or_else(|| text(job.get("descriptionHtml")).map(|d| html_to_text(&d))).unwrap_or_default();
        p.apply_url = text(job.get("jobUrl")).or_else(|| text(job.get("applyUrl")));
        let salary = job
            .get("compensation")
            .and_then(|c| c.get("summaryComponents"))
            .and_then(Value::as_array)
            .and_then(|parts| parts.iter().find(|part| text(part.get("compensationType")).as_deref() == Some("Salary")));
        if let Some(salary) = salary {
            p.salary_min = number(salary.get("minValue"));
            p.salary_max = number(salary.get("maxValue"));
            p.salary_currency = text(salary.get("currencyCode"));
        }
        draft.finish(at, &mut parsed);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
        <script type="text/javascript">var x = "<script type='application/ld+json'>";</script>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Data Engineer",
          "description":"<p>Build &amp; run pipelines.</p><ul><li>Python</li><li>SQL</li></ul>",
          "identifier":{"@type":"PropertyValue","name":"Acme","value":"DE-7"},
          "hiringOrganization":{"@type":"Organization","name":"Acme Data"},
          "datePosted":"2026-11-30","validThrough":"2027-01-15T23:59","employmentType":["CONTRACTOR"],
          "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Lisbon","addressCountry":{"@type":"Country","name":"Portugal"}}},
          "baseSalary":{"@type":"MonetaryAmount","currency":"EUR","value":{"@type":"QuantitativeValue","minValue":50000,"maxValue":"65,000","unitText":"YEAR"}},
          "url":"https://jobs.acme.example/de-7"}</script>
        <SCRIPT TYPE='application/ld+json'>{"@graph":[{"@type":"Organization","name":"x"},
          {"@type":"JobPosting","title":"Support Lead","url":"https://jobs.acme.example/sl","jobLocationType":"TELECOMMUTE","employmentType":"PART_TIME","hiringOrganization":"Acme"}]}</SCRIPT>
        <script type="application/ld+json">[{"@type":"JobPosting","url":"https://jobs.acme.example/none"},{"@type":"WebSite"}]</script>
        <script type="application/ld+json">{ not json</script>
        </head><body></body></html>"#;

    #[test]
    fn json_ld_pages_give_every_job_posting() {
        let parsed = parse(SourceKind::JsonLd, PAGE).unwrap();
        assert_eq!(parsed.postings.len(), 2);
        let data = &parsed.postings[0];
        assert_eq!((data.external_id.as_str(), data.title.as_str(), data.company.as_deref()), ("DE-7", "Data Engineer", Some("Acme Data")));
        assert_eq!(data.description, "Build & run pipelines.\n- Python\n- SQL");
        assert_eq!((data.city.as_str(), data.country.as_str(), data.workplace), ("Lisbon", "Portugal", Workplace::OnSite));
        assert_eq!(data.employment_type, EmploymentType::Contract);
        assert_eq!((data.salary_min, data.salary_max, data.salary_currency.as_deref()), (Some(50000.0), Some(65000.0), Some("EUR")));
        assert_eq!(data.posted_at.unwrap().date_naive(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(data.deadline, NaiveDate::from_ymd_opt(2027, 1, 15));
        let support = &parsed.postings[1];
        assert_eq!((support.external_id.as_str(), support.workplace, support.employment_type), ("https://jobs.acme.example/sl", Workplace::Remote, EmploymentType::PartTime));
        assert_eq!(support.company.as_deref(), Some("Acme"));
        assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
        assert!(parsed.errors.iter().any(|e| e.contains("no title")));
        assert!(parsed.errors.iter().any(|e| e.contains("not JSON")));
    }

    #[test]
    fn a_page_without_job_postings_fails() {
        assert!(parse(SourceKind::JsonLd, "<html><body>Hello</body></html>").is_err());
        assert!(parse(SourceKind::JsonLd, r#"<script type="application/ld+json">{"@type":"WebSite"}</script>"#).is_err());
    }

    #[test]
    fn greenhouse_boards_are_read() {
        let body = r#"{"jobs":[{"id":4012,"title":"Backend Engineer","updated_at":"2026-11-28T10:00:00-05:00",
            "location":{"name":"Austin, TX, United States"},"absolute_url":"https://boards.greenhouse.io/acme/jobs/4012",
            "content":"&lt;p&gt;Ship &amp;amp; scale.&lt;/p&gt;","departments":[{"name":"Engineering"}],
            "pay_input_ranges":[{"min_cents":12000000,"max_cents":15000000,"currency_type":"USD"}]},
            {"id":4013,"title":"Remote Writer","location":{"name":"Remote"},"departments":[]},
            {"title":"No id"}],"meta":{"total":3}}"#;
        let parsed = parse(SourceKind::Greenhouse, body).unwrap();
        assert_eq!(parsed.postings.len(), 2);
        let job = &parsed.postings[0];
        assert_eq!((job.external_id.as_str(), job.city.as_str(), job.country.as_str(), job.department.as_str()), ("4012", "Austin", "United States", "Engineering"));
        assert_eq!(job.description, "Ship & scale.");
        assert_eq!(job.posted_at.unwrap().to_rfc3339(), "2026-11-28T15:00:00+00:00");
        assert_eq!(job.company, None);
        assert_eq!((job.salary_min, job.salary_max, job.salary_currency.as_deref()), (Some(120000.0), Some(150000.0), Some("USD")));
        assert_eq!((parsed.postings[1].workplace, parsed.postings[1].city.as_str()), (Workplace::Remote, ""));
        assert_eq!(parsed.errors, ["Job 3 has no id or address: left out."]);
        assert!(parse(SourceKind::Greenhouse, r#"{"positions":[]}"#).is_err());
        assert!(parse(SourceKind::Greenhouse, "<html>").is_err());
    }

    #[test]
    fn lever_postings_are_read() {
        let body = r#"[{"id":"a1b2","text":"Product Designer","categories":{"location":"London","team":"Design","commitment":"Part-time"},
            "createdAt":1764000000000,"hostedUrl":"https://jobs.lever.co/acme/a1b2","descriptionPlain":"Design things.","workplaceType":"hybrid",
            "salaryRange":{"min":60000,"max":50000,"currency":"gbp"}},
            {"id":"a1b2","text":"Again"}]"#;
        let parsed = parse(SourceKind::Lever, body).unwrap();
        assert_eq!(parsed.postings.len(), 1);
        let job = &parsed.postings[0];
        assert_eq!((job.title.as_str(), job.city.as_str(), job.department.as_str()), ("Product Designer", "London", "Design"));
        assert_eq!((job.workplace, job.employment_type), (Workplace::Hybrid, EmploymentType::PartTime));
        assert_eq!((job.salary_min, job.salary_max, job.salary_currency.as_deref()), (Some(50000.0), Some(60000.0), Some("GBP")));
        assert_eq!(job.posted_at.unwrap().timestamp(), 1_764_000_000);
        assert_eq!(parsed.errors.len(), 1, "the repeated id");
        assert!(parse(SourceKind::Lever, r#"{"jobs":[]}"#).is_err());
    }

    #[test]
    fn ashby_boards_are_read() {
        let body = r#"{"apiVersion":"1","jobs":[{"id":"9f8e","title":"Site Reliability Engineer","location":"Toronto, Canada","department":"Infrastructure",
            "employmentType":"FullTime","isRemote":true,"publishedAt":"2026-11-20T08:30:00.000+00:00","jobUrl":"https://jobs.ashbyhq.com/acme/9f8e",
            "descriptionPlain":"Keep it up.","compensation":{"summaryComponents":[{"compensationType":"EquityPercentage","minValue":0.1},
            {"compensationType":"Salary","currencyCode":"CAD","minValue":140000,"maxValue":170000}]}},
            {"id":"7a6b","title":"Intern","employmentType":"Intern","location":"Paris","jobUrl":"javascript:alert(1)"}]}"#;
        let parsed = parse(SourceKind::Ashby, body).unwrap();
        let sre = &parsed.postings[0];
        assert_eq!((sre.city.as_str(), sre.country.as_str(), sre.workplace), ("Toronto", "Canada", Workplace::Remote));
        assert_eq!((sre.salary_min, sre.salary_max, sre.salary_currency.as_deref()), (Some(140000.0), Some(170000.0), Some("CAD")));
        let intern = &parsed.postings[1];
        assert_eq!((intern.employment_type, intern.workplace, intern.apply_url.as_deref()), (EmploymentType::Internship, Workplace::OnSite, None));
    }

    #[test]
    fn places_are_split_into_city_and_country() {
        assert_eq!(place("Austin, TX, United States"), ("Austin".into(), "United States".into()));
        assert_eq!(place("Remote"), (String::new(), String::new()));
        assert_eq!(place("Remote - Canada"), (String::new(), "Canada".into()));
        assert_eq!(place("Remote (EU)"), (String::new(), "EU".into()));
        assert_eq!(place("Paris; Remote"), ("Paris".into(), String::new()));
    }

    #[test]
    fn employment_types_map_from_each_spelling() {
        for (text, kind) in [("FULL_TIME", EmploymentType::FullTime), ("Part-time", EmploymentType::PartTime), ("CONTRACTOR", EmploymentType::Contract), ("TEMPORARY", EmploymentType::Temporary), ("INTERN", EmploymentType::Internship), ("PerDiem", EmploymentType::FullTime)] {
            assert_eq!(employment_type(text), kind, "{text}");
        }
    }

    #[test]
    fn html_becomes_paragraphs_and_list_items() {
        assert_eq!(html_to_text("<h2>About</h2><p>We   build<br>things &lt;fast&gt; &#8212; &#x41;.</p><style>p{}</style><ol><li>One</li><li>Two</li></ol><p>End"), "About\n\nWe build\nthings <fast> — A.\n- One\n- Two\n\nEnd");
        assert_eq!(decode_entities("AT&T &unknown; &amp"), "AT&T &unknown; &amp");
    }
}
