//! The application page: its history, notes and mentions.

use super::*;

pub async fn history(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Vec<StageEvent>, AppError> {
    type Row = (String, String, Option<ApplicationStatus>, ApplicationStatus, String, Option<String>, DateTime<Utc>);
    let rows: Vec<Row> = sqlx::query_as(
        "select e.from_stage_name, e.to_stage_name, e.from_status, e.to_status, e.reason, u.display_name, e.created_at
         from stage_events e left join users u on u.id = e.actor_id
         where e.application_id = $1 and e.tenant_id = $2 order by e.created_at desc, e.id desc",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(from_stage, to_stage, from_status, to_status, reason, actor, at)| StageEvent { from_stage, to_stage, from_status, to_status, reason, actor, at })
        .collect())
}

pub async fn notes(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, viewer: Uuid) -> Result<Vec<Note>, AppError> {
    type Row = (Uuid, Option<Uuid>, Option<String>, String, String, DateTime<Utc>, Option<DateTime<Utc>>, bool);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select n.id, n.author_id, u.display_name, n.body, n.visibility, n.created_at, n.edited_at,
                n.author_id = $3 and n.created_at > now() - interval '{NOTE_EDIT_MINUTES} minutes'
         from application_notes n left join users u on u.id = n.author_id
         where n.application_id = $1 and n.tenant_id = $2 and (n.visibility = 'team' or n.author_id = $3)
         order by n.created_at, n.id"
    ))
    .bind(application_id)
    .bind(tenant_id)
    .bind(viewer)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, author_id, name, body, visibility, created_at, edited_at, can_edit)| Note {
            id,
            author: author_id.zip(name).map(|(id, name)| Member { id, name }),
            body,
            private: visibility == "private",
            created_at,
            edited_at,
            can_edit,
        })
        .collect())
}

/// Members a note may mention, by handle (the part of their address before the @).
pub async fn mentionable(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "select u.id, lower(split_part(u.email, '@', 1)), u.display_name from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role <> 'candidate' order by 2, u.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

/// The `@handle`s a note names, lower-cased, in order, without repeats.
pub fn mentions_in(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '.' | '_' | '-'));
        if *c != '@' || !starts_word {
            continue;
        }
        let handle: String = chars[i + 1..].iter().take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
        let handle = handle.trim_end_matches(['.', '-', '_']).to_lowercase();
        if !handle.is_empty() && !found.contains(&handle) {
            found.push(handle);
        }
    }
    found
}

async fn resolve_mentions(conn: &mut PgConnection, tenant_id: Uuid, body: &str) -> Result<Vec<Uuid>, AppError> {
    let handles = mentions_in(body);
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    let members = mentionable(conn, tenant_id).await?;
    let mut ids = Vec::new();
    for handle in handles {
        match members.iter().find(|(_, h, _)| *h == handle) {
            Some((id, _, _)) => ids.push(*id),
            None => return Err(AppError::invalid("body", format!("@{handle} is not a member of your organization: mention people by the name before the @ in their email."))),
        }
    }
    Ok(ids)
}

fn check_note(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write the note first."));
    }
    if body.chars().count() > NOTE_MAX_CHARS {
        return Err(AppError::invalid("body", format!("Keep a note under {NOTE_MAX_CHARS} characters; this one has {}.", body.chars().count())));
    }
    Ok(body.to_owned())
}

async fn notify_mentions(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, author_id: Uuid, mentioned: &[Uuid], body: &str) -> Result<(), AppError> {
    let recipients = except(mentioned.to_vec(), Some(author_id));
    if recipients.is_empty() {
        return Ok(());
    }
    let (candidate_name, title): (String, String) = sqlx::query_as(
        "select c.name, r.title from applications a join candidates c on c.id = a.candidate_id join requisitions r on r.id = a.requisition_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    let author_name = display_name(&mut *conn, author_id).await?;
    let excerpt: String = body.chars().take(280).collect();
    let vars = json!({ "author_name": author_name, "candidate_name": candidate_name, "requisition_title": title, "excerpt": excerpt });
    notify(conn, tenant_id, &recipients, NotificationKind::Mentioned, vars, &format!("/applications/{application_id}")).await
}

pub async fn add_note(conn: &mut PgConnection, tenant_id: Uuid, author_id: Uuid, application_id: Uuid, body: &str, private: bool) -> Result<Uuid, AppError> {
    let body = check_note(body)?;
    let mentioned = resolve_mentions(&mut *conn, tenant_id, &body).await?;
    if private && !mentioned.is_empty() {
        return Err(AppError::invalid("body", "A private note is for you alone: make it visible to the hiring team to mention someone."));
    }
    let id = Uuid::now_v7();
    sqlx::query("insert into application_notes (id, tenant_id, application_id, author_id, body, visibility) values ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(tenant_id)
        .bind(application_id)
        .bind(author_id)
        .bind(&body)
        .bind(if private { "private" } else { "team" })
        .execute(&mut *conn)
        .await?;
    for user_id in &mentioned {
        sqlx::query("insert into note_mentions (tenant_id, note_id, user_id) values ($1, $2, $3) on conflict do nothing")
            .bind(tenant_id)
            .bind(id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    follow(&mut *conn, tenant_id, author_id, application_id, true).await?;
    notify_mentions(conn, tenant_id, application_id, author_id, &mentioned, &body).await?;
    Ok(id)
}

/// Edits a note: its author only, within the edit window; the old and new text of a team note
/// are audited, of a private one only that it changed (the log is read by admins).
/// People newly mentioned are notified.
pub async fn edit_note(conn: &mut PgConnection, tenant_id: Uuid, editor_id: Uuid, note_id: Uuid, body: &str) -> Result<(), AppError> {
    let body = check_note(body)?;
    let row: Option<(Uuid, Option<Uuid>, String, String, bool)> = sqlx::query_as(&format!(
        "select application_id, author_id, body, visibility, created_at > now() - interval '{NOTE_EDIT_MINUTES} minutes'
         from application_notes where id = $1 and tenant_id = $2 for update"
    ))
    .bind(note_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((application_id, author_id, old_body, visibility, editable)) = row else {
        return Err(AppError::NotFound);
    };
    if author_id != Some(editor_id) {
        return Err(if visibility == "private" { AppError::NotFound } else { AppError::Forbidden });
    }
    if !editable {
        return Err(AppError::conflict("body", format!("Notes lock {NOTE_EDIT_MINUTES} minutes after they are written; add a new note instead.")));
    }
    let mentioned = resolve_mentions(&mut *conn, tenant_id, &body).await?;
    if visibility == "private" && !mentioned.is_empty() {
        return Err(AppError::invalid("body", "A private note is for you alone: make it visible to the hiring team to mention someone."));
    }
    let before: Vec<Uuid> = sqlx::query_scalar("select user_id from note_mentions where note_id = $1").bind(note_id).fetch_all(&mut *conn).await?;
    sqlx::query("update application_notes set body = $3, edited_at = now() where id = $1 and tenant_id = $2")
        .bind(note_id)
        .bind(tenant_id)
        .bind(&body)
        .execute(&mut *conn)
        .await?;
    let new: Vec<Uuid> = mentioned.iter().copied().filter(|id| !before.contains(id)).collect();
    for user_id in &new {
        sqlx::query("insert into note_mentions (tenant_id, note_id, user_id) values ($1, $2, $3) on conflict do nothing")
            .bind(tenant_id)
            .bind(note_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    audit::record(&mut *conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(editor_id),
        action: "note.edit",
        target: format!("application:{application_id}"),
        details: if visibility == "private" {
            json!({ "note": note_id.to_string(), "visibility": "private" })
        } else {
            json!({ "note": note_id.to_string(), "before": old_body, "after": body })
        },
    })
    .await?;
    notify_mentions(conn, tenant_id, application_id, editor_id, &new, &body).await
}

pub async fn follow(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, application_id: Uuid, on: bool) -> Result<(), AppError> {
    let sql = if on {
        "insert into application_followers (tenant_id, application_id, user_id) values ($1, $2, $3) on conflict do nothing"
    } else {
        "delete from application_followers where tenant_id = $1 and application_id = $2 and user_id = $3"
    };
    sqlx::query(sql).bind(tenant_id).bind(application_id).bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn is_following(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, application_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from application_followers where tenant_id = $1 and application_id = $2 and user_id = $3)")
        .bind(tenant_id)
        .bind(application_id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// Per required skill: what the candidate showed and stated, and what the match score counted.
pub async fn coverage(conn: &mut PgConnection, tenant_id: Uuid, candidate_id: Uuid, requisition_id: Uuid) -> Result<Vec<SkillCoverage>, AppError> {
    let rows: Vec<(String, Option<f64>, Option<i16>)> = sqlx::query_as(
        "with required as (select distinct unnest(skill_ids) as skill_id from requisitions where id = $2 and tenant_id = $3),
              measured as (
                  select distinct on (ss.skill_id) ss.skill_id, (100 * ss.points / nullif(ss.max_points, 0))::float8 as percent
                  from applications a join candidate_invitations i on i.application_id = a.id
                  join test_sessions s on s.invitation_id = i.id and s.graded_at is not null
                  join skill_scores ss on ss.session_id = s.id
                  where a.candidate_id = $1 and a.tenant_id = $3 order by ss.skill_id, s.graded_at desc)
         select k.name, m.percent, cs.proficiency from required r join skills k on k.id = r.skill_id
         left join measured m on m.skill_id = r.skill_id
         left join candidate_skills cs on cs.candidate_id = $1 and cs.skill_id = r.skill_id
         order by lower(k.name)",
    )
    .bind(candidate_id)
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(skill, measured, stated)| {
            let counted = measured.unwrap_or_else(|| stated.map_or(0.0, |p| f64::from(p) * 16.0));
            SkillCoverage { skill, measured, stated, counted }
        })
        .collect())
}

/// The assessments sent from an application, newest first, with per-skill scores and the integrity tier.
pub async fn sent_assessments(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Vec<SentAssessment>, AppError> {
    let rows: Vec<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select i.id, (select s.id from test_sessions s where s.invitation_id = i.id order by s.attempt desc limit 1)
         from candidate_invitations i where i.application_id = $1 and i.tenant_id = $2 order by i.created_at desc",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut sent = Vec::new();
    for (invitation_id, session_id) in rows {
        let sql = format!("select * from (select $1::uuid as id) a {LATEST_ASSESSMENT}").replace("i.application_id = a.id", "i.id = a.id");
        let brief: BriefRow = sqlx::query_as(&sql).bind(invitation_id).fetch_one(&mut *conn).await?;
        let Some(brief) = brief.brief() else { continue };
        let (skills, integrity) = match session_id {
            Some(session_id) => (
                sqlx::query_as(
                    "select k.name, (100 * ss.points / nullif(ss.max_points, 0))::float8 from skill_scores ss join skills k on k.id = ss.skill_id
                     where ss.session_id = $1 and ss.max_points > 0 order by lower(k.name)",
                )
                .bind(session_id)
                .fetch_all(&mut *conn)
                .await?,
                Some(integrity(&mut *conn, session_id).await?),
            ),
            None => (Vec::new(), None),
        };
        sent.push(SentAssessment { brief, session_id, skills, integrity });
    }
    Ok(sent)
}

/// The session's integrity tier, by the rule the results page shows.
async fn integrity(conn: &mut PgConnection, session_id: Uuid) -> Result<String, AppError> {
    use crate::assessments::results::{Integrity, LEAVES, OTHER_SIGNALS, PASTES};
    let (leaves, pastes, other): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where kind = any($2)), count(*) filter (where kind = any($3)), count(*) filter (where kind = any($4))
         from proctoring_events where session_id = $1",
    )
    .bind(session_id)
    .bind(&LEAVES[..])
    .bind(&PASTES[..])
    .bind(&OTHER_SIGNALS[..])
    .fetch_one(conn)
    .await?;
    Ok(Integrity::from_counts(leaves, pastes, other).label().to_owned())
}

#[derive(sqlx::FromRow)]
pub struct ApplicationRow {
    pub requisition_id: Uuid,
    pub candidate_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub stage_id: Uuid,
    pub stage_name: String,
    pub status: ApplicationStatus,
    pub version: i32,
    pub rejection_reason: String,
    pub source: String,
    pub cover_note: String,
    pub resume_file_id: Option<Uuid>,
    pub applied_at: DateTime<Utc>,
    pub entered_at: DateTime<Utc>,
    pub match_score: Option<f64>,
}

pub async fn application_row(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<ApplicationRow, AppError> {
    sqlx::query_as(
        "select a.requisition_id, a.candidate_id, c.name, c.email, c.phone, c.location, a.stage_id, s.name as stage_name, a.status, a.version,
                a.rejection_reason, a.source, a.cover_note, a.resume_file_id, a.created_at as applied_at, a.stage_entered_at as entered_at,
                a.match_score::float8 as match_score
         from applications a join candidates c on c.id = a.candidate_id join requisition_stages s on s.id = a.stage_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

impl ApplicationRow {
    pub fn application_status(&self) -> ApplicationStatus {
        self.status
    }
}
