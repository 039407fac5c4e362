//! What the mail tests share: a masthead, a day of stories, readers, and
//! a sender writing to a folder or to an SMTP server.

#![allow(dead_code)]

use jiff::civil::{Date, date};
use newsdesk_domain::{Masthead, MastheadSettings};
use newsdesk_mail::{
    DigestTime, Edition, EmailTemplates, MailSettings, RunReport, Sender, Signer, Transport,
};
use newsdesk_store::Store;
use newsdesk_testkit::SmtpSink;
use std::time::Duration;

/// Kenya Star, in Brisbane's zone (no daylight saving), three sections.
pub fn kenya_star() -> Masthead {
    kenya_star_in("Australia/Brisbane")
}

/// Kenya Star on the clock of `zone`.
pub fn kenya_star_in(zone: &str) -> Masthead {
    Masthead::new(MastheadSettings {
        id: "kenya-star".into(),
        name: "Kenya Star".into(),
        host: "kenyastar.example".into(),
        timezone: zone.into(),
        accent: "#1a5f7a".into(),
        logo: "/media/kenya-star.png".into(),
        base_url: "https://kenyastar.example".into(),
        sections: vec!["world".into(), "business".into(), "sports".into()],
        ..MastheadSettings::default()
    })
    .unwrap()
}

/// The digest's day in the tests.
pub fn day() -> Date {
    date(2026, 10, 5)
}

/// 06:00, the default.
pub fn six() -> DigestTime {
    DigestTime::parse("06:00").unwrap()
}

#[allow(unused_imports)]
pub use newsdesk_testkit::newsroom::{confirmed_reader, confirmed_readers, seed_stories};

/// Settings for tests: no rate limit, retries after a second.
pub fn settings() -> MailSettings {
    let mut settings =
        MailSettings::new(MailSettings::parse_from("Kenya Star <news@kenyastar.example>").unwrap());
    settings.rate_per_second = 0;
    settings.retry_base = Duration::from_secs(1);
    settings
}

pub fn signer() -> Signer {
    Signer::new(b"the secret the tests sign with").unwrap()
}

pub fn templates() -> EmailTemplates {
    EmailTemplates::embedded()
}

/// What a run needs besides the store and the transport, made once.
pub struct Kit {
    pub star: Masthead,
    pub templates: EmailTemplates,
    pub signer: Signer,
    pub settings: MailSettings,
}

impl Kit {
    pub fn new() -> Self {
        Self {
            star: kenya_star(),
            templates: templates(),
            signer: signer(),
            settings: settings(),
        }
    }

    /// A sender to `transport`.
    pub fn sender<'a>(&'a self, store: &'a Store, transport: &'a Transport) -> Sender<'a> {
        Sender {
            store,
            transport,
            templates: &self.templates,
            signer: &self.signer,
            settings: &self.settings,
        }
    }

    /// Runs Kenya Star's digest of [`day`] to `transport` on the real
    /// clock, as one process.
    pub async fn run_now(&self, store: &Store, transport: &Transport) -> RunReport {
        self.sender(store, transport)
            .run(self.edition(), "test:1:1", &jiff::Timestamp::now)
            .await
            .unwrap()
    }

    /// Kenya Star's digest of [`day`], at 06:00.
    pub fn edition(&self) -> Edition<'_> {
        Edition {
            masthead: &self.star,
            site: "https://kenyastar.example",
            at: six(),
            day: day(),
        }
    }
}

/// Whom the messages `sink` accepted were for, sorted.
pub fn recipients(sink: &SmtpSink) -> Vec<String> {
    let mut recipients: Vec<String> = sink
        .received()
        .iter()
        .map(|r| r["rcpt_tos"][0].as_str().unwrap().to_owned())
        .collect();
    recipients.sort();
    recipients
}
