//! Outgoing mail: through SMTP when configured, otherwise into the development
//! outbox (a table superadmins can read) and the log.

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

#[derive(Clone)]
pub enum Mailer {
    Outbox,
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

impl Mailer {
    pub fn smtp(settings: &SmtpSettings) -> Result<Self, String> {
        let from = settings.from.parse::<Mailbox>().map_err(|e| format!("mail.from: {e}"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host).port(settings.port);
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self::Smtp { transport: builder.build(), from })
    }

    /// Sends `mail`; into the outbox, it is written by `conn`'s transaction and so
    /// exists exactly when what it announces does.
    pub async fn send(&self, conn: &mut PgConnection, mail: Mail) -> Result<(), AppError> {
        match self {
            Mailer::Outbox => {
                sqlx::query("insert into outbox (id, to_address, subject, body, html_body, attachments) values ($1, $2, $3, $4, $5, $6)")
                    .bind(Uuid::now_v7())
                    .bind(&mail.to)
                    .bind(&mail.subject)
                    .bind(&mail.body)
                    .bind(&mail.html)
                    .bind(serde_json::to_value(&mail.attachments).map_err(|_| AppError::Internal)?)
                    .execute(conn)
                    .await?;
                tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail kept in the development outbox");
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to = mail.to.parse::<Mailbox>().map_err(|_| AppError::invalid("email", "That email address cannot receive mail."))?;
                let builder = Message::builder().from(from.clone()).to(to).subject(mail.subject);
                let text = match mail.html {
                    Some(html) => MultiPart::alternative_plain_html(mail.body, html),
                    None => MultiPart::alternative().singlepart(SinglePart::plain(mail.body)),
                };
                let mut parts = MultiPart::mixed().multipart(text);
                for file in mail.attachments {
                    let content_type = ContentType::parse(&file.content_type).map_err(|_| AppError::Internal)?;
                    parts = parts.singlepart(MailPart::new(file.name).body(file.body, content_type));
                }
                let message = builder.multipart(parts).map_err(|_| AppError::Internal)?;
                transport.send(message).await.map_err(|error| {
                    tracing::error!(%error, "SMTP delivery failed");
                    AppError::Unavailable
                })?;
                Ok(())
            }
        }
    }
}
