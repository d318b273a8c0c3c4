//! Outgoing mail: through SMTP when configured, otherwise into the development
//! outbox (a table superadmins can read).
//!
//! Either way a mail is first written to the outbox by the transaction of what it announces,
//! so it exists exactly when that does. With SMTP a queue job sends it and then removes it: no
//! request waits on (or fails with) the mail server, and no live link stays behind once it went.

use lettre::message::header::ContentType;
use lettre::message::{Attachment as MailPart, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgConnection;
use uuid::Uuid;

use super::AppError;

#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The plain text, which every mail has.
    pub body: String,
    /// An HTML alternative to it.
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// A file sent with a mail, such as a calendar invitation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

/// How the connection to the mail server is protected (`HIREVOO_SMTP_TLS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmtpTls {
    /// A plain connection upgraded with STARTTLS, which the server must offer (port 587 by default).
    #[default]
    StartTls,
    /// TLS from the first byte (port 465 by default).
    Tls,
    /// No encryption: only for a relay on the same machine or network (port 25 by default).
    None,
}

impl std::str::FromStr for SmtpTls {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(Self::StartTls),
            "tls" => Ok(Self::Tls),
            "none" => Ok(Self::None),
            other => Err(format!("{other:?}: expected starttls, tls or none")),
        }
    }
}

/// The queue job that sends one mail of the outbox over SMTP.
pub const SEND_JOB: &str = "mail.send";

#[derive(Clone)]
pub enum Mailer {
    Outbox,
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    /// The mode's usual port when not given.
    pub port: Option<u16>,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

impl Mailer {
    pub fn smtp(settings: &SmtpSettings) -> Result<Self, String> {
        let from = settings.from.parse::<Mailbox>().map_err(|e| format!("mail.from: {e}"))?;
        let host = &settings.host;
        let mut builder = match settings.tls {
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| format!("SMTP host {host}: {e}"))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| format!("SMTP host {host}: {e}"))?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        if let Some(port) = settings.port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self::Smtp { transport: builder.timeout(Some(std::time::Duration::from_secs(30))).build(), from })
    }

    /// Keeps `mail` in the outbox within `conn`'s transaction and, with SMTP, queues its sending.
    /// The log gets its recipient and subject only: bodies carry live links.
    pub async fn send(&self, conn: &mut PgConnection, mail: Mail) -> Result<(), AppError> {
        let id = Uuid::now_v7();
        sqlx::query("insert into outbox (id, to_address, subject, body, html_body, attachments) values ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(&mail.to)
            .bind(&mail.subject)
            .bind(&mail.body)
            .bind(&mail.html)
            .bind(serde_json::to_value(&mail.attachments).map_err(AppError::internal)?)
            .execute(&mut *conn)
            .await?;
        match self {
            Mailer::Outbox => tracing::info!(to = %mail.to, subject = %mail.subject, "mail kept in the development outbox"),
            Mailer::Smtp { .. } => {
                let job = super::queue::NewJob { max_attempts: 8, ..super::queue::NewJob::new(SEND_JOB, serde_json::json!({ "id": id })) };
                super::queue::enqueue(conn, job).await?;
                tracing::info!(to = %mail.to, subject = %mail.subject, "mail queued");
            }
        }
        Ok(())
    }

    /// Sends `mail` over SMTP now (into the outbox without SMTP), for work that keeps its own
    /// record of attempts, such as a notification's delivery.
    pub async fn send_now(&self, conn: &mut PgConnection, mail: Mail) -> Result<(), AppError> {
        match self {
            Mailer::Outbox => self.send(conn, mail).await,
            Mailer::Smtp { transport, from } => {
                let to = mail.to.parse::<Mailbox>().map_err(|_| AppError::invalid("email", "That email address cannot receive mail."))?;
                let builder = Message::builder().from(from.clone()).to(to).subject(mail.subject);
                let text = match mail.html {
                    Some(html) => MultiPart::alternative_plain_html(mail.body, html),
                    None => MultiPart::alternative().singlepart(SinglePart::plain(mail.body)),
                };
                let mut parts = MultiPart::mixed().multipart(text);
                for file in mail.attachments {
                    let content_type = ContentType::parse(&file.content_type).map_err(AppError::internal)?;
                    parts = parts.singlepart(MailPart::new(file.name).body(file.body, content_type));
                }
                let message = builder.multipart(parts).map_err(AppError::internal)?;
                transport.send(message).await.map_err(|error| {
                    tracing::error!(%error, "SMTP delivery failed");
                    AppError::Unavailable
                })?;
                Ok(())
            }
        }
    }

    /// The queue's `SEND_JOB`: sends the outbox's mail `id` and removes it. An error leaves it
    /// for the queue to try again.
    pub async fn send_queued(&self, pool: &sqlx::PgPool, payload: &serde_json::Value) -> Result<(), String> {
        let id = payload.get("id").and_then(|id| id.as_str()).and_then(|id| id.parse::<Uuid>().ok()).ok_or("unreadable payload")?;
        let mut tx = super::db::Db::begin(pool, &super::db::Scope::Platform).await.map_err(|e| e.to_string())?;
        let row: Option<(String, String, String, Option<String>, serde_json::Value)> =
            sqlx::query_as("select to_address, subject, body, html_body, attachments from outbox where id = $1 for update skip locked")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        // Already sent by an earlier attempt, or being sent by another worker.
        let Some((to, subject, body, html, attachments)) = row else { return Ok(()) };
        let attachments = serde_json::from_value(attachments).unwrap_or_default();
        sqlx::query("delete from outbox where id = $1").bind(id).execute(&mut *tx).await.map_err(|e| e.to_string())?;
        self.send_now(&mut tx, Mail { to, subject, body, html, attachments }).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    }
}
