//! Limits on how often one key (a network address, an account) may do something, shared by
//! every app server through the database. Keys are stored salted with the day's salt and
//! hashed, never as they were given.

use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use super::AppError;

/// Today's salt (UTC), created by whichever server asks first.
async fn todays_salt(conn: &mut PgConnection) -> Result<Vec<u8>, AppError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(AppError::internal)?;
    sqlx::query("insert into daily_salts (day, salt) values ((now() at time zone 'utc')::date, $1) on conflict (day) do nothing")
        .bind(&salt[..])
        .execute(&mut *conn)
        .await?;
    // A separate statement: it sees a salt another server committed meanwhile.
    Ok(sqlx::query_scalar("select salt from daily_salts where day = (now() at time zone 'utc')::date").fetch_one(conn).await?)
}

fn salted(salt: &[u8], parts: &[&str]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_vec()
}

/// Counts one hit for `key` (an address) in `bucket` unless it already has `max` in the last
/// hour; true when refused. The key is stored salted and hashed, and hits are serialized per
/// key, so that every app server counts the same hits.
pub async fn limited(conn: &mut PgConnection, bucket: &str, key: &str, max: i64) -> Result<bool, AppError> {
    let salt = todays_salt(&mut *conn).await?;
    let hash = salted(&salt, &[bucket, key]);
    sqlx::query("select pg_advisory_xact_lock(hashtextextended(encode($1, 'hex'), 0))").bind(&hash).execute(&mut *conn).await?;
    let recent: i64 = sqlx::query_scalar("select count(*) from rate_limit_hits where bucket = $1 and key_hash = $2 and at > now() - interval '1 hour'")
        .bind(bucket)
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await?;
    if recent >= max {
        return Ok(true);
    }
    sqlx::query("insert into rate_limit_hits (bucket, key_hash) values ($1, $2)").bind(bucket).bind(&hash).execute(conn).await?;
    Ok(false)
}


/// Counts one request against each of `limits` (bucket, key, most a minute) in the current
/// minute's window, in one statement every app server shares; the seconds until the window
/// ends when any is past its most. Keys are stored as keyed hashes.
pub async fn per_minute(conn: &mut PgConnection, secret: &super::secret_box::SecretBox, limits: &[(&str, &str, i32)]) -> Result<Option<u64>, AppError> {
    let hashes: Vec<Vec<u8>> = limits.iter().map(|(bucket, key, _)| secret.keyed_hash(&[bucket, key])).collect();
    let counted: Vec<(Vec<u8>, i32, f64)> = sqlx::query_as(
        "insert into rate_limit_windows as w (key_hash, window_start, hits)
         select h, date_trunc('minute', now()), 1 from unnest($1::bytea[]) as h
         on conflict (key_hash, window_start) do update set hits = w.hits + 1
         returning key_hash, hits, extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())::float8",
    )
    .bind(&hashes)
    .fetch_all(conn)
    .await?;
    let past = counted.iter().find(|(hash, hits, _)| hashes.iter().zip(limits).any(|(h, (_, _, most))| h == hash && hits > most));
    Ok(past.map(|(_, _, left)| left.ceil().max(1.0) as u64))
}
