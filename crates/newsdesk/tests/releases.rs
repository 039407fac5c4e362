//! News releases over HTTP, on both databases, with a real SMTP server
//! receiving the sender's emails: the whole path from the form (with a
//! picture) to the confirmation email, the queue, approval and the
//! masthead's releases page, feed and JSON-LD; a rejection's reason
//! emailed and shown; and every kind of bad input refused with a page
//! that says what to do, never a 500, with earlier releases untouched.

mod common;

use image::{ImageEncoder, Rgb, RgbImage};
use jiff::{SignedDuration, Timestamp};
use newsdesk::web_server::WebServer;
use newsdesk_domain::{ReleaseId, ReleaseStatus};
use newsdesk_mail::{Confirmations, Purpose, Signer};
use newsdesk_store::{Actor, QueueFilter, Store};
use newsdesk_testkit::{SmtpSink, TestDb};
use newsdesk_web::Circulation;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

newsdesk_testkit::on_both_databases!(
    a_release_goes_from_the_form_to_the_masthead_its_feed_and_json_ld,
    a_rejected_release_emails_its_reason_and_shows_it,
    hostile_text_never_acts_anywhere,
    hostile_pictures_are_refused_and_nothing_is_lost,
    an_over_long_value_in_every_field_is_refused,
    bots_fast_senders_and_floods_are_held_back,
    forms_from_other_sites_are_refused,
);

const SECRET: &[u8] = b"the test network's signing secret";
const VALID_FOR: SignedDuration = SignedDuration::from_hours(48);
const BOUNDARY: &str = "----release-form-boundary-7c1f";

fn signer() -> Signer {
    Signer::new(SECRET).unwrap()
}

struct Site {
    base: String,
    store: Store,
    sender: Confirmations,
}

fn sender(store: &Store, sink: &SmtpSink) -> Confirmations {
    common::confirmations(store, sink.port, signer(), VALID_FOR)
}

/// The site on port 0 sending its emails to `sink` in the background.
async fn site(db: &TestDb, sink: &SmtpSink) -> Site {
    let circulation = Circulation {
        signer: signer(),
        wake: Arc::new(Notify::new()),
        confirm_valid_for: VALID_FOR,
        confirm_every: SignedDuration::from_mins(10),
        per_client_per_hour: 20,
        release_limits: newsdesk_web::ReleaseLimits::default(),
    };
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        db.store.clone(),
        common::mastheads(),
        newsdesk_web::WebSettings::default(),
    )
    .await
    .unwrap()
    .with_daily_email(circulation, sender(&db.store, sink));
    Site {
        base: format!("http://{}/m/kenya-star", server.spawn()),
        store: db.store.clone(),
        sender: sender(&db.store, sink),
    }
}

/// A form start time a minute ago: as if a person took a minute to fill
/// the form in (the test signs it, instead of waiting).
fn started_a_minute_ago() -> String {
    signer().sign_at(
        Purpose::ReleaseForm,
        ReleaseId(0),
        Timestamp::now() - SignedDuration::from_mins(1),
    )
}

/// A form's fields, as a browser sends them.
#[derive(Clone)]
struct Form {
    fields: Vec<(String, String)>,
    picture: Option<(String, Vec<u8>)>,
}

impl Form {
    fn new(headline: &str, email: &str) -> Self {
        let fields = [
            ("started", started_a_minute_ago()),
            ("website", String::new()),
            ("organisation", "Lakeside Community Choir".into()),
            ("contact_name", "Wanjiru Kamau".into()),
            ("email", email.into()),
            ("phone", "+254 700 000 000".into()),
            ("category", "community".into()),
            ("headline", headline.into()),
            (
                "standfirst",
                "A free evening of songs from the coast and the highlands.".into(),
            ),
            (
                "body",
                "The choir sings at the **town hall** on Saturday.\n\nSeats are free; \
                 [the programme](https://choir.example/programme) is online."
                    .into(),
            ),
            ("masthead", "kenya-star".into()),
            ("consent", "yes".into()),
        ];
        Self {
            fields: fields.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
            picture: None,
        }
    }

    fn set(mut self, name: &str, value: &str) -> Self {
        for field in &mut self.fields {
            if field.0 == name {
                field.1 = value.to_owned();
            }
        }
        self
    }

    fn picture(mut self, file: &str, bytes: Vec<u8>) -> Self {
        self.picture = Some((file.to_owned(), bytes));
        self
    }

    fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in &self.fields {
            out.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((file, bytes)) = &self.picture {
            out.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"{file}\"\r\nContent-Type: image/png\r\n\r\n"
                )
                .as_bytes(),
            );
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        out
    }
}

async fn submit_from(site: &Site, form: &Form, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = common::client()
        .post(format!("{}/releases/submit", site.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(form.body());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn submit(site: &Site, form: &Form) -> (u16, String) {
    submit_from(site, form, &[("sec-fetch-site", "same-origin")]).await
}

async fn get(url: &str) -> (u16, String) {
    let response = common::client().get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post_button(url: &str) -> (u16, String) {
    let response = common::client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("action=confirm")
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Waits (up to ten seconds) for the sink to hold `n` messages.
async fn received(sink: &SmtpSink, n: usize) -> Vec<serde_json::Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let messages = sink.received();
        if messages.len() >= n || tokio::time::Instant::now() > deadline {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn text_part(message: &serde_json::Value) -> String {
    message["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["content_type"] == "text/plain")
        .and_then(|p| p["text"].as_str())
        .unwrap_or_else(|| panic!("no text part in {message}"))
        .to_owned()
}

/// The path of the link in `text` under `/releases/KIND/`.
fn link_in(text: &str, kind: &str) -> String {
    let marker = format!("/releases/{kind}/");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("no {kind} link in {text}"));
    let token: String = text[start + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    format!("/releases/{kind}/{token}")
}

/// A real PNG photograph-sized picture.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            picture.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    bytes
}

/// Every release in the store, any state.
async fn all_releases(store: &Store) -> Vec<newsdesk_store::Release> {
    let mut found = Vec::new();
    for id in 1..200 {
        if let Ok(release) = store.news_release(ReleaseId(id), Timestamp::now()).await {
            found.push(release);
        }
    }
    found
}

/// No tag in `html` can act: no script, frame or SVG element, no event
/// handler attribute, no `javascript:` address. Attribute values are read
/// with their quotes, so text that merely mentions a handler is fine.
fn inert(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default().to_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        // The page's own JSON-LD (its text escapes every `<`).
        if tag.starts_with("script type=\"application/ld+json\"") || tag == "/script" {
            continue;
        }
        assert!(
            !["script", "svg", "iframe", "object", "embed"].contains(&name.as_str()),
            "<{tag}>"
        );
        let mut attributes = Vec::new();
        let (mut current, mut value, mut quote, mut in_value) =
            (String::new(), String::new(), None, false);
        for c in tag[name.len()..].chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), c) => value.push(c),
                (None, '"' | '\'') if in_value => quote = Some(c),
                (None, '=') => in_value = true,
                (None, c) if c.is_whitespace() => {
                    if !current.is_empty() {
                        attributes.push((std::mem::take(&mut current), std::mem::take(&mut value)));
                    }
                    in_value = false;
                }
                (None, c) if in_value => value.push(c),
                (None, c) => current.push(c),
            }
        }
        if !current.is_empty() {
            attributes.push((current, value));
        }
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "{attribute} in <{tag}>");
            assert!(
                !value.trim().starts_with("javascript:"),
                "{attribute}={value} in <{tag}>"
            );
        }
    }
}

async fn a_release_goes_from_the_form_to_the_masthead_its_feed_and_json_ld(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;

    // The form is linked from every page.
    let (_, front) = get(&format!("{}/", site.base)).await;
    assert!(front.contains("href=\"/m/kenya-star/releases/submit\""));
    let (status, form) = get(&format!("{}/releases/submit", site.base)).await;
    assert_eq!(status, 200);
    assert!(form.contains("Publish news of your business, community or sports group"));
    assert!(form.contains("enctype=\"multipart/form-data\""));

    let headline = "Lakeside choir sings at the town hall";
    let (status, _) = submit(
        &site,
        &Form::new(headline, "Choir@Lakeside.Example").picture("choir.png", png(900, 600)),
    )
    .await;
    assert_eq!(status, 303);

    let messages = received(&sink, 1).await;
    assert_eq!(messages.len(), 1, "one confirmation email");
    assert_eq!(messages[0]["rcpt_tos"][0], "Choir@lakeside.example");
    let text = text_part(&messages[0]);
    assert!(text.contains(headline), "{text}");
    let confirm = link_in(&text, "confirm");
    let status_link = link_in(&text, "status");

    let filter = QueueFilter::default();
    let queue = || site.store.release_queue(&filter, 50, Timestamp::now());
    assert!(
        queue().await.unwrap().is_empty(),
        "not queued before confirmed"
    );
    let (status, page) = get(&format!("{}{confirm}", site.base)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm and send to the editors"));
    assert!(queue().await.unwrap().is_empty(), "a GET changes nothing");
    let (status, page) = post_button(&format!("{}{confirm}", site.base)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Your release is with the editors"));

    let queued = queue().await.unwrap();
    assert_eq!(queued.len(), 1);
    let release = &queued[0];
    assert_eq!(release.status, ReleaseStatus::Pending);
    assert!(release.flags.is_empty(), "{:?}", release.flags);
    assert_eq!(
        release.pictures.iter().map(|p| p.width).collect::<Vec<_>>(),
        vec![320, 640]
    );
    let (_, status_page) = get(&format!("{}{status_link}", site.base)).await;
    assert!(status_page.contains("Status: pending"), "{status_page}");

    let now = Timestamp::now();
    site.store
        .approve_release(release.id, now, &Actor::command_line(), now)
        .await
        .unwrap();

    let (status, list) = get(&format!("{}/releases", site.base)).await;
    assert_eq!(status, 200);
    assert!(list.contains(headline));
    assert!(
        list.contains("News release · Lakeside Community Choir"),
        "{list}"
    );
    let (status, page) = get(&format!("{}/releases/{}", site.base, release.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("News release · from Lakeside Community Choir"));
    assert!(page.contains("<strong>town hall</strong>"));
    assert!(page.contains(r#"rel="nofollow ugc noopener""#));
    let json_ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    let json_ld: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(json_ld["@type"], "Article");
    assert_eq!(json_ld["genre"], "press release");
    assert_eq!(json_ld["author"]["name"], "Lakeside Community Choir");
    inert(&page);

    let picture = common::client()
        .get(format!("{}/releases/{}/picture/320", site.base, release.id))
        .send()
        .await
        .unwrap();
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    let bytes = picture.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0xff, 0xd8]);

    let (status, feed) = get(&format!("{}/releases/feed.xml", site.base)).await;
    assert_eq!(status, 200);
    assert!(feed.contains("<category>News release</category>"), "{feed}");
    assert!(feed.contains(headline));
    let (_, atom) = get(&format!("{}/releases/atom.xml", site.base)).await;
    assert!(atom.contains("News release"));

    // Out of the news: not on the front page, a section, or the news feed.
    for path in ["/", "/section/world", "/feed.xml"] {
        let (_, html) = get(&format!("{}{path}", site.base)).await;
        assert!(!html.contains(headline), "{path}");
    }
    // Not on another masthead it was not sent to.
    let other = site.base.replace("kenya-star", "ocean-herald");
    let (status, _) = get(&format!("{other}/releases/{}", release.id)).await;
    assert_eq!(status, 404);

    let (_, status_page) = get(&format!("{}{status_link}", site.base)).await;
    assert!(status_page.contains("Status: published"), "{status_page}");
}

async fn a_rejected_release_emails_its_reason_and_shows_it(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let (status, _) = submit(
        &site,
        &Form::new("A sale of rowing boats", "boats@example.org"),
    )
    .await;
    assert_eq!(status, 303);
    received(&sink, 1).await;
    let release = &all_releases(&site.store).await[0];
    let now = Timestamp::now();
    site.store.confirm_release(release.id, now).await.unwrap();
    site.store
        .reject_release(
            release.id,
            "This reads as an advertisement; tell us what is new instead.",
            &Actor::command_line(),
            now,
        )
        .await
        .unwrap();
    site.sender
        .send_release_notices(Timestamp::now())
        .await
        .unwrap();
    let messages = received(&sink, 2).await;
    assert_eq!(messages.len(), 2);
    let text = text_part(&messages[1]);
    assert!(
        text.contains("This reads as an advertisement; tell us what is new instead."),
        "{text}"
    );
    let status_link = link_in(&text, "status");
    let (status, page) = get(&format!("{}{status_link}", site.base)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Status: not published"));
    assert!(page.contains("This reads as an advertisement; tell us what is new instead."));
    // A forged status link shows nothing.
    let (status, page) = get(&format!("{}/releases/status/1.AAAA", site.base)).await;
    assert_eq!(status, 400);
    assert!(!page.contains("advertisement"));
}

async fn hostile_text_never_acts_anywhere(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let body = format!(
        "{hostile}\n\n[click](javascript:alert(3)) [entity](&#106;avascript:alert(4))\n\n\
         <a href=\"javascript:alert(5)\">raw</a> &lt;script&gt;alert(6)&lt;/script&gt;\n\n\
         <svg onload=alert(7)><script>alert(8)</script></svg>"
    );
    let form = Form::new(&format!("Headline {hostile}"), "hostile@example.org")
        .set("organisation", &format!("Org {hostile}"))
        .set("contact_name", hostile)
        .set("standfirst", &format!("Standfirst {hostile}"))
        .set("body", &body);
    let (status, _) = submit(&site, &form).await;
    assert_eq!(status, 303);
    let release = &all_releases(&site.store).await[0];
    assert_eq!(
        release.text.body, body,
        "kept as typed, made safe when shown"
    );
    // The confirmation email first: once the release is confirmed (here
    // straight through the store), it is no longer due.
    let messages = received(&sink, 1).await;
    assert_eq!(messages.len(), 1, "the confirmation email");
    let now = Timestamp::now();
    site.store.confirm_release(release.id, now).await.unwrap();
    site.store
        .approve_release(release.id, now, &Actor::command_line(), now)
        .await
        .unwrap();
    for path in [
        format!("/releases/{}", release.id),
        "/releases".to_owned(),
        "/releases/feed.xml".to_owned(),
    ] {
        let (status, page) = get(&format!("{}{path}", site.base)).await;
        assert_eq!(status, 200, "{path}");
        if path.ends_with(".xml") {
            // The feed's HTML is escaped once as XML: unescape it to
            // check it as a reader would see it.
            let html = page
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let content = html
                .split("<content:encoded>")
                .nth(1)
                .and_then(|c| c.split("</content:encoded>").next())
                .unwrap();
            inert(content);
        } else {
            inert(&page);
        }
    }
    let html = messages[0]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["content_type"] == "text/html")
        .and_then(|p| p["text"].as_str())
        .unwrap()
        .to_owned();
    inert(&html);
}

async fn hostile_pictures_are_refused_and_nothing_is_lost(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let (status, _) = submit(&site, &Form::new("An earlier release", "first@example.org")).await;
    assert_eq!(status, 303);

    // A PNG that declares 10,000 × 10,000 pixels: a few bytes on disk.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&10_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&10_000u32.to_be_bytes());
    let crc = {
        let mut crc = 0xffff_ffffu32;
        for &b in &bomb[12..29] {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    };
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&RgbImage::from_pixel(200, 200, Rgb([20, 90, 200])))
        .unwrap();
    jpeg.truncate(jpeg.len() / 2);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#.to_vec();
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00a zip archive, named as a picture".to_vec();
    for (file, bytes, says) in [
        ("bomb.png", bomb, "too large in pixels"),
        ("cut.jpg", jpeg, "could not be read"),
        ("logo.svg", svg, "must be a JPEG, PNG or WebP"),
        ("photo.png", zip, "must be a JPEG, PNG or WebP"),
        (
            "huge.png",
            vec![0x89; 5 * 1024 * 1024 + 100],
            "larger than 5 MB",
        ),
    ] {
        let form =
            Form::new("A release with a bad picture", "second@example.org").picture(file, bytes);
        let (status, page) = submit(&site, &form).await;
        assert!([413, 422].contains(&status), "{file}: {status}");
        assert!(page.contains(says), "{file}: {page}");
        if status == 422 {
            assert!(
                page.contains("A release with a bad picture"),
                "what was typed is kept"
            );
        }
    }
    let kept = all_releases(&site.store).await;
    assert_eq!(kept.len(), 1, "only the first");
    assert_eq!(kept[0].text.headline, "An earlier release");
}

async fn an_over_long_value_in_every_field_is_refused(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let (status, _) = submit(&site, &Form::new("An earlier release", "first@example.org")).await;
    assert_eq!(status, 303);
    for (field, says) in [
        ("organisation", "organisation"),
        ("contact_name", "contact name"),
        ("email", "email address"),
        ("phone", "phone number"),
        ("category", "category"),
        ("headline", "headline"),
        ("standfirst", "standfirst"),
        ("body", "release text"),
        ("masthead", "publication"),
        ("consent", "form"),
    ] {
        let long = "a".repeat(30_000);
        let form = Form::new("Long", "long@example.org").set(field, &long);
        let (status, page) = submit(&site, &form).await;
        assert_eq!(status, 422, "{field}");
        assert!(
            page.contains(&format!("The {says} is longer than this form takes")),
            "{field}: {page}"
        );
    }
    // An over-long start token is no token of ours.
    let form = Form::new("Long", "long@example.org").set("started", &"a".repeat(30_000));
    let (status, page) = submit(&site, &form).await;
    assert_eq!(status, 422);
    assert!(page.contains("open too long"));
    assert_eq!(all_releases(&site.store).await.len(), 1);
}

async fn bots_fast_senders_and_floods_are_held_back(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let count = || async { all_releases(&site.store).await.len() };

    // The honeypot: answered as if sent, nothing kept.
    let (status, _) = submit(
        &site,
        &Form::new("Bot", "bot@example.org").set("website", "https://spam.example"),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(count().await, 0);

    // Too fast, a forged start, a start a week old.
    let now = Timestamp::now();
    for (started, says) in [
        (
            signer().sign_at(Purpose::ReleaseForm, ReleaseId(0), now),
            "quicker than anyone",
        ),
        ("0.1764000000.AAAA".to_owned(), "open too long"),
        (
            signer().sign_at(
                Purpose::ReleaseForm,
                ReleaseId(0),
                now - SignedDuration::from_hours(24 * 7),
            ),
            "open too long",
        ),
    ] {
        let form = Form::new("Fast", "fast@example.org").set("started", &started);
        let (status, page) = submit(&site, &form).await;
        assert_eq!(status, 422);
        assert!(page.contains(says), "{page}");
        assert!(page.contains("value=\"Fast\""), "what was typed is kept");
    }
    assert_eq!(count().await, 0);

    // Per email: three an hour.
    for i in 0..3 {
        let (status, _) = submit(
            &site,
            &Form::new(&format!("Same sender {i}"), "same@example.org"),
        )
        .await;
        assert_eq!(status, 303);
    }
    let (status, page) = submit(&site, &Form::new("Same sender 4", "same@example.org")).await;
    assert_eq!(status, 429);
    assert!(page.contains("Please wait an hour"));
    assert_eq!(count().await, 3);

    // Per address (behind a proxy on this machine): five an hour.
    for i in 0..5 {
        let (status, _) = submit_from(
            &site,
            &Form::new(&format!("Flood {i}"), &format!("flood{i}@example.org")),
            &[
                ("sec-fetch-site", "same-origin"),
                ("x-forwarded-for", "203.0.113.5"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{i}");
    }
    let (status, _) = submit_from(
        &site,
        &Form::new("Flood 6", "flood6@example.org"),
        &[
            ("sec-fetch-site", "same-origin"),
            ("x-forwarded-for", "203.0.113.5"),
        ],
    )
    .await;
    assert_eq!(status, 429);
    let (status, _) = submit_from(
        &site,
        &Form::new("Another client", "another@example.org"),
        &[
            ("sec-fetch-site", "same-origin"),
            ("x-forwarded-for", "203.0.113.6"),
        ],
    )
    .await;
    assert_eq!(status, 303, "another address is not held back");

    // Content rules flag, never drop.
    let (status, _) = submit_from(
        &site,
        &Form::new("BIG NEWS FOR EVERYONE TODAY", "loud@example.org")
            .set("body", "Act now: guaranteed returns for every reader."),
        &[
            ("sec-fetch-site", "same-origin"),
            ("x-forwarded-for", "203.0.113.7"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let loud = all_releases(&site.store)
        .await
        .into_iter()
        .find(|r| r.text.headline == "BIG NEWS FOR EVERYONE TODAY")
        .unwrap();
    assert_eq!(
        loud.flags,
        vec![
            newsdesk_domain::Flag::Capitals,
            newsdesk_domain::Flag::SpamPhrase
        ]
    );
    assert_eq!(
        all_releases(&site.store)
            .await
            .iter()
            .filter(|r| r.flags.contains(&newsdesk_domain::Flag::NearCopy))
            .count(),
        8,
        "the same body sent again is a near copy of the first"
    );
}

async fn forms_from_other_sites_are_refused(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink).await;
    let (status, page) = submit_from(
        &site,
        &Form::new("From elsewhere", "else@example.org"),
        &[("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(status, 403);
    assert!(page.contains("only takes its forms from its own pages"));
    assert!(all_releases(&site.store).await.is_empty());
}
