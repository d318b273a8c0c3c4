//! The assessment queries, inside tenant-scoped transactions, filtered by tenant as well.

use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::authoring::{BuiltQuestion, QuestionForm};
use super::grading::AnswerKey;
use super::types::{AssessmentSummary, Bank, BankQuestion, ChoiceOption, QuestionDraft, QuestionKind, QuestionSet, Skill};
use crate::platform::AppError;

/// One answer save as the browser sent it, its link already hashed.
pub struct AnswerSave {
    pub token_hash: Vec<u8>,
    pub client_id: Uuid,
    pub version_id: Uuid,
    pub response: Option<serde_json::Value>,
    pub flagged: bool,
    pub seq: i64,
    pub time_spent_ms: i64,
    pub grace_ms: i64,
}

/// What `save_answer()` (the database function) made of a save.
#[derive(Debug)]
pub struct StoredSave {
    pub outcome: String,
    pub held_seq: Option<i64>,
    pub remaining_ms: Option<i64>,
}

/// Saves in one statement, so in one transaction and one commit; the results in the saves'
/// order. Sessions are locked in the order of their links, the same in every batch, so that
/// batches written at once wait for each other instead of deadlocking.
pub async fn save_answers(pool: &sqlx::PgPool, saves: &[AnswerSave]) -> Result<Vec<StoredSave>, AppError> {
    let mut order: Vec<usize> = (0..saves.len()).collect();
    order.sort_by(|a, b| (&saves[*a].token_hash, saves[*a].version_id).cmp(&(&saves[*b].token_hash, saves[*b].version_id)));
    let column = |f: &dyn Fn(&AnswerSave) -> i64| order.iter().map(|i| f(&saves[*i])).collect::<Vec<i64>>();
    let rows: Vec<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "select s.position, r.outcome, r.held_seq, r.remaining_ms
         from unnest($1::int8[], $2::bytea[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::bool[], $7::int8[], $8::int8[], $9::int8[])
              with ordinality as s(position, token_hash, client_id, version_id, response, flagged, seq, time_spent_ms, grace_ms, n)
         cross join lateral save_answer(s.token_hash, s.client_id, s.version_id, s.response, s.flagged, s.seq, s.time_spent_ms,
                                        s.grace_ms * interval '1 millisecond') r
         order by s.n",
    )
    .bind(order.iter().map(|i| *i as i64).collect::<Vec<i64>>())
    .bind(order.iter().map(|i| saves[*i].token_hash.clone()).collect::<Vec<Vec<u8>>>())
    .bind(order.iter().map(|i| saves[*i].client_id).collect::<Vec<Uuid>>())
    .bind(order.iter().map(|i| saves[*i].version_id).collect::<Vec<Uuid>>())
    .bind(order.iter().map(|i| saves[*i].response.clone()).collect::<Vec<Option<serde_json::Value>>>())
    .bind(order.iter().map(|i| saves[*i].flagged).collect::<Vec<bool>>())
    .bind(column(&|s| s.seq))
    .bind(column(&|s| s.time_spent_ms))
    .bind(column(&|s| s.grace_ms))
    .fetch_all(pool)
    .await?;
    let mut stored: Vec<Option<StoredSave>> = saves.iter().map(|_| None).collect();
    for (position, outcome, held_seq, remaining_ms) in rows {
        if let Some(slot) = stored.get_mut(position as usize) {
            *slot = Some(StoredSave { outcome, held_seq, remaining_ms });
        }
    }
    stored.into_iter().map(|s| s.ok_or_else(|| AppError::internal("a save came back without its outcome"))).collect()
}

pub async fn skill_exists(conn: &mut PgConnection, tenant_id: Uuid, skill_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from skills where id = $1 and tenant_id = $2)")
        .bind(skill_id)
        .bind(tenant_id)
        .fetch_one(conn)
        .await?)
}

/// The tenant's skill catalog, by name.
pub async fn skills(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Skill>, AppError> {
    let rows: Vec<(Uuid, String)> = sqlx::query_as("select id, name from skills where tenant_id = $1 order by lower(name)")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, name)| Skill { id, name }).collect())
}

pub async fn bank(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Bank, AppError> {
    let skills = skills(&mut *conn, tenant_id).await?;
    let rows: Vec<(Uuid, Uuid, i32, QuestionKind, String, Option<String>, String, f64)> = sqlx::query_as(
        "select distinct on (q.id) q.id, v.id, v.version, v.kind, v.prompt, s.name, v.difficulty, v.points::float8
         from questions q
         join question_versions v on v.question_id = q.id
         left join skills s on s.id = v.skill_id
         where q.tenant_id = $1 and not q.archived
         order by q.id, v.version desc",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let sets: Vec<(Uuid, String, Vec<Uuid>)> = sqlx::query_as(
        "select s.id, s.name, coalesce(array_agg(i.question_id order by i.position) filter (where i.question_id is not null), '{}')
         from question_sets s left join question_set_items i on i.set_id = s.id
         where s.tenant_id = $1 group by s.id order by lower(s.name)",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Bank {
        skills,
        questions: rows
            .into_iter()
            .map(|(question_id, version_id, version, kind, prompt, skill, difficulty, points)| BankQuestion {
                question_id,
                version_id,
                version,
                kind,
                prompt,
                skill,
                difficulty,
                points,
            })
            .collect(),
        sets: sets.into_iter().map(|(id, name, question_ids)| QuestionSet { id, name, question_ids }).collect(),
    })
}

/// The latest version of a question, as the editor fills in its form.
pub async fn question_draft(conn: &mut PgConnection, tenant_id: Uuid, question_id: Uuid) -> Result<QuestionDraft, AppError> {
    type DraftRow = (i32, bool, QuestionKind, String, Json<Vec<ChoiceOption>>, Json<AnswerKey>, Option<Uuid>, String, f64, String);
    let row: Option<DraftRow> = sqlx::query_as(
        "select v.version, exists (select 1 from session_questions sq where sq.question_version_id = v.id),
                v.kind, v.prompt, v.options, v.answer_key, v.skill_id, v.difficulty, v.points::float8, v.explanation
         from question_versions v join questions q on q.id = v.question_id
         where q.id = $1 and q.tenant_id = $2 and not q.archived
         order by v.version desc limit 1",
    )
    .bind(question_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    let (version, seen, kind, prompt, Json(options), Json(key), skill_id, difficulty, points, explanation) = row.ok_or(AppError::NotFound)?;
    let stored = BuiltQuestion { kind, prompt, options, key, difficulty, points, explanation };
    Ok(QuestionDraft { question_id, version, seen, skill_id, form: QuestionForm::from_stored(&stored) })
}

/// Stores a new question, or edits one: in place while no candidate has answered
/// its latest version, as a new version once one has.
pub async fn save_question(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    author: Uuid,
    question_id: Option<Uuid>,
    built: &BuiltQuestion,
    skill_id: Option<Uuid>,
) -> Result<Uuid, AppError> {
    let options = serde_json::to_value(&built.options).map_err(AppError::internal)?;
    let key = serde_json::to_value(&built.key).map_err(AppError::internal)?;
    let (question_id, version) = match question_id {
        None => {
            let id = Uuid::now_v7();
            sqlx::query("insert into questions (id, tenant_id, created_by) values ($1, $2, $3)")
                .bind(id)
                .bind(tenant_id)
                .bind(author)
                .execute(&mut *conn)
                .await?;
            (id, 1)
        }
        Some(question_id) => {
            let latest: Option<(Uuid, i32, bool)> = sqlx::query_as(
                "select v.id, v.version,
                        exists (select 1 from session_questions sq where sq.question_version_id = v.id)
                 from question_versions v join questions q on q.id = v.question_id
                 where q.id = $1 and q.tenant_id = $2
                 order by v.version desc limit 1 for update of q",
            )
            .bind(question_id)
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?;
            let (version_id, version, seen) = latest.ok_or(AppError::NotFound)?;
            if !seen {
                return write_version(conn, tenant_id, question_id, version_id, version, built, skill_id, &options, &key).await;
            }
            (question_id, version + 1)
        }
    };
    write_version(conn, tenant_id, question_id, Uuid::now_v7(), version, built, skill_id, &options, &key).await
}

/// Writes a question version: a new one, or over an unseen one with the same id.
#[allow(clippy::too_many_arguments)]
async fn write_version(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    question_id: Uuid,
    version_id: Uuid,
    version: i32,
    built: &BuiltQuestion,
    skill_id: Option<Uuid>,
    options: &serde_json::Value,
    key: &serde_json::Value,
) -> Result<Uuid, AppError> {
    sqlx::query(
        "insert into question_versions (id, tenant_id, question_id, version, kind, prompt, options, answer_key, skill_id, difficulty, points, explanation)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (id) do update set kind = excluded.kind, prompt = excluded.prompt, options = excluded.options,
             answer_key = excluded.answer_key, skill_id = excluded.skill_id, difficulty = excluded.difficulty,
             points = excluded.points, explanation = excluded.explanation",
    )
    .bind(version_id)
    .bind(tenant_id)
    .bind(question_id)
    .bind(version)
    .bind(built.kind.as_str())
    .bind(&built.prompt)
    .bind(options)
    .bind(key)
    .bind(skill_id)
    .bind(&built.difficulty)
    .bind(built.points)
    .bind(&built.explanation)
    .execute(conn)
    .await?;
    Ok(version_id)
}

pub async fn add_to_set(conn: &mut PgConnection, tenant_id: Uuid, set_id: Uuid, question_id: Uuid) -> Result<(), AppError> {
    let both: (bool, bool) = sqlx::query_as(
        "select exists (select 1 from question_sets where id = $1 and tenant_id = $3),
                exists (select 1 from questions where id = $2 and tenant_id = $3)",
    )
    .bind(set_id)
    .bind(question_id)
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    if both != (true, true) {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "insert into question_set_items (tenant_id, set_id, question_id, position)
         values ($1, $2, $3, (select coalesce(max(position), 0) + 1 from question_set_items where set_id = $2))
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(set_id)
    .bind(question_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many of the set's questions have the difficulty (any, if none); None if the set is not the tenant's.
pub async fn set_size(conn: &mut PgConnection, tenant_id: Uuid, set_id: Uuid, difficulty: Option<&str>) -> Result<Option<i64>, AppError> {
    let exists: bool = sqlx::query_scalar("select exists (select 1 from question_sets where id = $1 and tenant_id = $2)")
        .bind(set_id)
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query_scalar(
            "select count(*) from question_set_items i
             join lateral (select difficulty from question_versions v where v.question_id = i.question_id order by version desc limit 1) v on true
             join questions q on q.id = i.question_id and not q.archived
             where i.set_id = $1 and i.tenant_id = $2 and ($3::text is null or v.difficulty = $3)",
        )
        .bind(set_id)
        .bind(tenant_id)
        .bind(difficulty)
        .fetch_one(conn)
        .await?,
    ))
}

pub async fn assessments(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<AssessmentSummary>, AppError> {
    let rows: Vec<(Uuid, String, Option<String>, i32, f64, i64, i64)> = sqlx::query_as(
        "select a.id, a.title, (select j.title from requisitions j where j.id = a.requisition_id and j.deleted_at is null),
                a.time_limit_minutes, a.passing_percent::float8,
                (select count(*) from candidate_invitations i where i.assessment_id = a.id),
                (select count(*) from test_sessions s join candidate_invitations i on i.id = s.invitation_id
                 where i.assessment_id = a.id and s.submitted_at is not null)
         from assessments a where a.tenant_id = $1 order by a.created_at desc",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, job, time_limit_minutes, passing_percent, invited, submitted)| AssessmentSummary {
            id,
            title,
            job,
            time_limit_minutes,
            passing_percent,
            invited,
            submitted,
        })
        .collect())
}

/// What an invitation mail needs from the platform: the mailer and the address links start from.
pub struct InviteSettings {
    pub mailer: crate::platform::mail::Mailer,
    pub public_url: String,
}

impl InviteSettings {
    pub fn of(platform: &crate::platform::context::Platform) -> Self {
        Self { mailer: platform.mailer.clone(), public_url: platform.settings.public_url.clone() }
    }
}

/// One candidate's invitation to an assessment.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub assessment_id: Uuid,
    pub email: String,
    pub name: String,
    /// Extra time, applied to every timer (1.5 = half as much again).
    pub time_multiplier: f64,
    pub unflagged_signals: Vec<String>,
    pub invited_by: Option<Uuid>,
    /// The application it was sent from, if any.
    pub application_id: Option<Uuid>,
}

impl Default for Invitation {
    fn default() -> Self {
        Self {
            assessment_id: Uuid::nil(),
            email: String::new(),
            name: String::new(),
            time_multiplier: 1.0,
            unflagged_signals: Vec::new(),
            invited_by: None,
            application_id: None,
        }
    }
}

/// A new link for an invitation nobody has begun, which replaces the one mailed; `None` when it
/// was begun, withdrawn or has expired.
pub async fn replace_link(conn: &mut PgConnection, tenant_id: Uuid, invitation_id: Uuid) -> Result<Option<String>, AppError> {
    let token = crate::platform::tokens::new_token();
    let replaced: Option<Uuid> = sqlx::query_scalar(
        "update candidate_invitations i set token_hash = $3
         where i.id = $1 and i.tenant_id = $2 and i.revoked_at is null and i.expires_at > now()
           and not exists (select 1 from test_sessions s where s.invitation_id = i.id and s.tenant_id = i.tenant_id)
         returning i.id",
    )
    .bind(invitation_id)
    .bind(tenant_id)
    .bind(crate::platform::tokens::hash(&token))
    .fetch_optional(conn)
    .await?;
    Ok(replaced.map(|_| token))
}

/// Creates the invitation and mails the candidate their link, in the caller's transaction.
/// Returns the assessment's title. Not found for another tenant's assessment.
pub async fn invite(conn: &mut PgConnection, settings: &InviteSettings, tenant_id: Uuid, invitation: &Invitation) -> Result<String, AppError> {
    use crate::platform::{mail::Mail, tokens};
    let (title, tenant_name): (String, String) = sqlx::query_as(
        "select a.title, t.name from assessments a join tenants t on t.id = a.tenant_id where a.id = $1 and a.tenant_id = $2",
    )
    .bind(invitation.assessment_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let token = tokens::new_token();
    sqlx::query(
        "insert into candidate_invitations (id, tenant_id, assessment_id, email, name, token_hash, expires_at, time_multiplier, unflagged_signals, invited_by, application_id)
         values ($1, $2, $3, $4, $5, $6, now() + interval '14 days', $7, $8, $9, $10)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(invitation.assessment_id)
    .bind(&invitation.email)
    .bind(&invitation.name)
    .bind(tokens::hash(&token))
    .bind(invitation.time_multiplier)
    .bind(&invitation.unflagged_signals)
    .bind(invitation.invited_by)
    .bind(invitation.application_id)
    .execute(&mut *conn)
    .await?;
    let greeting = if invitation.name.is_empty() { String::new() } else { format!("Hello {},\n\n", invitation.name) };
    let mail = Mail {
        to: invitation.email.clone(),
        subject: format!("{tenant_name} invites you to an assessment: {title}"),
        body: format!(
            "{greeting}{tenant_name} invites you to take the assessment \"{title}\".\n\nStart it here when you are ready (the link works for 14 days and is yours alone):\n{}/take?token={token}",
            settings.public_url
        ),
        html: None,
        ..Mail::default()
    };
    settings.mailer.send(conn, mail).await?;
    Ok(title)
}
