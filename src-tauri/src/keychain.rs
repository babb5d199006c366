//! The SMTP password, kept in the operating system's keychain: the Secret Service on Linux
//! (GNOME Keyring, KWallet, KeePassXC), the Keychain on macOS, the Credential Manager on
//! Windows. It never goes into the book, and never back to the web UI: the UI only learns
//! whether one is saved.
//!
//! An entry is named by the service [`KEYCHAIN_SERVICE`] and the account `username@host`, so
//! each SMTP account has its own password whichever book uses it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_core::say;
use creditdesk_core::text::Word;
use keyring::{Entry, Error};

/// The service name of every CreditDesk entry in the keychain.
pub const KEYCHAIN_SERVICE: &str = "CreditDesk SMTP";

/// What was being done with the password when the keychain failed, as a sentence names it.
const SAVED: Word = Word::new("saved", "保存");
const READ: Word = Word::new("read", "读取");
const REMOVED: Word = Word::new("removed", "删除");

/// Where passwords go: the platform's keychain, or keyring's mock store (tests), which keeps
/// them only in memory. Entries are kept once made, so each account is one entry per run.
pub struct Keychain {
    mock: bool,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

impl Keychain {
    pub fn platform() -> Keychain {
        Keychain {
            mock: false,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// An in-memory keychain for tests.
    pub fn mock() -> Keychain {
        Keychain {
            mock: true,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The password entry of `username` at `host`.
    pub fn smtp_password(&self, host: &str, username: &str) -> AppResult<SmtpPassword> {
        let account = account(host, username);
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = match entries.get(&account) {
            Some(entry) => Arc::clone(entry),
            None => {
                let made = if self.mock {
                    keyring::mock::default_credential_builder()
                        .build(None, KEYCHAIN_SERVICE, &account)
                        .map(Entry::new_with_credential)
                } else {
                    Entry::new(KEYCHAIN_SERVICE, &account)
                };
                let entry = Arc::new(made.map_err(|err| keychain_error(SAVED, &account, &err))?);
                entries.insert(account.clone(), Arc::clone(&entry));
                entry
            }
        };
        Ok(SmtpPassword { entry, account })
    }
}

/// The keychain entry of one SMTP account.
pub struct SmtpPassword {
    entry: Arc<Entry>,
    account: String,
}

impl SmtpPassword {
    /// An entry made by the caller.
    pub fn with_entry(host: &str, username: &str, entry: Entry) -> SmtpPassword {
        SmtpPassword {
            entry: Arc::new(entry),
            account: account(host, username),
        }
    }

    pub fn save(&self, password: &str) -> AppResult<()> {
        self.entry
            .set_password(password)
            .map_err(|err| keychain_error(SAVED, &self.account, &err))?;
        tracing::info!(account = %self.account, "saved the SMTP password in the keychain");
        Ok(())
    }

    /// The saved password; `None` when there is none.
    pub fn read(&self) -> AppResult<Option<String>> {
        match self.entry.get_password() {
            Ok(password) => Ok(Some(password)),
            Err(Error::NoEntry) => Ok(None),
            Err(err) => Err(keychain_error(READ, &self.account, &err)),
        }
    }

    /// Whether a password is saved; a keychain that cannot be reached counts as "no".
    pub fn is_saved(&self) -> bool {
        match self.read() {
            Ok(saved) => saved.is_some(),
            Err(err) => {
                tracing::warn!(%err, "the keychain could not be asked for the SMTP password");
                false
            }
        }
    }

    /// Removes the saved password; nothing to remove is not an error.
    pub fn forget(&self) -> AppResult<()> {
        match self.entry.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(err) => Err(keychain_error(REMOVED, &self.account, &err)),
        }
    }
}

fn account(host: &str, username: &str) -> String {
    format!("{}@{}", username.trim(), host.trim())
}

/// A sentence that says why the keychain failed and what to do; never contains the password.
fn keychain_error(done: Word, account: &str, err: &Error) -> AppError {
    let message = match err {
        Error::NoStorageAccess(_) | Error::PlatformFailure(_) => say!(
            en: "The SMTP password for {account} could not be {done}: no keychain is reachable \
                 ({err}). On Linux, start and unlock a Secret Service such as GNOME Keyring or \
                 KeePassXC, then try again; the password is not stored anywhere else.",
            zh: "无法{done} {account} 的 SMTP 密码：找不到可用的系统钥匙串（{err}）。在 Linux 上，\
                 请启动并解锁 GNOME Keyring 或 KeePassXC 等 Secret Service 后重试；密码不会保存\
                 在其他任何地方。",
        ),
        _ => say!(
            en: "The SMTP password for {account} could not be {done}: the keychain refused it \
                 ({err}). Check the host and user name of the SMTP account, then try again.",
            zh: "无法{done} {account} 的 SMTP 密码：系统钥匙串拒绝了该操作（{err}）。请检查 SMTP \
                 账户的主机名和用户名后重试。",
        ),
    };
    AppError::new(ErrorCode::Keychain, message)
}

#[cfg(test)]
mod tests {
    use keyring::mock::MockCredential;

    use super::*;

    fn mock_entry() -> Entry {
        let credential = keyring::mock::default_credential_builder()
            .build(None, KEYCHAIN_SERVICE, "billing@smtp.example.test")
            .unwrap();
        Entry::new_with_credential(credential)
    }

    #[test]
    fn a_saved_password_is_read_back_and_can_be_forgotten() {
        let password = SmtpPassword::with_entry("smtp.example.test", "billing", mock_entry());
        assert!(!password.is_saved());

        password.save("s3cret").unwrap();

        assert!(password.is_saved());
        assert_eq!(password.read().unwrap().as_deref(), Some("s3cret"));
        password.forget().unwrap();
        assert_eq!(password.read().unwrap(), None);
        password.forget().expect("forgetting twice is not an error");
    }

    #[test]
    fn the_mock_keychain_keeps_a_password_per_account_for_the_run() {
        let keychain = Keychain::mock();
        keychain
            .smtp_password("smtp.example.test", "billing")
            .unwrap()
            .save("s3cret")
            .unwrap();

        let again = keychain
            .smtp_password(" smtp.example.test ", "billing")
            .unwrap();
        let other = keychain
            .smtp_password("smtp.example.test", "dunning")
            .unwrap();

        assert_eq!(again.read().unwrap().as_deref(), Some("s3cret"));
        assert_eq!(other.read().unwrap(), None);
    }

    #[test]
    fn without_a_reachable_keychain_saving_says_what_to_do() {
        let entry = mock_entry();
        let mock: &MockCredential = entry.get_credential().downcast_ref().unwrap();
        mock.set_error(Error::NoStorageAccess(
            "no Secret Service on the session bus".into(),
        ));
        let password = SmtpPassword::with_entry("smtp.example.test", "billing", entry);

        let err = password.save("s3cret").unwrap_err();

        assert_eq!(err.code, ErrorCode::Keychain);
        assert_eq!(
            err.message,
            "The SMTP password for billing@smtp.example.test could not be saved: no keychain is \
             reachable (Couldn't access platform secure storage: no Secret Service on the \
             session bus). On Linux, start and unlock a Secret Service such as GNOME Keyring or \
             KeePassXC, then try again; the password is not stored anywhere else."
        );
        assert!(!err.message.contains("s3cret"));
    }

    #[test]
    fn a_keychain_failure_is_told_in_the_language_of_the_command() {
        let entry = mock_entry();
        let mock: &MockCredential = entry.get_credential().downcast_ref().unwrap();
        mock.set_error(Error::NoStorageAccess(
            "no Secret Service on the session bus".into(),
        ));
        let password = SmtpPassword::with_entry("smtp.example.test", "billing", entry);

        let err = creditdesk_core::text::Language::SimplifiedChinese
            .during(|| password.read())
            .unwrap_err();

        assert_eq!(
            err.message,
            "无法读取 billing@smtp.example.test 的 SMTP 密码：找不到可用的系统钥匙串（Couldn't \
             access platform secure storage: no Secret Service on the session bus）。在 Linux \
             上，请启动并解锁 GNOME Keyring 或 KeePassXC 等 Secret Service 后重试；密码不会保存在\
             其他任何地方。"
        );
    }
}
