//! The mail port. Development writes mail to the log; production plugs an SMTP transport in.

use async_trait::async_trait;
use kernel::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: Mail) -> Result<(), AppError>;
}

/// Writes each mail to the log (the default outside production).
#[derive(Debug, Default)]
pub struct LogMailer;

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, mail: Mail) -> Result<(), AppError> {
        tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail (log transport)");
        Ok(())
    }
}
