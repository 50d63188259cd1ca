//! Errors in English words for a person at a terminal, from the facts the core gives
//! (its kind and typed parameters). The desktop UI says the same facts in its own
//! words and languages (`ui/src/errors.ts`); `--json` prints the facts themselves.

use chrono::{DateTime, Utc};
use kaunter::credentials::{CredentialKind, KeychainProblemKind};
use kaunter::journal::FailureReason;
use kaunter::{AuthFailure, Problem};
use kaunter::{Error, ErrorKind, ErrorPayload};

/// The error in one or two sentences, with what to do about it.
pub fn describe(error: &Error) -> String {
    let p = error.payload();
    match p.kind {
        // The core's own account of a file or journal failure (what it was doing, on
        // which path, and the OS's words) is as good as any here.
        ErrorKind::Storage | ErrorKind::Internal => error.to_string(),
        _ => describe_payload(&p),
    }
}

/// The facts in English; every kind and problem has its words.
pub fn describe_payload(p: &ErrorPayload) -> String {
    let detail = || p.detail.as_deref().filter(|d| !d.trim().is_empty());
    let with_detail = |text: String| match detail() {
        Some(d) => format!("{text}: {d}"),
        None => text,
    };
    let refid = p.refid.as_deref().unwrap_or("?");
    match p.kind {
        ErrorKind::Invalid => invalid(p.field.as_deref().unwrap_or("input"), p.problem.as_ref()),
        ErrorKind::Refused => {
            if p.refid.is_some() {
                format!(
                    "IIMMPACT's reply describes a different payment under refid {refid} (its {} \
                     differs): what was charged cannot be read from it, so a person must check \
                     this payment with IIMMPACT",
                    p.field.as_deref().unwrap_or("content")
                )
            } else {
                match p.code.as_deref() {
                    Some("read_only") => {
                        "IIMMPACT refused: this account has read-only access and cannot pay".into()
                    }
                    Some("api_key_required") if p.credentials == Some(CredentialKind::Login) => {
                        "this account requires an API key for payments: add one in Settings \
                         (`kaunter credentials set`); the ID token of the sign-in is not accepted \
                         for payments"
                            .into()
                    }
                    Some("api_key_required") => "IIMMPACT refused: this account only accepts \
                         API-key payments; set up an API key (`kaunter credentials set`)"
                        .into(),
                    _ => with_detail(match p.status {
                        Some(status) => format!("IIMMPACT refused the request (HTTP {status})"),
                        None => "IIMMPACT refused the request".into(),
                    }),
                }
            }
        }
        ErrorKind::Unclear => with_detail(
            "no clear answer from IIMMPACT; a payment stays journalled and is re-checked with \
             the same refid (`kaunter status REFID`, `kaunter resume`), never paid twice"
                .into(),
        ),
        ErrorKind::Auth => auth(p),
        ErrorKind::RateLimited => blocked(p.until, p.bare_forbidden.unwrap_or(false)),
        ErrorKind::Unavailable => with_detail(match p.status {
            Some(status) => format!(
                "IIMMPACT is not answering properly (HTTP {status}); nothing was charged, try again later"
            ),
            None => "IIMMPACT cannot be reached; nothing was charged, try again later".into(),
        }),
        ErrorKind::Keychain => {
            let (summary, remedy) = keychain(p.keychain.unwrap_or(KeychainProblemKind::Other));
            with_detail(format!("{summary}: {remedy}"))
        }
        ErrorKind::NoCredentials => {
            let env = p.environment.map_or("ENV", |e| e.as_str());
            format!(
                "no API key and secret for {env} in the keychain: enter them with \
                 `kaunter --env {env} credentials set` (or sign in the legacy way with \
                 `kaunter --env {env} credentials login --username NAME`)"
            )
        }
        ErrorKind::DemoUnavailable => {
            "this build of Kaunter has no Demo: choose --env staging or --env production".into()
        }
        ErrorKind::Storage => with_detail("Kaunter could not read or write its files".into()),
        ErrorKind::Duplicate => {
            let state = p.state.map_or("?", |s| s.as_str());
            format!(
                "this product, account and amount was already paid (refid {refid}, {state}): \
                 check that payment first, or confirm to pay again"
            )
        }
        ErrorKind::Cancelled => "cancelled".into(),
        ErrorKind::FileExists => format!(
            "{} already exists: choose another name, or pass --force to replace it",
            p.path.as_deref().unwrap_or("the file")
        ),
        ErrorKind::NotFound => format!("no payment with refid {refid} in the journal"),
        ErrorKind::SupervisorRequired => format!(
            "this needs the supervisor PIN: set {} or run it on a terminal",
            crate::SUPERVISOR_PIN_VAR
        ),
        ErrorKind::SupervisorLocked => format!(
            "too many wrong supervisor PINs: no PIN is accepted until {} (GMT+8)",
            p.until.map_or_else(|| "later".into(), |u| gmt8(u, "%H:%M:%S"))
        ),
        ErrorKind::Internal => with_detail("internal error".into()),
    }
}

fn gmt8(at: DateTime<Utc>, format: &str) -> String {
    at.with_timezone(&kaunter::time::gmt8())
        .format(format)
        .to_string()
}

fn blocked(until: Option<DateTime<Utc>>, bare_forbidden: bool) -> String {
    let until = until.map_or_else(
        || "the block ends".into(),
        |u| gmt8(u, "%H:%M on %-d %b %Y"),
    );
    let mut text = format!(
        "IIMMPACT has blocked this PC's internet address after too many requests (30,000 per 5 \
         minutes for the whole address, shared by the outlet's counters): nothing is sent until \
         {until} (GMT+8)"
    );
    if bare_forbidden {
        text.push_str(
            ". The refusal said only \"Forbidden\": it may also be the account's IP allowlist or \
             a key of the other environment; a supervisor can check once with `kaunter unblock --check`",
        );
    }
    text
}

fn auth(p: &ErrorPayload) -> String {
    match p.auth.unwrap_or(AuthFailure::Other) {
        AuthFailure::UnknownKey => "IIMMPACT does not know this API key (\"API key not found\"). This \
             usually means a staging key is used against production, or a production key against \
             staging: check the environment the key was made for"
            .into(),
        AuthFailure::BadSignature => "IIMMPACT refused the signature: the HMAC secret does not belong \
             to this API key. Enter the secret again exactly as the dashboard showed it \
             (`kaunter credentials set`)"
            .into(),
        AuthFailure::ClockSkew => match p.skew_secs {
            Some(skew) if skew != 0 => format!(
                "IIMMPACT refused the request time: this PC's clock is {} s off ({} the server). \
                 Set the clock to update automatically and try again",
                skew.unsigned_abs(),
                if skew > 0 { "behind" } else { "ahead of" }
            ),
            _ => "IIMMPACT refused the request time: check that this PC's clock and time zone are \
                  set automatically, then try again"
                .into(),
        },
        AuthFailure::NonceReused => "IIMMPACT refused a repeated request; try again".into(),
        AuthFailure::BadToken => {
            "IIMMPACT refused the ID token (invalid or expired): sign in again, or move to an API key"
                .into()
        }
        AuthFailure::WrongPassword => "IIMMPACT refused the user name or password of the sign-in: \
             check both and try again (`kaunter credentials login --username NAME`)"
            .into(),
        _ => format!(
            "IIMMPACT refused the credentials: {}",
            p.detail.as_deref().unwrap_or("no reason given")
        ),
    }
}

/// Why IIMMPACT failed a payment, in words a clerk can repeat to the customer.
pub fn failure(reason: FailureReason) -> &'static str {
    match reason {
        FailureReason::InvalidAccount => {
            "invalid account or mobile number, or the number is barred or terminated"
        }
        FailureReason::MerchantSuspended => "the merchant account is suspended or not authorised",
        FailureReason::InsufficientCredit => "not enough credit in the wallet",
        FailureReason::InvalidProduct => "wrong format or invalid product",
        FailureReason::OutOfStock => "the product is out of stock",
        FailureReason::ServiceUnavailable => "the service is unavailable, try again later",
        FailureReason::RejectedByProvider => "rejected by the provider",
        FailureReason::DuplicateOrDailyLimit => {
            "duplicate transaction, or the daily limit for this account was reached"
        }
        FailureReason::ProviderTimeout => "the provider timed out",
        FailureReason::Blacklisted => "the account is blacklisted",
        FailureReason::NumberJustActivated => "the customer's mobile number was just activated",
        FailureReason::InvalidDenomination => "invalid denomination",
    }
}

fn keychain(kind: KeychainProblemKind) -> (&'static str, &'static str) {
    match kind {
        KeychainProblemKind::NoSessionBus => (
            "no D-Bus session bus, so the keyring cannot be reached",
            "run Kaunter from a desktop session (or start one with `dbus-run-session`)",
        ),
        KeychainProblemKind::NoSecretsProvider => (
            "no keyring service (Secret Service) is running",
            "install gnome-keyring (apt install gnome-keyring) or KeePassXC with Secret Service on, then log in again",
        ),
        KeychainProblemKind::Locked => (
            "the keyring is locked",
            "unlock the login keyring (Passwords and Keys / Seahorse, or log out and in), then try again",
        ),
        KeychainProblemKind::Other => (
            "the keychain refused the request",
            "check the OS keychain, then try again (`kaunter supervisor reset` clears a damaged PIN)",
        ),
    }
}

/// `field: what is wrong`, or a sentence of its own where the field adds nothing.
fn invalid(field: &str, problem: Option<&Problem>) -> String {
    let Some(problem) = problem else {
        return format!("{field}: not valid");
    };
    let list = |items: &[String]| items.join(", ");
    let text = match problem {
        // A month names no day: the core refuses it as a date.
        Problem::NotADate if field == "month" => "not a month like 2026-11".into(),
        Problem::Usage { detail } => return detail.clone(),
        Problem::NeedsConfirmation => {
            return "not on a terminal, so nobody can confirm: pass --yes to go ahead without asking"
                .into()
        }
        Problem::WrongPin { tries_left } => {
            return format!(
                "wrong supervisor PIN: {tries_left} more wrong tries lock it for {} minutes",
                kaunter::supervisor::LOCK_FOR.as_secs() / 60
            )
        }
        Problem::NotForDemo => {
            return "Demo signs with the built-in simulator's key; credentials are for \
                    --env staging or --env production"
                .into()
        }
        Problem::AlreadyRunning => {
            return "an export is already running: wait for it or cancel it".into()
        }
        Problem::DatesReversed => return "the start date is after the end date".into(),
        Problem::Required => "required".into(),
        Problem::TooLong { max } => format!("at most {max} characters"),
        Problem::Length { min, max } => format!("{min} to {max} characters long"),
        Problem::TooManyLines { max } => format!("at most {max} lines"),
        Problem::DigitsOnly => "digits only".into(),
        Problem::LettersAndDigitsOnly => "letters and digits only, without dashes or spaces".into(),
        Problem::BadCharacters => "holds characters that are not allowed here".into(),
        Problem::ControlCharacters => "must not contain control characters".into(),
        Problem::NotAnAmount => "not an amount like 10 or 10.50".into(),
        Problem::NotPositive => "must be more than zero".into(),
        Problem::TooManyDecimals { max } => format!("at most {max} decimal places"),
        Problem::BelowMin { min } => format!("must be at least {min}"),
        Problem::AboveMax { max } => format!("must be at most {max}"),
        Problem::OutOfRange { min, max } => format!("must be {min} to {max}"),
        Problem::NotADenomination { allowed } => format!(
            "not offered for this product: choose one of RM {}",
            list(allowed)
        ),
        Problem::OneOf { allowed } => format!("use one of {}", list(allowed)),
        Problem::NotADate => "not a date like 2026-11-25".into(),
        Problem::TooFarFromToday => "too far from today to look up".into(),
        Problem::NotAUrl => "not an http(s) URL like https://example.com/path".into(),
        Problem::NotHttps => "must be https: Production is only reached over https".into(),
        Problem::HasCredentials => "must not hold a user name or password: Kaunter keeps no \
             secret in its settings (a proxy login goes in the system's proxy settings or HTTPS_PROXY)"
            .into(),
        Problem::NotAnEmail => "not an e-mail address".into(),
        Problem::NotBase64 => {
            "must be the Base64 text shown once in the IIMMPACT dashboard".into()
        }
        Problem::NotAnApiKey => {
            "must be the single word shown in the IIMMPACT dashboard (iimm_…)".into()
        }
        Problem::NotAProductCode => "not a product code like D or TNB".into(),
        Problem::NotAMobileNumber => "not a Malaysian mobile number like 0123456789".into(),
        Problem::NotAnIcNumber => {
            "not an IC number of 12 digits like 900101-14-5678, nor a passport number".into()
        }
        Problem::NotForThisProduct => "not taken by this product".into(),
        Problem::NotOffered => "not one of the choices offered (see `kaunter options`)".into(),
        Problem::NeedsOther { other } => format!("set without {other}: set both or neither"),
        Problem::AlreadyUsed => "already used for another payment".into(),
        Problem::NotOnSale => "not on sale at the moment".into(),
        Problem::TooLarge => "too large to add up: the server sent impossible amounts".into(),
        Problem::NotAFilePath => "not a file path".into(),
        Problem::Mismatch => "the two entries differ".into(),
        Problem::Unreadable { detail } => format!("cannot be read: {detail}"),
    };
    format!("{field}: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(kind: ErrorKind) -> ErrorPayload {
        ErrorPayload::new(kind)
    }

    #[test]
    fn no_keys_points_to_the_credentials_command() {
        let text = describe(&Error::NoCredentials {
            env: kaunter::Environment::Staging,
        });
        assert!(
            text.contains("kaunter --env staging credentials set"),
            "{text}"
        );
    }

    #[test]
    fn an_id_token_refused_for_payments_points_to_an_api_key() {
        let mut p = payload(ErrorKind::Refused);
        p.status = Some(403);
        p.code = Some("api_key_required".into());
        p.credentials = Some(CredentialKind::Login);
        let text = describe_payload(&p);
        assert!(
            text.starts_with("this account requires an API key for payments: add one in Settings"),
            "{text}"
        );
        let mut p = payload(ErrorKind::Auth);
        p.auth = Some(AuthFailure::WrongPassword);
        assert!(describe_payload(&p).contains("user name or password"));
    }

    #[test]
    fn the_clock_skew_says_how_far_and_which_way() {
        let mut p = payload(ErrorKind::Auth);
        p.auth = Some(AuthFailure::ClockSkew);
        p.skew_secs = Some(-3600);
        assert!(describe_payload(&p).contains("3600 s off (ahead of the server)"));
        p.skew_secs = Some(400);
        assert!(describe_payload(&p).contains("400 s off (behind the server)"));
    }

    #[test]
    fn a_block_says_until_when_and_the_other_causes_of_a_bare_forbidden() {
        let mut p = payload(ErrorKind::RateLimited);
        p.until = Some("2026-11-25T04:30:00Z".parse().unwrap());
        p.bare_forbidden = Some(false);
        let text = describe_payload(&p);
        assert!(text.contains("12:30 on 25 Nov 2026 (GMT+8)"), "{text}");
        assert!(!text.contains("allowlist"), "{text}");
        p.bare_forbidden = Some(true);
        assert!(describe_payload(&p).contains("allowlist"));
    }

    #[test]
    fn a_conflicting_reply_does_not_claim_nothing_was_charged() {
        let mut p = payload(ErrorKind::Refused);
        p.refid = Some("KTR-1".into());
        p.field = Some("amount".into());
        let text = describe_payload(&p);
        assert!(text.contains("KTR-1") && text.contains("person"), "{text}");
        assert!(!text.contains("nothing was charged"), "{text}");
    }

    #[test]
    fn every_kind_has_words() {
        use ErrorKind::*;
        for kind in [
            Invalid,
            Refused,
            Unclear,
            Auth,
            RateLimited,
            Unavailable,
            Keychain,
            NoCredentials,
            DemoUnavailable,
            Storage,
            Duplicate,
            Cancelled,
            FileExists,
            NotFound,
            SupervisorRequired,
            SupervisorLocked,
            Internal,
        ] {
            assert!(!describe_payload(&payload(kind)).is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn an_input_problem_names_its_field() {
        let text = describe(&Error::invalid(
            "amount",
            Problem::TooManyDecimals { max: 2 },
        ));
        assert_eq!(text, "amount: at most 2 decimal places");
        let text = describe(&Error::invalid(
            "amount",
            Problem::NotADenomination {
                allowed: vec!["5".into(), "10".into()],
            },
        ));
        assert!(text.contains("RM 5, 10"), "{text}");
    }
}
