//! What the mail tests share: a masthead, a day of stories, readers, and
//! a sender writing to a folder or to an SMTP server.

#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    CanonicalLink, Email, FeedUrl, Masthead, MastheadId, MastheadSettings, NewStory, Section,
    SourceId, SubscriberId, SubscriberStatus,
};
use newsdesk_mail::{DigestTime, Edition, EmailTemplates, MailSettings, Sender, Signer, Transport};
use newsdesk_store::Store;
use std::time::Duration;

/// Kenya Star, in Brisbane's zone (no daylight saving), three sections.
pub fn kenya_star() -> Masthead {
    Masthead::new(MastheadSettings {
        id: "kenya-star".into(),
        name: "Kenya Star".into(),
        host: "kenyastar.example".into(),
        timezone: "Australia/Brisbane".into(),
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

/// An instant in the day before the digest of [`day`]: `hours` after
/// 06:00 Brisbane on 4 October (20:00 UTC on the 3rd).
pub fn hours_into_window(hours: i64) -> Timestamp {
    Timestamp::from_second(1_791_057_600 + hours * 3600).unwrap()
}

/// Stores stories for Kenya Star: per section, `count` in the window and
/// one from the day before it (never in the digest).
pub async fn seed_stories(store: &Store, count: usize) -> SourceId {
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://wire.example/star.xml").unwrap(),
            name: "Harbour Wire".into(),
            section: None,
            mastheads: vec![MastheadId::parse("kenya-star").unwrap()],
        })
        .await
        .unwrap()
        .id;
    let mut stories = Vec::new();
    for section in ["world", "business", "sports"] {
        for n in 0..count {
            let at = hours_into_window(1 + n as i64);
            stories.push(story(source, section, n, at));
        }
        stories.push(story(source, section, 99, hours_into_window(-2)));
    }
    store.insert_stories(&stories).await.unwrap();
    source
}

fn story(source: SourceId, section: &str, n: usize, at: Timestamp) -> NewStory {
    let link = format!("http://wire.example/{section}/{n}");
    NewStory {
        source_id: source,
        guid: link.clone(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        link,
        title: format!(
            "{} story {n}: rains reach the coast",
            section.to_uppercase()
        ),
        standfirst: format!(
            "Story {n} of the {section} desk: farmers along the coast welcomed the first \
             long rains of the season on Sunday after weeks of dry and dusty weather."
        ),
        body: "One paragraph.".into(),
        author: None,
        published_at: at,
        categories: vec![],
        section: Section::parse(section).unwrap(),
    }
}

/// Adds `count` confirmed readers of Kenya Star, `reader-N@mail.example`.
pub async fn confirmed_readers(store: &Store, count: usize) -> Vec<SubscriberId> {
    let star = MastheadId::parse("kenya-star").unwrap();
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let email = Email::parse(&format!("reader-{n}@mail.example")).unwrap();
        let id = store
            .add_subscriber(&star, &email, &[], Timestamp::UNIX_EPOCH)
            .await
            .unwrap();
        store
            .set_subscriber_status(id, SubscriberStatus::Confirmed, Timestamp::UNIX_EPOCH)
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

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
