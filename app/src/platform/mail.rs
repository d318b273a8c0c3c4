//! Outgoing mail: through SMTP when configured, otherwise into the development
//! outbox (a table superadmins can read) and the log.

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgConnection;
use uuid::Uuid;

use super::AppError;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The plain text, which every mail has.
    pub body: String,
    /// An HTML alternative to it.
    pub html: Option<String>,
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
                sqlx::query("insert into outbox (id, to_address, subject, body, html_body) values ($1, $2, $3, $4, $5)")
                    .bind(Uuid::now_v7())
                    .bind(&mail.to)
                    .bind(&mail.subject)
                    .bind(&mail.body)
                    .bind(&mail.html)
                    .execute(conn)
                    .await?;
                tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail kept in the development outbox");
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to = mail.to.parse::<Mailbox>().map_err(|_| AppError::invalid("email", "That email address cannot receive mail."))?;
                let builder = Message::builder().from(from.clone()).to(to).subject(mail.subject);
                let message = match mail.html {
                    Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.body, html)),
                    None => builder.body(mail.body),
                }
                .map_err(|_| AppError::Internal)?;
                transport.send(message).await.map_err(|error| {
                    tracing::error!(%error, "SMTP delivery failed");
                    AppError::Unavailable
                })?;
                Ok(())
            }
        }
    }
}
