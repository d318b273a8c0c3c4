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
    /// The transaction is a seeker's (`Scope::User`): their hidden jobs are left out, and each
    /// job says whether they opened or saved it.
    pub for_seeker: bool,
    /// For an alert: only jobs posted after this, and none the saved search sent before.
    pub posted_after: Option<DateTime<Utc>>,
    pub not_sent_by: Option<Uuid>,
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
            for_seeker: false,
            posted_after: None,
            not_sent_by: None,
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
    if search.for_seeker {
        sql.push(" and not exists (select 1 from seeker_hidden_jobs h where h.user_id = app_user_id() and h.job_id = j.id)");
    }
    if let Some(after) = search.posted_after {
        sql.push(" and j.posted_at > ").push_bind(after);
    }
    if let Some(saved_search) = search.not_sent_by {
        sql.push(" and not exists (select 1 from seeker_alerted_jobs a where a.saved_search_id = ").push_bind(saved_search).push(" and a.job_id = j.id)");
    }
}

/// A summary's columns; a seeker's also say whether they opened or saved each job.
fn summary_columns(for_seeker: bool) -> String {
    let marks = if for_seeker {
        "exists (select 1 from seeker_job_views v where v.user_id = app_user_id() and v.job_id = j.id) as viewed,
         exists (select 1 from seeker_bookmarks b where b.user_id = app_user_id() and b.job_id = j.id) as saved"
    } else {
        "false as viewed, false as saved"
    };
    format!(
        "j.id, j.title, j.company, j.department, j.location_city, j.location_country, j.workplace, j.employment_type,
         j.salary_min::float8 as salary_min, j.salary_max::float8 as salary_max, j.salary_currency, j.posted_at, {marks}"
    )
}

type SummaryRow = (Uuid, String, String, String, String, String, Workplace, EmploymentType, Option<f64>, Option<f64>, Option<String>, DateTime<Utc>, bool, bool);

fn summary((id, title, company, department, city, country, workplace, employment_type, min, max, currency, posted, viewed, saved): SummaryRow) -> BoardJobSummary {
    BoardJobSummary {
        id,
        viewed,
        saved,
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
    let columns = summary_columns(search.for_seeker);
    if sort == Sort::Relevance && !search.words.is_empty() {
        sql.push("select m.id, m.title, m.company, m.department, m.location_city, m.location_country, m.workplace, m.employment_type,
                         m.salary_min, m.salary_max, m.salary_currency, m.posted_at, m.viewed, m.saved");
        sql.push(format!(" from (select {columns}, ts_rank_cd(j.search, websearch_to_tsquery('english', "));
        sql.push_bind(search.words.clone()).push(")) as rank");
        push_matches(&mut sql, search);
        sql.push(" order by j.posted_at desc, j.id desc limit ").push_bind(MAX_RESULTS);
        sql.push(") m order by m.rank desc, m.posted_at desc, m.id desc");
    } else {
        sql.push(format!("select {columns}"));
        push_matches(&mut sql, search);
        sql.push(" order by j.posted_at desc, j.id desc");
    }
    sql.push(" limit ").push_bind(PAGE_SIZE).push(" offset ").push_bind(offset);
    // Not kept as prepared statements: planned for the words given each time. The generic plan
    // PostgreSQL settles on after five runs takes the word index for every word and counts all
    // 200,000 matches of a common word (81 ms against 4 ms at a million jobs).
    let rows: Vec<SummaryRow> = sql.build_query_as().persistent(false).fetch_all(&mut *conn).await?;

    let mut count = QueryBuilder::<Postgres>::new("select count(*) from (select 1");
    push_matches(&mut count, search);
    count.push(" limit ").push_bind(MAX_RESULTS + 1).push(") c");
    let total: i64 = count.build_query_scalar().persistent(false).fetch_one(&mut *conn).await?;
    Ok((rows.into_iter().map(summary).collect(), total))
}

/// The listed jobs the seeker of this transaction saved, the latest saved first.
pub async fn saved_by_seeker(conn: &mut PgConnection) -> Result<Vec<BoardJobSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "select {} from seeker_bookmarks b join board_jobs j on j.id = b.job_id
          where b.user_id = app_user_id() and j.listed order by b.created_at desc limit 200",
        summary_columns(true)
    ))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(summary).collect())
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
#[derive(Debug, Clone, sqlx::FromRow)]
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
    pub tenant_id: Option<Uuid>,
    /// An ingested job's page at its source.
    pub apply_url: Option<String>,
}

pub async fn job(conn: &mut PgConnection, id: Uuid) -> Result<Option<Job>, AppError> {
    Ok(sqlx::query_as(
        "select j.id, j.title, j.company, j.company_slug, j.description, j.department, j.location_city as city, j.location_country as country,
                j.workplace, j.employment_type, j.salary_min::float8 as salary_min, j.salary_max::float8 as salary_max, j.salary_currency, j.deadline,
                j.posted_at as posted, j.requisition_id, j.tenant_id, j.apply_url
           from board_jobs j
          where j.id = $1 and j.listed and (j.deadline is null or j.deadline >= (now() at time zone 'utc')::date)",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
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
