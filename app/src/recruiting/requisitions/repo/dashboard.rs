//! The jobs dashboard: filters, the page of rows, the counts per status, the menus.

use super::*;

/// The filters every dashboard query shares; the status filter is added separately so
/// that the summary cards can count per status under the other filters.
fn push_filters(sql: &mut QueryBuilder<'_, Postgres>, tenant_id: Uuid, viewer: Uuid, query: &DashboardQuery) {
    sql.push(" where r.tenant_id = ").push_bind(tenant_id).push(" and r.deleted_at is null");
    if let Some(department) = &query.department {
        sql.push(" and r.department = ").push_bind(department.clone());
    }
    if let Some(location) = &query.location {
        sql.push(" and r.location_city = ").push_bind(location.clone());
    }
    if let Some(manager) = query.hiring_manager {
        sql.push(" and r.hiring_manager_id = ").push_bind(manager);
    }
    if query.mine {
        sql.push(" and (r.created_by = ").push_bind(viewer);
        sql.push(" or r.hiring_manager_id = ").push_bind(viewer);
        sql.push(" or r.recruiter_id = ").push_bind(viewer);
        sql.push(" or exists (select 1 from requisition_team t where t.requisition_id = r.id and t.user_id = ").push_bind(viewer).push("))");
    }
    let search = query.search.trim().to_lowercase();
    if !search.is_empty() {
        // Substrings match literally; a misspelt word matches by trigram similarity (threshold set per transaction).
        sql.push(" and (lower(r.title || ' ' || r.department) like ").push_bind(format!("%{}%", crate::platform::db::like_escape(&search))).push(" escape '\\'");
        sql.push(" or ").push_bind(search).push(" <% lower(r.title || ' ' || r.department))");
    }
}

/// A correlated lookup rather than a join: computed for the page's rows only, unless sorted by it.
const MANAGER_NAME: &str = "(select u.display_name from users u where u.id = r.hiring_manager_id)";

const DAYS_OPEN: &str = "case when r.opened_at is null then null
    else floor(extract(epoch from coalesce(case when r.status in ('closed', 'archived') then r.closed_at end, now()) - r.opened_at) / 86400)::bigint end";

fn sort_expression(column: SortColumn) -> String {
    match column {
        SortColumn::Title => "lower(r.title)".into(),
        SortColumn::Department => "lower(r.department)".into(),
        SortColumn::Status => "array_position(array['draft','open','on_hold','closed','archived'], r.status)".into(),
        SortColumn::HiringManager => format!("lower({MANAGER_NAME})"),
        SortColumn::Applications => "applications".into(),
        SortColumn::Views => "r.view_count".into(),
        SortColumn::DaysOpen => DAYS_OPEN.into(),
        SortColumn::Deadline => "r.deadline".into(),
        SortColumn::Created => "r.created_at".into(),
    }
}

/// What the dashboard's filter menus offer, in one statement: the distinct departments and
/// cities of the tenant's requisitions (from the kept counts), and the members who may be
/// hiring managers.
pub async fn dashboard_choices(conn: &mut PgConnection, tenant_id: Uuid) -> Result<DashboardChoices, AppError> {
    let (departments, locations, manager_ids, manager_names): (Vec<String>, Vec<String>, Vec<Uuid>, Vec<String>) = sqlx::query_as(
        "with managers as (
             select u.id, u.display_name from memberships m join users u on u.id = m.user_id
             where m.tenant_id = $1 and m.role in ('recruiter', 'tenant_admin')
         )
         select array(select distinct department from requisition_counts where tenant_id = $1 and n > 0 and department <> '' order by 1),
                array(select distinct location_city from requisition_counts where tenant_id = $1 and n > 0 and location_city <> '' order by 1),
                array(select id from managers order by lower(display_name), id),
                array(select display_name from managers order by lower(display_name), id)",
    )
    .bind(tenant_id)
    .fetch_one(conn)
    .await?;
    let managers = manager_ids.into_iter().zip(manager_names).map(|(id, name)| Member { id, name }).collect();
    Ok(DashboardChoices { departments, locations, managers })
}

pub struct DashboardChoices {
    pub departments: Vec<String>,
    pub locations: Vec<String>,
    pub managers: Vec<Member>,
}

/// Per status, the count of requisitions matching every filter but the status one.
pub async fn status_counts(conn: &mut PgConnection, tenant_id: Uuid, viewer: Uuid, query: &DashboardQuery) -> Result<Vec<(Status, i64)>, AppError> {
    let mut sql;
    if query.mine || !query.search.trim().is_empty() {
        sql = QueryBuilder::new("select r.status, count(*) from requisitions r");
        push_filters(&mut sql, tenant_id, viewer, query);
        sql.push(" group by r.status");
    } else {
        // Without "mine" or a search, the kept counts answer: a few rows instead of every requisition.
        sql = QueryBuilder::new("select status, sum(n)::int8 from requisition_counts where n > 0 and tenant_id = ");
        sql.push_bind(tenant_id);
        if let Some(department) = &query.department {
            sql.push(" and department = ").push_bind(department.clone());
        }
        if let Some(location) = &query.location {
            sql.push(" and location_city = ").push_bind(location.clone());
        }
        if let Some(manager) = query.hiring_manager {
            sql.push(" and hiring_manager_id = ").push_bind(manager);
        }
        sql.push(" group by status");
    }
    let rows: Vec<(Status, i64)> = sql.build_query_as().fetch_all(&mut *conn).await?;
    Ok(Status::ALL
        .into_iter()
        .map(|status| (status, rows.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)))
        .collect())
}

/// One page of the dashboard's rows (every filter, sort and page); `limit` None: every row (the CSV).
pub async fn dashboard_rows(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    viewer: Uuid,
    viewer_is_admin: bool,
    query: &DashboardQuery,
    page: Option<(i64, i64)>,
) -> Result<Vec<DashboardRow>, AppError> {
    let mut sql = QueryBuilder::new(format!(
        "select r.id, r.title, r.department, r.location_city, r.location_country, r.workplace, r.status, r.published,
                {MANAGER_NAME}, (select count(*) from applications a where a.requisition_id = r.id) as applications,
                r.view_count, {DAYS_OPEN} as days_open, r.deadline, r.created_by, r.hiring_manager_id, r.recruiter_id
         from requisitions r"
    ));
    push_filters(&mut sql, tenant_id, viewer, query);
    match query.statuses.as_slice() {
        [] => {}
        // Equality, so that the newest-first index per status gives the order without sorting.
        [status] => {
            sql.push(" and r.status = ").push_bind(status.as_str());
        }
        several => {
            sql.push(" and r.status = any(").push_bind(several.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>()).push(")");
        }
    }
    let direction = if query.descending { "desc" } else { "asc" };
    // Empty values last; only where a column can be empty, so that the never-empty ones keep
    // PostgreSQL's default null order and match their indexes (newest first reads one page).
    let nulls = if query.sort.may_be_empty() { " nulls last" } else { "" };
    sql.push(format!(" order by {} {direction}{nulls}, r.id {direction}", sort_expression(query.sort)));
    if let Some((page, limit)) = page {
        sql.push(" limit ").push_bind(limit).push(" offset ").push_bind((page - 1) * limit);
    }
    type DashboardSqlRow = (Uuid, String, String, String, String, Workplace, Status, bool, Option<String>, i64, i64, Option<i64>, Option<NaiveDate>, Option<Uuid>, Option<Uuid>, Option<Uuid>);
    let rows: Vec<DashboardSqlRow> = sql.build_query_as().fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, department, city, country, workplace, status, published, manager, applications, views, days_open, deadline, created_by, hm, rec)| DashboardRow {
            id,
            title,
            department,
            location: location_text(&city, &country, workplace),
            status,
            published,
            hiring_manager: manager,
            applications,
            views,
            days_open,
            deadline,
            can_edit: viewer_is_admin || [created_by, hm, rec].contains(&Some(viewer)),
        })
        .collect())
}

/// The fields a duplicate starts from: the same job, as a new unpublished draft.
pub fn duplicate_input(mut input: RequisitionInput) -> RequisitionInput {
    input.title = format!("{} (copy)", input.title).chars().take(200).collect();
    input.published = false;
    input.deadline = None;
    input
}

/// Requisitions whose application deadline has passed while still open or on hold, across tenants.
pub async fn past_deadline(conn: &mut PgConnection) -> Result<Vec<(Uuid, Uuid)>, AppError> {
    Ok(sqlx::query_as(
        "select tenant_id, id from requisitions
         where status in ('open', 'on_hold') and deleted_at is null and deadline < (now() at time zone 'utc')::date
         order by deadline limit 500",
    )
    .fetch_all(conn)
    .await?)
}

/// Deletes for good what was soft-deleted longer ago than the restore window, across tenants.
pub async fn purge_deleted(conn: &mut PgConnection) -> Result<Vec<(Uuid, Uuid, String)>, AppError> {
    Ok(sqlx::query_as(
        "delete from requisitions where deleted_at < now() - make_interval(days => $1) returning tenant_id, id, title",
    )
    .bind(RESTORE_DAYS as i32)
    .fetch_all(conn)
    .await?)
}
