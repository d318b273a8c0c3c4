//! The job board in the database: `board_jobs` holds every listed job of the platform, readable by
//! anyone and kept by triggers (a tenant's requisitions) and the platform's own jobs.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::types::*;
use crate::careers::types::salary_text;
use crate::platform::AppError;
use crate::recruiting::requisitions::types::{location_text, EmploymentType, Workplace};

/// What narrows a search, read and bounded.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Words as a person types them (web search syntax: quotes, `or`, `-word`).
    pub words: String,
    pub place: String,
    pub department: String,
    pub workplace: Option<Workplace>,
    pub posted_within_days: Option<u32>,
    pub salary_at_least: Option<u32>,
}

impl Search {
    pub fn from_params(params: &BoardParams) -> Self {
        Self {
            words: params.search(),
            place: params.place().to_lowercase(),
            department: params.department().to_lowercase(),
            workplace: params.workplace(),
            posted_within_days: params.posted_within_days(),
            salary_at_least: params.salary_at_least(),
        }
    }
}

/// A search's matches: listed, not past their deadline, and narrowed by `search`.
fn push_matches(sql: &mut QueryBuilder<'_, Postgres>, search: &Search) {
    sql.push(" from board_jobs j where j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)");
    if !search.words.is_empty() {
        sql.push(" and j.search @@ websearch_to_tsquery('english', ").push_bind(search.words.clone()).push(")");
    }
    if !search.place.is_empty() {
        sql.push(" and (lower(j.location_city) = ").push_bind(search.place.clone());
        sql.push(" or lower(j.location_country) = ").push_bind(search.place.clone()).push(")");
    }
    if !search.department.is_empty() {
        sql.push(" and lower(j.department) = ").push_bind(search.department.clone());
    }
    if let Some(workplace) = search.workplace {
        sql.push(" and j.workplace = ").push_bind(workplace.as_str());
    }
    if let Some(days) = search.posted_within_days {
        sql.push(" and j.posted_at >= now() - make_interval(days => ").push_bind(days as i32).push(")");
    }
    if let Some(amount) = search.salary_at_least {
        sql.push(" and coalesce(j.salary_max, j.salary_min) >= ").push_bind(amount as f64);
    }
}

const SUMMARY_COLUMNS: &str = "j.id, j.title, j.company, j.department, j.location_city, j.location_country, j.workplace, \
     j.employment_type, j.salary_min::float8, j.salary_max::float8, j.salary_currency, j.posted_at";

type SummaryRow = (Uuid, String, String, String, String, String, Workplace, EmploymentType, Option<f64>, Option<f64>, Option<String>, DateTime<Utc>);

fn summary((id, title, company, department, city, country, workplace, employment_type, min, max, currency, posted): SummaryRow) -> BoardJobSummary {
    BoardJobSummary {
        id,
        title,
        company,
        department,
        location: location_text(&city, &country, workplace),
        employment_type,
        salary: salary_text(min, max, currency.as_deref().unwrap_or("")),
        posted: posted.date_naive(),
    }
}

/// One page of the matches, and how many there are (counted up to `MAX_RESULTS + 1`).
/// Newest first walks the date index and stops at the page however common the words; best
/// matches first ranks the `MAX_RESULTS` freshest matches, so that a word half the board
/// contains costs no more than a rare one.
pub async fn search(conn: &mut PgConnection, search: &Search, sort: Sort, page: i64) -> Result<(Vec<BoardJobSummary>, i64), AppError> {
    let offset = (page - 1) * PAGE_SIZE;
    let mut sql = QueryBuilder::<Postgres>::new("");
    if sort == Sort::Relevance && !search.words.is_empty() {
        sql.push(format!("select {} from (select {SUMMARY_COLUMNS}, ts_rank_cd(j.search, websearch_to_tsquery('english', ", SUMMARY_COLUMNS.replace("j.", "m.")));
        sql.push_bind(search.words.clone()).push(")) as rank");
        push_matches(&mut sql, search);
        sql.push(" order by j.posted_at desc, j.id desc limit ").push_bind(MAX_RESULTS);
        sql.push(") m order by m.rank desc, m.posted_at desc, m.id desc");
    } else {
        sql.push(format!("select {SUMMARY_COLUMNS}"));
        push_matches(&mut sql, search);
        sql.push(" order by j.posted_at desc, j.id desc");
    }
    sql.push(" limit ").push_bind(PAGE_SIZE).push(" offset ").push_bind(offset);
    let rows: Vec<SummaryRow> = sql.build_query_as().fetch_all(&mut *conn).await?;

    let mut count = QueryBuilder::<Postgres>::new("select count(*) from (select 1");
    push_matches(&mut count, search);
    count.push(" limit ").push_bind(MAX_RESULTS + 1).push(") c");
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    Ok((rows.into_iter().map(summary).collect(), total))
}

/// The words of `text` (letters and digits), lowercased, as the vocabulary holds them.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `words` with each word the board does not know replaced by the nearest one it does (by
/// trigrams); `None` when nothing changed.
pub async fn corrected(conn: &mut PgConnection, words: &[String]) -> Result<Option<String>, AppError> {
    if words.is_empty() {
        return Ok(None);
    }
    crate::platform::db::loosen_search(&mut *conn).await?;
    let nearest: Vec<(String, Option<String>)> = sqlx::query_as(
        "select q.word, coalesce(
                (select w.word from board_words w where w.word = q.word),
                (select w.word from board_words w where w.word % q.word order by q.word <-> w.word, w.word limit 1))
           from unnest($1::text[]) with ordinality as q(word, n) order by q.n",
    )
    .bind(words)
    .fetch_all(&mut *conn)
    .await?;
    let changed = nearest.iter().any(|(word, near)| near.as_ref().is_some_and(|near| near != word));
    Ok(changed.then(|| nearest.into_iter().map(|(word, near)| near.unwrap_or(word)).collect::<Vec<_>>().join(" ")))
}

/// A listed job, as its page on the board shows it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: Uuid,
    pub title: String,
    pub company: String,
    pub company_slug: Option<String>,
    pub description: String,
    pub department: String,
    pub city: String,
    pub country: String,
    pub workplace: Workplace,
    pub employment_type: EmploymentType,
    pub salary_min: Option<f64>,
    pub salary_max: Option<f64>,
    pub salary_currency: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub posted: DateTime<Utc>,
    pub requisition_id: Option<Uuid>,
}

pub async fn job(conn: &mut PgConnection, id: Uuid) -> Result<Option<Job>, AppError> {
    type Row = (Uuid, String, String, Option<String>, String, String, String, String, Workplace, EmploymentType, Option<f64>, Option<f64>, Option<String>, Option<NaiveDate>, DateTime<Utc>, Option<Uuid>);
    let row: Option<Row> = sqlx::query_as(
        "select j.id, j.title, j.company, j.company_slug, j.description, j.department, j.location_city, j.location_country,
                j.workplace, j.employment_type, j.salary_min::float8, j.salary_max::float8, j.salary_currency, j.deadline,
                j.posted_at, j.requisition_id
           from board_jobs j
          where j.id = $1 and j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(
        |(id, title, company, company_slug, description, department, city, country, workplace, employment_type, salary_min, salary_max, salary_currency, deadline, posted, requisition_id)| Job {
            id,
            title,
            company,
            company_slug,
            description,
            department,
            city,
            country,
            workplace,
            employment_type,
            salary_min,
            salary_max,
            salary_currency,
            deadline,
            posted,
            requisition_id,
        },
    ))
}

/// Records whether each company's careers site is on (the feature flag's answer), in the
/// platform scope; their jobs follow. Returns how many companies changed.
pub async fn set_companies(conn: &mut PgConnection, companies: &[(Uuid, bool)]) -> Result<i32, AppError> {
    let (ids, on): (Vec<Uuid>, Vec<bool>) = companies.iter().copied().unzip();
    Ok(sqlx::query_scalar("select board_set_companies($1, $2)").bind(ids).bind(on).fetch_one(conn).await?)
}

/// Every tenant with its plan, for evaluating the careers site's flag.
pub async fn tenants(conn: &mut PgConnection) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as("select id, plan from tenants order by id").fetch_all(conn).await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        assert_eq!(super::words("Sénior  Rust/Go-engineer, 2x!"), ["sénior", "rust", "go", "engineer", "2x"]);
    }
}
