//! Candidates in the database: the people list with its search and filters, a profile, and
//! saving one with its skills and tags.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::input::CandidateInput;
use super::types::*;
use crate::assessments::types::Skill;
use crate::platform::error::on_constraint;
use crate::platform::db::loosen_search;
use crate::platform::AppError;
use crate::recruiting::pipeline::types::{ApplicationStatus, StageKind};

/// A query checked against the tenant: ids parsed, values from their lists.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub q: Option<String>,
    pub requisition: Option<Uuid>,
    pub stage: Option<StageKind>,
    pub source: Option<String>,
    pub tag: Option<String>,
    pub skill: Option<(Uuid, i16)>,
    pub sort: &'static str,
    pub page: i64,
}

impl Filters {
    pub fn parse(query: &CandidateQuery) -> Result<Self, AppError> {
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let q = text(&query.q);
        if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(AppError::invalid("q", "Search for at most 200 characters."));
        }
        let id = |field: &str, v: &str| -> Result<Option<Uuid>, AppError> {
            text(v).map(|v| v.parse().map_err(|_| AppError::invalid(field, "Choose one from the list."))).transpose()
        };
        let stage = text(&query.stage).map(|s| StageKind::parse(&s).ok_or_else(|| AppError::invalid("stage", "Choose a stage from the list."))).transpose()?;
        let source = text(&query.source);
        if source.as_ref().is_some_and(|s| !SOURCES.iter().any(|(key, _)| key == s)) {
            return Err(AppError::invalid("source", "Choose a source from the list."));
        }
        let level = match text(&query.min_level) {
            Some(level) => level.parse::<i16>().ok().filter(|l| (1..=5).contains(l)).ok_or_else(|| AppError::invalid("min_level", "The level is 1 to 5."))?,
            None => 1,
        };
        let sort = match query.sort.as_str() {
            "" | "updated" => "c.updated_at desc, c.id desc",
            "newest" => "c.created_at desc, c.id desc",
            "name" => "lower(c.name), c.id",
            _ => return Err(AppError::invalid("sort", "Sort by one of the listed orders.")),
        };
        let page = match text(&query.page) {
            Some(page) => page.parse::<i64>().ok().filter(|p| *p >= 1).ok_or_else(|| AppError::invalid("page", "Pages start at 1."))?,
            None => 1,
        };
        Ok(Self {
            q,
            requisition: id("requisition", &query.requisition)?,
            stage,
            source,
            tag: text(&query.tag).map(|t| t.to_lowercase()),
            skill: id("skill", &query.skill)?.map(|s| (s, level)),
            sort,
            page,
        })
    }
}

/// The candidates a search names: by name or email (literally, or by trigram for typos), a word in
/// a document's text, or a skill's name; the function (a migration) reads each branch's index.
const SEARCHED: &str = "c.id in (select search_candidate_ids($2, $3))";

/// The same search asked of one candidate at a time, for a word so common that walking the
/// candidates in the page's order finds a page sooner than listing every match.
const WALKED: &str = "candidate_matches(c.id, $2, $3)";

/// The filters besides the search.
const FILTERED: &str = "c.tenant_id = $1
    and ($4::uuid is null or exists (select 1 from applications a where a.candidate_id = c.id and a.requisition_id = $4))
    and ($5::text is null or exists (select 1 from applications a join requisition_stages s on s.id = a.stage_id
                                      where a.candidate_id = c.id and a.status = 'active' and s.kind = $5))
    and ($6::text is null or c.source = $6)
    and ($7::text is null or exists (select 1 from unnest(c.tags) t where lower(t) = $7))
    and ($8::uuid is null or exists (select 1 from candidate_skills cs where cs.candidate_id = c.id and cs.skill_id = $8 and cs.proficiency >= $9))";

/// Past this many matches the people page says "1,000+" instead of counting them all.
pub const COUNT_CAP: i64 = 1000;

/// How a page finds the candidates a search names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Matching {
    /// No search.
    All,
    /// Every match listed first (a rare word: few of them).
    Listed,
    /// Each candidate asked in the page's order (a common word).
    Walked,
}

impl Matching {
    fn condition(self) -> &'static str {
        match self {
            Matching::All => "$2::text is null and $3::text is null",
            Matching::Listed => SEARCHED,
            Matching::Walked => WALKED,
        }
    }
}

/// How many candidates match, exactly up to `COUNT_CAP`, and how to find them.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    pub total: i64,
    /// `total` is a lower bound: there are more.
    pub at_least: bool,
    pub matching: Matching,
}

impl Filters {
    fn search(&self) -> (Option<String>, Option<String>) {
        let q = self.q.as_ref().map(|q| q.to_lowercase());
        let pattern = q.as_deref().map(crate::platform::db::like_escape);
        (q, pattern)
    }

    fn only_search(&self) -> bool {
        self.requisition.is_none() && self.stage.is_none() && self.source.is_none() && self.tag.is_none() && self.skill.is_none()
    }
}

/// A query over `candidates c` with the filters' parameters bound as `FILTERED` and the search expect them.
fn bound<'q, O>(sql: &'q str, tenant_id: Uuid, filters: &'q Filters) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let (q, pattern) = filters.search();
    sqlx::query_as(sql)
        .bind(tenant_id)
        .bind(q)
        .bind(pattern)
        .bind(filters.requisition)
        .bind(filters.stage.map(StageKind::as_str))
        .bind(&filters.source)
        .bind(&filters.tag)
        .bind(filters.skill.map(|s| s.0))
        .bind(filters.skill.map_or(1, |s| s.1))
}

/// Counts the candidates matching `filters` without reading every one: the tenant's kept
/// count when nothing narrows the list, else up to `COUNT_CAP`.
pub async fn count(conn: &mut PgConnection, tenant_id: Uuid, filters: &Filters) -> Result<Counted, AppError> {
    let (q, pattern) = filters.search();
    let matching = match (&q, &pattern) {
        (Some(q), Some(pattern)) => {
            loosen_search(&mut *conn).await?;
            let named: i32 = sqlx::query_scalar("select count_candidate_matches($1, $2, $3)")
                .bind(q)
                .bind(pattern)
                .bind((COUNT_CAP + 1) as i32)
                .fetch_one(&mut *conn)
                .await?;
            if i64::from(named) > COUNT_CAP { Matching::Walked } else { Matching::Listed }
        }
        _ => Matching::All,
    };
    if filters.only_search() {
        match matching {
            Matching::Walked => return Ok(Counted { total: COUNT_CAP, at_least: true, matching }),
            Matching::All => {
                let total = sqlx::query_scalar("select coalesce((select used from tenant_usage where tenant_id = $1 and resource = 'candidates'), 0)")
                    .bind(tenant_id)
                    .fetch_one(&mut *conn)
                    .await?;
                return Ok(Counted { total, at_least: false, matching });
            }
            Matching::Listed => {}
        }
    }
    let sql = format!("select count(*) from (select 1 from candidates c where {FILTERED} and {} limit {}) matched", matching.condition(), COUNT_CAP + 1);
    let (total,): (i64,) = bound(&sql, tenant_id, filters).fetch_one(&mut *conn).await?;
    Ok(Counted { total: total.min(COUNT_CAP), at_least: total > COUNT_CAP, matching })
}

type Row = (Uuid, String, String, String, String, Vec<String>, i64, DateTime<Utc>);

/// A page of the candidates matching `filters` (or all of them, for the export), found as `matching` says,
/// in the transaction `count` searched in.
pub async fn people(conn: &mut PgConnection, tenant_id: Uuid, filters: &Filters, matching: Matching, page: Option<i64>) -> Result<Vec<CandidateRow>, AppError> {
    let (limit, offset) = match page {
        Some(page) => (CANDIDATES_PER_PAGE, (page - 1) * CANDIDATES_PER_PAGE),
        None => (10_000, 0),
    };
    // The page is chosen first; its rows' application counts are read for those rows only.
    let sql = format!(
        "select p.id, p.name, p.email, p.location, p.source, p.tags, (select count(*) from applications a where a.candidate_id = p.id), p.updated_at
         from (select c.* from candidates c where {FILTERED} and {} order by {} limit $10 offset $11) p
         order by {}",
        matching.condition(),
        filters.sort,
        filters.sort.replace("c.", "p.")
    );
    let rows: Vec<Row> = bound(&sql, tenant_id, filters).bind(limit).bind(offset).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, location, source, tags, applications, updated_at)| CandidateRow { id, name, email, location, source, tags, applications, updated_at })
        .collect())
}

/// Every candidate matching `filters` (up to 10,000), for the export.
pub async fn all_people(conn: &mut PgConnection, tenant_id: Uuid, filters: &Filters) -> Result<Vec<CandidateRow>, AppError> {
    let matching = if filters.q.is_some() {
        loosen_search(&mut *conn).await?;
        Matching::Listed
    } else {
        Matching::All
    };
    people(conn, tenant_id, filters, matching, None).await
}

pub async fn tags(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("select distinct lower(t) from candidates c, unnest(c.tags) t where c.tenant_id = $1 and cardinality(c.tags) > 0 order by 1 limit 200")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?)
}

pub async fn requisition_choices(conn: &mut PgConnection, tenant_id: Uuid, open_only: bool) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, title from requisitions where tenant_id = $1 and deleted_at is null and (not $2 or status in ('draft', 'open', 'on_hold'))
         order by lower(title), id",
    )
    .bind(tenant_id)
    .bind(open_only)
    .fetch_all(conn)
    .await?)
}

pub async fn profile(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Profile, AppError> {
    type Head = (String, String, String, String, String, Vec<String>, Vec<String>, DateTime<Utc>);
    let (name, email, phone, location, source, tags, links, created_at): Head =
        sqlx::query_as("select name, email, phone, location, source, tags, links, created_at from candidates where id = $1 and tenant_id = $2")
            .bind(id)
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    let skills: Vec<(Uuid, String, i16)> = sqlx::query_as(
        "select k.id, k.name, cs.proficiency from candidate_skills cs join skills k on k.id = cs.skill_id where cs.candidate_id = $1 and cs.tenant_id = $2 order by lower(k.name)",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    type App = (Uuid, Uuid, String, String, StageKind, ApplicationStatus, DateTime<Utc>);
    let applications: Vec<App> = sqlx::query_as(
        "select a.id, r.id, r.title, s.name, s.kind, a.status, a.created_at from applications a
         join requisitions r on r.id = a.requisition_id join requisition_stages s on s.id = a.stage_id
         where a.candidate_id = $1 and a.tenant_id = $2 and r.deleted_at is null order by a.created_at desc",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    type Doc = (Uuid, Uuid, String, String, i64, DateTime<Utc>, Option<String>);
    let documents: Vec<Doc> = sqlx::query_as(
        "select d.id, d.file_id, f.file_name, d.kind, f.size_bytes, d.created_at,
                (select l.status from extraction_logs l where l.document_id = d.id order by l.created_at desc limit 1)
         from candidate_documents d join stored_files f on f.id = d.file_id where d.candidate_id = $1 and d.tenant_id = $2 order by d.created_at desc",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Profile {
        id,
        name,
        email,
        phone,
        location,
        source,
        tags,
        links,
        skills: skills.into_iter().map(|(id, name, level)| (Skill { id, name }, level)).collect(),
        applications: applications
            .into_iter()
            .map(|(id, requisition_id, requisition_title, stage, kind, status, applied_at)| CandidateApplication {
                id,
                requisition_id,
                requisition_title,
                stage,
                kind,
                status,
                applied_at,
            })
            .collect(),
        documents: documents
            .into_iter()
            .map(|(id, file_id, file_name, kind, size_bytes, created_at, extraction)| Document { id, file_id, file_name, kind, size_bytes, created_at, extraction })
            .collect(),
        created_at,
        skill_catalog: crate::assessments::repo::skills(&mut *conn, tenant_id).await?,
        open_requisitions: requisition_choices(&mut *conn, tenant_id, true).await?,
        possible_duplicates: possible_duplicates(&mut *conn, tenant_id, id).await?,
        similar: similar(conn, tenant_id, id).await?,
    })
}

fn duplicate_email(email: &str) -> impl FnOnce(sqlx::Error) -> AppError + '_ {
    move |error| on_constraint("candidates_tenant_email_key", || AppError::invalid("email", format!("Another candidate already has {email}: open their profile instead.")))(error)
}

async fn check_skills(conn: &mut PgConnection, tenant_id: Uuid, input: &CandidateInput) -> Result<(), AppError> {
    let known: i64 = sqlx::query_scalar("select count(*) from skills where tenant_id = $1 and id = any($2)")
        .bind(tenant_id)
        .bind(input.skills.iter().map(|s| s.0).collect::<Vec<_>>())
        .fetch_one(&mut *conn)
        .await?;
    if known != input.skills.len() as i64 {
        return Err(AppError::invalid("skills", "Choose skills from your catalog."));
    }
    Ok(())
}

/// Binds a candidate's fields as `$3` to `$9`, in the order both writes name them.
fn with_fields<'q>(query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>, input: &'q CandidateInput) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query.bind(&input.name).bind(&input.email).bind(&input.phone).bind(&input.location).bind(&input.source).bind(&input.tags).bind(&input.links)
}

/// Creates a candidate with its skills.
pub async fn insert(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Option<Uuid>, input: &CandidateInput) -> Result<Uuid, AppError> {
    check_skills(&mut *conn, tenant_id, input).await?;
    let id = Uuid::now_v7();
    let insert = sqlx::query(
        "insert into candidates (id, tenant_id, name, email, phone, location, source, tags, links, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(tenant_id);
    with_fields(insert, input)
    .bind(actor_id)
    .execute(&mut *conn)
    .await
    .map_err(duplicate_email(&input.email))?;
    set_skills(conn, tenant_id, id, input).await?;
    Ok(id)
}

/// Saves a candidate's profile with its skills; not found for another tenant's.
pub async fn update(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, input: &CandidateInput) -> Result<(), AppError> {
    check_skills(&mut *conn, tenant_id, input).await?;
    let update = sqlx::query(
        "update candidates set name = $3, email = $4, phone = $5, location = $6, source = $7, tags = $8, links = $9, updated_at = now()
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id);
    let found = with_fields(update, input)
    .execute(&mut *conn)
    .await
    .map_err(duplicate_email(&input.email))?
    .rows_affected();
    if found == 0 {
        return Err(AppError::NotFound);
    }
    set_skills(conn, tenant_id, id, input).await
}

/// The candidate's skills become exactly the input's.
async fn set_skills(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, input: &CandidateInput) -> Result<(), AppError> {
    let (skill_ids, levels): (Vec<Uuid>, Vec<i16>) = input.skills.iter().copied().unzip();
    sqlx::query("delete from candidate_skills where candidate_id = $1 and tenant_id = $2 and not (skill_id = any($3))")
        .bind(id)
        .bind(tenant_id)
        .bind(&skill_ids)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency) select $1, $2, s, l from unnest($3::uuid[], $4::smallint[]) as x(s, l)
         on conflict (candidate_id, skill_id) do update set proficiency = excluded.proficiency where candidate_skills.proficiency <> excluded.proficiency",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&skill_ids)
    .bind(&levels)
    .execute(conn)
    .await?;
    Ok(())
}

/// Where a candidate came from; not found for another tenant's.
pub async fn source_of(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<String, AppError> {
    sqlx::query_scalar("select source from candidates where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

/// Fills in a candidate from another account of them (an imported row, a merged record): empty
/// fields take its values, tags, links and skills are added (a skill's level becomes the higher
/// one); name, email and source stay.
pub async fn fill_in(conn: &mut PgConnection, tenant_id: Uuid, candidate_id: Uuid, row: &CandidateInput) -> Result<(), AppError> {
    sqlx::query(
        "update candidates set
             phone = case when phone = '' then $3 else phone end,
             location = case when location = '' then $4 else location end,
             tags = (select coalesce((array_agg(t order by n))[1:30], '{}') from (
                        select distinct on (lower(t)) t, n from unnest(tags || $5::text[]) with ordinality as x(t, n)
                        order by lower(t), n) kept),
             links = (select coalesce((array_agg(l order by n))[1:10], '{}') from (
                        select distinct on (l) l, n from unnest(links || $6::text[]) with ordinality as x(l, n)
                        order by l, n) kept),
             updated_at = now()
         where id = $1 and tenant_id = $2",
    )
    .bind(candidate_id)
    .bind(tenant_id)
    .bind(&row.phone)
    .bind(&row.location)
    .bind(&row.tags)
    .bind(&row.links)
    .execute(&mut *conn)
    .await?;
    let (skill_ids, levels): (Vec<Uuid>, Vec<i16>) = row.skills.iter().copied().unzip();
    sqlx::query(
        "insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency)
         select $1, $2, s, l from unnest($3::uuid[], $4::smallint[]) as x(s, l) join skills k on k.id = s and k.tenant_id = $1
         on conflict (candidate_id, skill_id) do update set proficiency = greatest(candidate_skills.proficiency, excluded.proficiency)",
    )
    .bind(tenant_id)
    .bind(candidate_id)
    .bind(&skill_ids)
    .bind(&levels)
    .execute(conn)
    .await?;
    Ok(())
}

/// Other records that may be the same person: the same name, or the same phone number.
pub async fn possible_duplicates(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Vec<(Uuid, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "select o.id, o.name, o.email from candidates c join candidates o on o.tenant_id = c.tenant_id and o.id <> c.id
         and (lower(o.name) = lower(c.name) or (c.phone <> '' and regexp_replace(o.phone, '[^0-9]', '', 'g') = regexp_replace(c.phone, '[^0-9]', '', 'g')))
         where c.id = $1 and c.tenant_id = $2 order by o.created_at limit 5",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

/// How many of a skill's strongest holders are compared, per skill: a skill half the tenant
/// holds costs no more than a rare one.
const HOLDERS_COMPARED: i64 = 200;
/// How many similar candidates a profile shows.
const SIMILAR_SHOWN: i64 = 5;

/// The other candidates with the most similar skills: among the strongest holders of each of
/// this candidate's skills, by the sum over shared skills of the lower level, then by id.
pub async fn similar(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Vec<SimilarCandidate>, AppError> {
    let rows: Vec<(Uuid, String, Vec<String>, i32)> = sqlx::query_as(&format!(
        "with mine as (
             select skill_id, proficiency from candidate_skills where candidate_id = $1 and tenant_id = $2
         ), shared as (
             select h.candidate_id, m.skill_id, least(m.proficiency, h.proficiency) as level
             from mine m cross join lateral (
                 select cs.candidate_id, cs.proficiency from candidate_skills cs
                 where cs.skill_id = m.skill_id and cs.tenant_id = $2 and cs.candidate_id <> $1
                 order by cs.proficiency desc limit {HOLDERS_COMPARED}
             ) h
         ), nearest as (
             select candidate_id, sum(level) as score, array_agg(skill_id) as skill_ids from shared
             group by candidate_id order by score desc, candidate_id limit {SIMILAR_SHOWN}
         )
         select c.id, c.name,
                array(select k.name from skills k where k.id = any(n.skill_ids) order by lower(k.name)),
                round(100.0 * n.score / (select sum(proficiency) from mine))::int
         from nearest n join candidates c on c.id = n.candidate_id and c.tenant_id = $2
         order by n.score desc, c.id"
    ))
    .bind(id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, shared_skills, similarity)| SimilarCandidate { id, name, shared_skills, similarity }).collect())
}

pub async fn id_by_email(conn: &mut PgConnection, tenant_id: Uuid, email: &str) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar("select id from candidates where tenant_id = $1 and lower(email) = lower($2)").bind(tenant_id).bind(email).fetch_optional(conn).await?)
}

/// What a merge moved, for the audit log and the message.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Merged {
    pub duplicate_name: String,
    pub duplicate_email: String,
    pub applications_moved: i64,
    /// Requisitions both had applied to: the survivor's application stays, with the other's notes.
    pub applications_folded: Vec<String>,
    pub documents_moved: i64,
}

/// Merges `duplicate` into `survivor`: applications, notes and documents move to the survivor;
/// its empty fields are filled in and its tags, links and skills added to; the duplicate goes.
pub async fn merge(conn: &mut PgConnection, tenant_id: Uuid, survivor: Uuid, duplicate: Uuid) -> Result<Merged, AppError> {
    if survivor == duplicate {
        return Err(AppError::invalid("duplicate_email", "That is this candidate's own email: give the other record's."));
    }
    type Person = (Uuid, String, String, String, String, Vec<String>, Vec<String>);
    // Both locked, in a fixed order so that two opposite merges cannot deadlock.
    let people: Vec<Person> = sqlx::query_as(
        "select id, name, email, phone, location, tags, links from candidates where tenant_id = $1 and id = any($2) order by id for update",
    )
    .bind(tenant_id)
    .bind([survivor, duplicate])
    .fetch_all(&mut *conn)
    .await?;
    let Some((_, name, email, phone, location, tags, links)) = people.iter().find(|p| p.0 == duplicate).cloned() else { return Err(AppError::NotFound) };
    if !people.iter().any(|p| p.0 == survivor) {
        return Err(AppError::NotFound);
    }
    let skills: Vec<(Uuid, i16)> = sqlx::query_as("select skill_id, proficiency from candidate_skills where candidate_id = $1 and tenant_id = $2")
        .bind(duplicate)
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
    // Where both applied to one requisition, the duplicate's application is folded into the survivor's.
    let folded: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "select d.id, s.id, r.title from applications d join applications s on s.requisition_id = d.requisition_id and s.candidate_id = $2
         join requisitions r on r.id = d.requisition_id where d.candidate_id = $3 and d.tenant_id = $1 order by r.title",
    )
    .bind(tenant_id)
    .bind(survivor)
    .bind(duplicate)
    .fetch_all(&mut *conn)
    .await?;
    for (from, to, _) in &folded {
        sqlx::query("update application_notes set application_id = $2 where application_id = $1 and tenant_id = $3").bind(from).bind(to).bind(tenant_id).execute(&mut *conn).await?;
        sqlx::query("update candidate_invitations set application_id = $2 where application_id = $1 and tenant_id = $3").bind(from).bind(to).bind(tenant_id).execute(&mut *conn).await?;
        sqlx::query(
            "insert into application_followers (tenant_id, application_id, user_id) select tenant_id, $2, user_id from application_followers where application_id = $1
             on conflict do nothing",
        )
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
        sqlx::query("delete from applications where id = $1 and tenant_id = $2").bind(from).bind(tenant_id).execute(&mut *conn).await?;
    }
    let mut moved = [0i64; 2];
    for (count, table) in moved.iter_mut().zip(["applications", "candidate_documents"]) {
        *count = sqlx::query(&format!("update {table} set candidate_id = $2 where candidate_id = $3 and tenant_id = $1"))
            .bind(tenant_id)
            .bind(survivor)
            .bind(duplicate)
            .execute(&mut *conn)
            .await?
            .rows_affected() as i64;
    }
    let [applications_moved, documents_moved] = moved;
    let other = CandidateInput { name: name.clone(), email: email.clone(), phone, location, source: String::new(), tags, links, skills };
    fill_in(&mut *conn, tenant_id, survivor, &other).await?;
    sqlx::query("delete from candidates where id = $1 and tenant_id = $2").bind(duplicate).bind(tenant_id).execute(&mut *conn).await?;
    sqlx::query("update applications set match_score = match_score(candidate_id, requisition_id) where candidate_id = $1 and tenant_id = $2")
        .bind(survivor)
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    Ok(Merged {
        duplicate_name: name,
        duplicate_email: email,
        applications_moved,
        applications_folded: folded.into_iter().map(|(_, _, title)| title).collect(),
        documents_moved,
    })
}
