//! The candidates of an assessment: their scores, percentiles and proctoring signals, as a
//! table and as CSV.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub invitation_id: Uuid,
    pub session_id: Option<Uuid>,
    pub email: String,
    /// invited, started, submitted (awaiting hand grading) or graded
    pub status: String,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub percentile: Option<f64>,
    pub integrity: Integrity,
    pub review: ReviewStatus,
    /// Has high or critical events no review has covered.
    pub needs_review: bool,
    pub minutes_used: Option<f64>,
}

impl ResultRow {
    /// What the table and the CSV say of the proctoring review: nothing while there is nothing to review.
    pub fn review_label(&self) -> Option<&'static str> {
        match (self.review, self.needs_review) {
            (ReviewStatus::NotReviewed, true) => Some("needs review"),
            (ReviewStatus::NotReviewed, false) => None,
            (status, _) => Some(status.label()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub title: String,
    /// The job the assessment is tied to.
    pub job: Option<String>,
    pub passing_percent: f64,
    /// Candidates graded, whether or not `rows` is filtered.
    pub graded: usize,
    /// Sessions with high or critical events no review has covered, whether or not `rows` is filtered.
    pub needing_review: usize,
    pub rows: Vec<ResultRow>,
}

#[cfg(feature = "ssr")]
type ResultDbRow = (
    Uuid, Option<Uuid>, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<f64>, Option<f64>, Option<f64>, Option<bool>,
    i64, i64, i64, i64, Option<i64>,
);

/// The candidates of an assessment; with `needs_review`, only those whose sessions have high or
/// critical events no review has covered (percentiles still rank every graded candidate).
#[server]
pub async fn assessment_results(assessment_id: Uuid, #[server(default)] needs_review: bool) -> Result<Results, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let (title, passing_percent, job): (String, f64, Option<String>) = sqlx::query_as(
        "select a.title, a.passing_percent::float8, (select j.title from requisitions j where j.id = a.requisition_id and j.deleted_at is null)
         from assessments a where a.id = $1 and a.tenant_id = $2",
    )
        .bind(assessment_id)
        .bind(ctx.tenant_id)
        .fetch_optional(&mut *ctx.tx)
        .await?
        .ok_or(AppError::NotFound)?;
    // The serious count is its own subquery, its condition written as the partial index's, so that the index answers it.
    let rows: Vec<ResultDbRow> = sqlx::query_as(
        "with latest as (
             select distinct on (s.invitation_id) s.* from test_sessions s
             join candidate_invitations i on i.id = s.invitation_id
             where i.assessment_id = $1 and i.tenant_id = $2
             order by s.invitation_id, s.attempt desc
         )
         select i.id, l.id, i.email, l.started_at, l.submitted_at, l.graded_at, l.score::float8, l.max_score::float8,
                l.percent::float8, l.passed, coalesce(ev.leaves, 0), coalesce(ev.pastes, 0), coalesce(ev.other, 0),
                coalesce((select count(*) from proctoring_events e where e.session_id = l.id and e.severity in ('high', 'critical')), 0),
                (select r.serious_events_reviewed::int8 from proctoring_reviews r where r.session_id = l.id order by r.reviewed_at desc, r.id desc limit 1)
         from candidate_invitations i
         left join latest l on l.invitation_id = i.id
         left join lateral (
             select count(*) filter (where kind = any($3)) as leaves, count(*) filter (where kind = any($4)) as pastes,
                    count(*) filter (where kind = any($5)) as other
             from proctoring_events e where e.session_id = l.id
         ) ev on true
         where i.assessment_id = $1 and i.tenant_id = $2 and i.revoked_at is null
         order by l.percent desc nulls last, i.email",
    )
    .bind(assessment_id)
    .bind(ctx.tenant_id)
    .bind(&LEAVES[..])
    .bind(&PASTES[..])
    .bind(&OTHER_SIGNALS[..])
    .fetch_all(&mut *ctx.tx)
    .await?;
    ctx.commit().await?;
    let mut rows: Vec<ResultRow> = rows
        .into_iter()
        .map(|(invitation_id, session_id, email, started, submitted, graded, score, max_score, percent, passed, leaves, pastes, other, serious, reviewed)| {
            let status = match (started, submitted, graded) {
                (None, _, _) => "invited",
                (Some(_), None, _) => "started",
                (_, Some(_), None) => "submitted",
                _ => "graded",
            };
            ResultRow {
                invitation_id,
                session_id,
                email,
                status: status.to_owned(),
                score,
                max_score,
                percent,
                passed,
                percentile: None,
                integrity: Integrity::from_counts(leaves, pastes, other),
                review: ReviewStatus::from_counts(serious, reviewed),
                needs_review: serious > reviewed.unwrap_or(0),
                minutes_used: started.zip(submitted).map(|(s, e)| ((e - s).num_seconds() as f64 / 6.0).round() / 10.0),
            }
        })
        .collect();
    let graded: Vec<usize> = (0..rows.len()).filter(|&n| rows[n].status == "graded" && rows[n].percent.is_some()).collect();
    let ranks = percentiles(&graded.iter().map(|&n| rows[n].percent.unwrap_or_default()).collect::<Vec<_>>());
    for (&n, rank) in graded.iter().zip(ranks) {
        rows[n].percentile = rank;
    }
    let needing_review = rows.iter().filter(|r| r.needs_review).count();
    if needs_review {
        rows.retain(|r| r.needs_review);
    }
    Ok(Results { title, job, passing_percent, graded: graded.len(), needing_review, rows })
}

/// The results as CSV, one row per candidate.
pub fn results_csv(results: &Results) -> String {
    let field = crate::platform::csv::field;
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut csv = String::from("email,status,score,max_score,percent,passed,percentile,integrity,minutes_used,proctoring_review\n");
    for row in &results.rows {
        csv.push_str(&[
            field(&row.email),
            row.status.clone(),
            number(row.score),
            number(row.max_score),
            number(row.percent),
            row.passed.map(|p| if p { "yes" } else { "no" }.to_owned()).unwrap_or_default(),
            number(row.percentile),
            row.integrity.label().to_owned(),
            number(row.minutes_used),
            row.review_label().unwrap_or_default().to_owned(),
        ].join(","));
        csv.push('\n');
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let results = Results {
            title: "T".into(),
            job: None,
            passing_percent: 50.0,
            rows: vec![ResultRow {
                invitation_id: Uuid::nil(),
                session_id: None,
                email: "a,\"b\"@example.com".into(),
                status: "invited".into(),
                score: None,
                max_score: None,
                percent: Some(71.5),
                passed: Some(true),
                percentile: None,
                integrity: Integrity::None,
                review: ReviewStatus::NotReviewed,
                needs_review: false,
                minutes_used: None,
            }],
            graded: 0,
            needing_review: 0,
        };
        assert_eq!(results_csv(&results).lines().nth(1).unwrap(), "\"a,\"\"b\"\"@example.com\",invited,,,71.5,yes,,None,,");
    }

    #[test]
    fn the_review_column_is_empty_with_nothing_to_review() {
        let row = |review, needs_review| ResultRow {
            invitation_id: Uuid::nil(),
            session_id: Some(Uuid::nil()),
            email: "a@example.com".into(),
            status: "graded".into(),
            score: None,
            max_score: None,
            percent: None,
            passed: None,
            percentile: None,
            integrity: Integrity::None,
            review,
            needs_review,
            minutes_used: None,
        };
        assert_eq!(row(ReviewStatus::NotReviewed, false).review_label(), None);
        assert_eq!(row(ReviewStatus::NotReviewed, true).review_label(), Some("needs review"));
        assert_eq!(row(ReviewStatus::Reviewed, false).review_label(), Some("reviewed"));
        assert_eq!(row(ReviewStatus::NewEventsSinceReview, true).review_label(), Some("new events since review"));
    }
}
