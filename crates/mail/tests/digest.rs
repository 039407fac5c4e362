//! The digest from story to message: what it holds, how it reads, the
//! headers mail providers look for, and a run through a folder outbox on
//! both databases.

mod common;

use common::*;
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId};
use newsdesk_mail::compose::{DigestRelease, DigestSection, DigestStory};
use newsdesk_mail::templates::MAX_HTML_BYTES;
use newsdesk_mail::{Digest, DigestMail, EmailTemplates, Purpose, Reader, Transport};
use newsdesk_store::{Actor, OutboxCounts};
use newsdesk_testkit::TestDb;

newsdesk_testkit::on_both_databases!(
    a_digest_holds_the_newest_stories_of_each_section_in_its_window,
    a_digest_lists_the_days_news_releases_in_a_section_of_their_own,
    a_run_writes_one_message_per_reader_and_never_a_second,
);

async fn a_digest_holds_the_newest_stories_of_each_section_in_its_window(db: TestDb) {
    seed_stories(&db.store, 7).await;
    let kit = Kit::new();
    let digest = kit.edition().compose(&db.store).await.unwrap();
    assert_eq!(digest.day_name, "Monday 5 October 2026");
    let names: Vec<&str> = digest.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["World", "Business", "Sports"]);
    for section in &digest.sections {
        let headlines: Vec<&str> = section
            .stories
            .iter()
            .map(|s| s.headline.as_str())
            .collect();
        let upper = section.section.as_ref().unwrap().as_str().to_uppercase();
        let expected: Vec<String> = (2..7)
            .rev()
            .map(|n| format!("{upper} story {n}: rains reach the coast"))
            .collect();
        assert_eq!(headlines, expected, "the newest five, newest first");
        let story = &section.stories[0];
        assert!(
            story.link.starts_with("https://kenyastar.example/story/")
                && story.link.ends_with("-story-6-rains-reach-the-coast"),
            "{}",
            story.link
        );
        assert!(story.teaser.ends_with("..."), "cut: {}", story.teaser);
        assert_eq!(story.source, "Harbour Wire");
    }
    let business = [Section::parse("business").unwrap()];
    let chosen: Vec<&str> = digest
        .for_reader(&business)
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(chosen, ["Business"]);
    db.store.close().await;
}

async fn a_digest_lists_the_days_news_releases_in_a_section_of_their_own(db: TestDb) {
    use newsdesk_domain::{ReleaseCategory, ReleaseId};
    use newsdesk_store::{NewRelease, ReleaseText, Submitter};
    let kit = Kit::new();
    let edition = kit.edition();
    let (from, until) = edition.at.window(edition.day, &edition.masthead.timezone);
    let submit = |headline: &str, organisation: &str| NewRelease {
        text: ReleaseText {
            organisation: organisation.into(),
            category: ReleaseCategory::Business,
            headline: headline.into(),
            standfirst: "A new ferry joins the harbour's fleet.".into(),
            body: "The ferry carries two hundred passengers.".into(),
        },
        submitter: Submitter {
            contact_name: "Otieno".into(),
            email: Email::parse("press@ferries.example").unwrap(),
            phone: String::new(),
            client: "192.0.2.1".into(),
        },
        mastheads: vec![MastheadId::parse("kenya-star").unwrap()],
        pictures: Vec::new(),
        flags: Vec::new(),
        near_copy_of: None,
        fingerprint: String::new(),
    };
    let publish = |id: ReleaseId, at: jiff::Timestamp| {
        let store = db.store.clone();
        async move {
            store.confirm_release(id, at).await.unwrap();
            store
                .approve_release(id, at, &Actor::command_line(), at)
                .await
                .unwrap();
        }
    };
    let hour = jiff::SignedDuration::from_hours(1);
    let before = db
        .store
        .submit_release(&submit("Yesterday's ferry", "Harbour Ferries"), from - hour)
        .await
        .unwrap();
    publish(before, from - hour).await;
    let today = db
        .store
        .submit_release(
            &submit("A new ferry <b>sails</b>", "Harbour & Sons Ferries"),
            from + hour,
        )
        .await
        .unwrap();
    publish(today, from + hour).await;

    let digest = edition.compose(&db.store).await.unwrap();
    assert_eq!(
        digest.releases,
        vec![DigestRelease {
            headline: "A new ferry <b>sails</b>".into(),
            organisation: "Harbour & Sons Ferries".into(),
            teaser: "A new ferry joins the harbour's fleet.".into(),
            link: format!("https://kenyastar.example/releases/{today}"),
        }],
        "only the day's, until {until}"
    );
    let parts = Parts {
        digest,
        ..Parts::new(templates())
    };
    let rendered = parts.mail().render(parts.reader(7)).unwrap();
    assert!(
        rendered.text.contains(
            "== News releases ==\n\nA new ferry <b>sails</b>\nNews release from Harbour & Sons Ferries\n"
        ),
        "{}",
        rendered.text
    );
    assert!(rendered.html.contains(">News releases</h2>"));
    assert!(
        rendered
            .html
            .contains("News release &middot; Harbour &amp; Sons Ferries")
    );
    assert!(!rendered.html.contains("<b>sails"), "escaped");
    // A digest without releases has no such section.
    let plain = Parts::new(templates());
    let rendered = plain.mail().render(plain.reader(7)).unwrap();
    assert!(!rendered.text.contains("News releases"));
    db.store.close().await;
}

async fn a_run_writes_one_message_per_reader_and_never_a_second(db: TestDb) {
    let store = &db.store;
    seed_stories(store, 3).await;
    confirmed_readers(store, 3).await;
    let outbox = tempfile::tempdir().unwrap();
    let transport = Transport::from_url(&format!("file://{}", outbox.path().display())).unwrap();
    let kit = Kit::new();
    let (sender, edition) = (kit.sender(store, &transport), kit.edition());
    let now = || jiff::Timestamp::now();
    let first = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!((first.queued, first.sent), (3, 3), "{first:?}");
    assert_eq!(
        first.outbox,
        OutboxCounts {
            sent: 3,
            ..OutboxCounts::default()
        }
    );
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(outbox.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files().len(), 3, "{:?}", files());
    assert!(
        files()[0].starts_with("kenya-star-2026-10-05-"),
        "{:?}",
        files()
    );
    let star_id = MastheadId::parse("kenya-star").unwrap();
    assert!(store.digest_run_finished(&star_id, day()).await.unwrap());

    let again = sender.run(edition, "test:2:2", &now).await.unwrap();
    assert_eq!((again.queued, again.sent), (0, 0), "{again:?}");
    assert_eq!(files().len(), 3);

    // A reader who confirms later gets the day's digest on the next run,
    // with the masthead as an admin has since renamed and recoloured it.
    let look = newsdesk_domain::MastheadLook {
        name: Some("Kenya Star Weekender".into()),
        accent: Some("#1a5fb4".into()),
        ..Default::default()
    };
    store
        .set_masthead_look(
            &star_id,
            &look,
            &newsdesk_store::Actor::command_line(),
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let late = confirmed_reader(store, "late@mail.example", &["sports"]).await;
    let third = sender.run(edition, "test:3:3", &now).await.unwrap();
    assert_eq!((third.queued, third.sent), (1, 1), "{third:?}");
    let message = std::fs::read_to_string(
        outbox
            .path()
            .join(format!("kenya-star-2026-10-05-{late}.eml")),
    )
    .unwrap();
    assert!(message.contains("SPORTS story 2"), "sports chosen");
    assert!(
        message.contains("Kenya Star Weekender"),
        "the masthead's look now"
    );
    assert!(message.contains("#1a5fb4"), "its accent now");
    assert!(!message.contains("WORLD story"), "world not chosen");

    // A reader of a section with no story that day gets nothing.
    confirmed_reader(store, "arts@mail.example", &["culture"]).await;
    let fourth = sender.run(edition, "test:4:4", &now).await.unwrap();
    assert_eq!(
        (fourth.queued, fourth.sent, fourth.skipped),
        (1, 0, 1),
        "{fourth:?}"
    );
    assert_eq!(fourth.outbox.skipped, 1);
    assert_eq!(fourth.outbox.sent, 4);
    assert!(store.digest_run_finished(&star_id, day()).await.unwrap());
    assert_eq!(files().len(), 4);
    store.close().await;
}

/// A digest made by hand: two sections, one story with markup in its
/// headline.
fn sample_digest() -> Digest {
    let story = |headline: &str, n: u32| DigestStory {
        headline: headline.into(),
        teaser: "Farmers welcomed the first long rains of the season.".into(),
        link: format!("https://kenyastar.example/story/{n}/rains-reach-the-coast"),
        source: "Harbour Wire".into(),
    };
    Digest {
        day: day(),
        day_name: "Monday 5 October 2026".into(),
        site: "https://kenyastar.example".into(),
        sections: vec![
            DigestSection {
                section: Some(Section::parse("world").unwrap()),
                name: "World".into(),
                stories: vec![story("Rains <b>reach</b> the coast & the hills", 1)],
            },
            DigestSection {
                section: Some(Section::parse("business").unwrap()),
                name: "Business".into(),
                stories: vec![story("Port traffic doubles", 2)],
            },
        ],
        releases: Vec::new(),
    }
}

/// The header block of a message, with folded lines joined.
fn headers(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let head = text.split("\r\n\r\n").next().unwrap();
    head.replace("\r\n ", " ").replace("\r\n\t", " ")
}

fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers
        .split("\r\n")
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
}

/// What a hand-made digest's messages are built from.
struct Parts {
    star: newsdesk_domain::Masthead,
    digest: Digest,
    templates: EmailTemplates,
    signer: newsdesk_mail::Signer,
    from: lettre::message::Mailbox,
    email: Email,
}

impl Parts {
    fn new(templates: EmailTemplates) -> Self {
        Self {
            star: kenya_star(),
            digest: sample_digest(),
            templates,
            signer: signer(),
            from: settings().from,
            email: Email::parse("amina@mail.example").unwrap(),
        }
    }

    fn mail(&self) -> DigestMail<'_> {
        DigestMail {
            masthead: &self.star,
            digest: &self.digest,
            templates: &self.templates,
            signer: &self.signer,
            from: &self.from,
            dkim: None,
        }
    }

    /// Amina, reader `id`, of every section.
    fn reader(&self, id: i64) -> Reader<'_> {
        Reader {
            id: SubscriberId(id),
            email: &self.email,
            sections: &[],
        }
    }
}

#[test]
fn the_message_carries_the_list_headers_on_the_mastheads_domain() {
    let parts = Parts::new(templates());
    let (mail, signer) = (parts.mail(), &parts.signer);
    let letter = mail
        .letter(parts.reader(42), jiff::Timestamp::now())
        .unwrap();
    let head = headers(&letter.bytes);
    let token = signer.sign(Purpose::Unsubscribe, SubscriberId(42));
    assert_eq!(
        header(&head, "List-Unsubscribe"),
        Some(
            format!(
                "<https://kenyastar.example/email/unsubscribe/{token}>, \
                 <mailto:news@kenyastar.example?subject=unsubscribe%20{token}>"
            )
            .as_str()
        ),
        "{head}"
    );
    assert_eq!(
        header(&head, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(
        header(&head, "List-Id"),
        Some("Kenya Star daily email <digest.kenya-star.kenyastar.example>")
    );
    assert_eq!(
        header(&head, "Message-ID"),
        Some("<2026-10-05.42.kenya-star.digest@kenyastar.example>")
    );
    assert_eq!(
        letter.message_id,
        "<2026-10-05.42.kenya-star.digest@kenyastar.example>"
    );
    assert_eq!(
        header(&head, "Subject"),
        Some("Kenya Star: the news for Monday 5 October 2026")
    );
    assert_eq!(header(&head, "To"), Some("amina@mail.example"));
    assert!(
        header(&head, "From")
            .unwrap()
            .contains("<news@kenyastar.example>")
    );
    assert!(header(&head, "Date").is_some());
    assert!(
        header(&head, "Content-Type")
            .unwrap()
            .starts_with("multipart/alternative"),
        "{head}"
    );
    assert_eq!(letter.envelope.to().len(), 1);
    assert_eq!(letter.envelope.to()[0].to_string(), "amina@mail.example");
}

#[test]
fn both_bodies_read_well_and_the_html_is_plain_safe_and_small() {
    let parts = Parts::new(templates());
    let (mail, reader) = (parts.mail(), parts.reader(7));
    let rendered = mail.render(reader).unwrap();
    let unsubscribe = mail.unsubscribe_url(SubscriberId(7));

    let text = &rendered.text;
    assert!(text.starts_with("Kenya Star\nThe daily email for Monday 5 October 2026\n"));
    assert!(text.contains("== World ==\n\nRains <b>reach</b> the coast & the hills\n"));
    assert!(text.contains("https://kenyastar.example/story/1/rains-reach-the-coast\n"));
    assert!(text.contains(&format!("To stop it, open {unsubscribe}")));
    let preferences = mail.preferences_url(SubscriberId(7));
    assert!(preferences.starts_with("https://kenyastar.example/email/preferences/7."));
    assert!(text.contains(&format!("Choose your sections: {preferences}")));
    assert!(
        rendered.html.contains(&format!(
            "<a href=\"{preferences}\" style=\"color:#666666;\">Choose your sections</a>"
        )),
        "a visible preferences link beside the unsubscribe one"
    );
    assert!(
        !text.contains("\n\n\n\n"),
        "no runs of blank lines:\n{text}"
    );

    let html = &rendered.html;
    assert!(
        html.contains("Rains &lt;b&gt;reach&lt;&#x2f;b&gt; the coast &amp; the hills")
            || html.contains("Rains &lt;b&gt;reach&lt;/b&gt; the coast &amp; the hills"),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://kenyastar.example/story/1/rains-reach-the-coast\""),
        "links as they are, not rewritten"
    );
    assert!(html.contains(&format!("href=\"{unsubscribe}\"")));
    assert!(
        html.contains("border-top:4px solid #1a5f7a"),
        "the masthead's accent"
    );
    let images: Vec<&str> = html.split("<img").skip(1).collect();
    assert_eq!(images.len(), 1, "the logo only: no pixel, no source images");
    assert!(images[0].contains("src=\"https://kenyastar.example/media/kenya-star.png\""));
    assert!(images[0].contains("alt=\"Kenya Star\""));
    assert!(
        !html.contains("<style") && !html.contains("<script"),
        "inline CSS only"
    );
    assert!(html.contains("<table role=\"presentation\""));

    // A reader of one section sees it alone.
    let business = [Section::parse("business").unwrap()];
    let one = mail
        .render(Reader {
            sections: &business,
            ..reader
        })
        .unwrap();
    assert!(one.text.contains("Port traffic doubles") && !one.text.contains("Rains"));

    // Ten sections of five long stories stay far under the clip limit.
    let mut big = sample_digest();
    big.sections = (0..10)
        .map(|n| DigestSection {
            section: None,
            name: format!("Section {n}"),
            stories: (0..5)
                .map(|i| DigestStory {
                    headline: "A long headline about the long rains reaching the coast".repeat(2),
                    teaser: "x".repeat(130),
                    link: format!("https://kenyastar.example/story/{i}/a-long-slug-for-a-story"),
                    source: "Harbour Wire".into(),
                })
                .collect(),
        })
        .collect();
    let mail = DigestMail {
        digest: &big,
        ..mail
    };
    let html = mail.render(reader).unwrap().html;
    assert!(html.len() < MAX_HTML_BYTES / 2, "{} bytes", html.len());
}

#[test]
fn a_masthead_theme_replaces_only_the_templates_it_holds() {
    let themes = tempfile::tempdir().unwrap();
    let folder = themes.path().join("kenya-star/email/digest");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("subject"), "Star morning\n{{ day }}\n").unwrap();
    let templates = EmailTemplates::load(["kenya-star", "ocean-herald"], themes.path()).unwrap();
    let parts = Parts::new(templates);
    let rendered = parts.mail().render(parts.reader(1)).unwrap();
    assert_eq!(
        rendered.subject, "Star morning Monday 5 October 2026",
        "one line"
    );
    assert!(
        rendered.text.contains("== World =="),
        "body.txt stays embedded"
    );

    std::fs::write(folder.join("body.html"), "{% for %}").unwrap();
    let error = EmailTemplates::load(["kenya-star"], themes.path())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("kenya-star/email/digest/body.html"),
        "{error}"
    );
}
