//! The settings screens' part of the shell: the mail account's password between the
//! operating system's keychain and the use cases, and the letterhead logo chosen in a dialog.
//! The password is read from the keychain only to send a message; the UI learns no more than
//! whether one is saved.

use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{SmtpSettings, TestMailReport, TestMailRequest};
use creditdesk_core::say;

use crate::api::SaveSmtpRequest;
use crate::choosing::Purpose;
use crate::keychain::SmtpPassword;
use crate::session::Session;

impl Session {
    /// The mail account of the open book, with whether its password is in the keychain.
    pub fn smtp_settings(&self) -> AppResult<SmtpSettings> {
        let mut settings = self.with_book(|book| book.smtp_settings())?;
        settings.password_saved = match self.password_of(&settings)? {
            Some(password) => password.is_saved(),
            None => false,
        };
        Ok(settings)
    }

    /// Saves the password (when one is given) in the keychain, then the account in the book.
    /// When the keychain refuses the password, nothing is saved.
    pub fn save_smtp_settings(&self, request: SaveSmtpRequest) -> AppResult<SmtpSettings> {
        let SaveSmtpRequest { settings, password } = request;
        // The account is checked before its password goes anywhere.
        settings.account()?;
        if let Some(password) = password {
            let entry = self.password_of(&settings)?.ok_or_else(|| {
                AppError::invalid(say!(
                    en: "A password was given for a mail account without a user name; give the \
                         user name your mail provider gave you, or leave the password empty.",
                    zh: "为没有用户名的邮件账户提供了密码；请填写邮件服务商提供的用户名，或将密码\
                         留空。",
                ))
            })?;
            if password.is_empty() {
                entry.forget()?;
            } else {
                entry.save(&password)?;
            }
        }
        let saved = self.with_book(move |book| book.save_smtp_settings(&settings))?;
        let password_saved = match self.password_of(&saved)? {
            Some(password) => password.is_saved(),
            None => false,
        };
        Ok(SmtpSettings {
            password_saved,
            ..saved
        })
    }

    /// Sends a test message through the saved account, with its password from the keychain.
    /// The account is read on the book's thread and the message sent on the command's own, so
    /// that other screens keep working while a slow mail server answers.
    pub fn send_test_mail(&self, request: TestMailRequest) -> AppResult<TestMailReport> {
        let asked = request.clone();
        let (settings, language) = self.with_book(move |book| book.test_mail_setup(&asked))?;
        let password = match self.password_of(&settings)? {
            Some(entry) => entry.read()?,
            None => None,
        };
        creditdesk_app::send_test_mail(&settings, password.as_deref(), &request.to, language)
    }

    /// Asks for a letterhead logo; answers it as a data URL for the company details, or `None`
    /// when the user cancelled.
    pub fn pick_logo(&self) -> AppResult<Option<String>> {
        match self.choose(Purpose::Logo) {
            Some(path) => creditdesk_app::logo_from_file(&path).map(Some),
            None => Ok(None),
        }
    }

    /// The keychain entry of the account's password; `None` for an account without a login.
    pub(crate) fn password_of(&self, settings: &SmtpSettings) -> AppResult<Option<SmtpPassword>> {
        let username = settings
            .username
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        if username.is_empty() || settings.host.trim().is_empty() {
            return Ok(None);
        }
        self.keychain()
            .smtp_password(&settings.host, username)
            .map(Some)
    }
}
