//! The reader's side of the daily email over HTTP, on both databases,
//! with a real SMTP server receiving the confirmation emails: subscribe,
//! confirm by the emailed link, change sections, leave in one click; one
//! email however often an address is typed; a limit per client address;
//! answers that reveal nothing;
//! bad addresses; expired, forged and replayed links; GETs that change
//! nothing; forms posted from other sites refused.

mod common;

use jiff::{SignedDuration, Timestamp};
use newsdesk::web_server::WebServer;
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId, SubscriberStatus};
use newsdesk_mail::{Confirmations, Purpose, Signer};
use newsdesk_store::{Store, Subscribed};
use newsdesk_testkit::{SmtpSink, TestDb};
use newsdesk_web::Circulation;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

newsdesk_testkit::on_both_databases!(
    a_reader_subscribes_confirms_chooses_sections_and_leaves_in_one_click,
    ten_thousand_requests_for_one_address_send_one_email,
    one_client_is_held_to_its_hourly_limit,
    the_answer_is_the_same_for_new_pending_confirmed_and_departed_addresses,
    malformed_and_header_carrying_addresses_are_refused_and_sent_nothing,
    expired_forged_and_replayed_links_get_a_clear_page,
    forms_from_other_sites_are_refused_but_one_click_is_not,
);

const SECRET: &[u8] = b"the test network's signing secret";
const VALID_FOR: SignedDuration = SignedDuration::from_hours(48);
/// Subscribe posts one client address may make in an hour.
const PER_CLIENT: u32 = 20;

fn signer() -> Signer {
    Signer::new(SECRET).unwrap()
}

/// The site on port 0, taking subscriptions; with `background`, it sends
/// confirmation emails itself, else the test does with the returned
/// sender. Both send to `sink`.
struct Site {
    base: String,
    store: Store,
    sender: Confirmations,
}

fn sender(store: &Store, sink: &SmtpSink) -> Confirmations {
    common::confirmations(store, sink.port, signer(), VALID_FOR)
}

async fn site(db: &TestDb, sink: &SmtpSink, background: bool) -> Site {
    let circulation = Circulation {
        signer: signer(),
        wake: Arc::new(Notify::new()),
        confirm_valid_for: VALID_FOR,
        confirm_every: SignedDuration::from_mins(10),
        per_client_per_hour: PER_CLIENT,
        release_limits: newsdesk_web::ReleaseLimits::default(),
    };
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        db.store.clone(),
        common::mastheads(),
        newsdesk_web::WebSettings::default(),
    )
    .await
    .unwrap();
    let server = if background {
        server.with_daily_email(circulation, sender(&db.store, sink))
    } else {
        server.with_circulation(circulation)
    };
    Site {
        base: format!("http://{}/m/kenya-star", server.spawn()),
        store: db.store.clone(),
        sender: sender(&db.store, sink),
    }
}

/// POSTs a form from the site's own page (as a browser marks it).
async fn post(url: &str, body: &str) -> reqwest::Response {
    common::client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn subscribe(site: &Site, body: &str) -> reqwest::Response {
    post(&format!("{}/email/subscribe", site.base), body).await
}

async fn get(url: &str) -> (u16, String) {
    let response = common::client().get(url).send().await.unwrap();
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

fn part<'a>(message: &'a serde_json::Value, kind: &str) -> &'a str {
    message["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["content_type"] == kind)
        .and_then(|p| p["text"].as_str())
        .unwrap_or_else(|| panic!("no {kind} part in {message}"))
}

/// The path of the link in `text` under `/email/KIND/`.
fn link_in(text: &str, kind: &str) -> String {
    let marker = format!("/email/{kind}/");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("no {kind} link in {text}"));
    let token: String = text[start + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    format!("{marker}{token}")
}

async fn find(store: &Store, email: &Email) -> newsdesk_store::Subscriber {
    for id in 1..1_000 {
        if let Ok(reader) = store.subscriber(SubscriberId(id)).await
            && &reader.email == email
        {
            return reader;
        }
    }
    panic!("no reader {email}");
}

async fn a_reader_subscribes_confirms_chooses_sections_and_leaves_in_one_click(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, true).await;

    // The form is on the front page, a section and a story's neighbours.
    for path in ["/", "/section/business", "/search?q=trade"] {
        let (status, html) = get(&format!("{}{path}", site.base)).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("action=\"/m/kenya-star/email/subscribe\" method=\"post\""),
            "{path}"
        );
        assert!(html.contains("Get a daily dose of Kenya Star news through our daily email"));
        assert!(html.contains("name=\"section\" value=\"business\""));
    }

    let response = subscribe(&site, "email=Amina%40Mail.Example&section=business").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/m/kenya-star/email/subscribed"
    );
    let (status, html) = get(&format!("{}/email/subscribed", site.base)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Check your inbox"), "{html}");

    let messages = received(&sink, 1).await;
    assert_eq!(messages.len(), 1, "one confirmation email");
    let message = &messages[0];
    assert_eq!(message["rcpt_tos"][0], "Amina@mail.example");
    assert_eq!(message["defects"].as_array().unwrap().len(), 0, "{message}");
    assert_eq!(
        message["headers"]["Subject"],
        "Confirm your Kenya Star daily email"
    );
    let text = part(message, "text/plain");
    let html = part(message, "text/html");
    assert!(text.contains("48 hours"), "{text}");
    let confirm = link_in(text, "confirm");
    assert_eq!(confirm, link_in(html, "confirm"));
    let amina = find(&site.store, &Email::parse("Amina@mail.example").unwrap()).await;
    assert_eq!(amina.status, SubscriberStatus::Pending);
    assert_eq!(amina.sections, [Section::parse("business").unwrap()]);

    // A scanner opening the link confirms nothing.
    let (status, page) = get(&format!("{}{confirm}", site.base)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm my subscription"), "{page}");
    assert!(page.contains(&format!(
        "action=\"/m/kenya-star{confirm}\" method=\"post\""
    )));
    assert_eq!(
        site.store.subscriber(amina.id).await.unwrap().status,
        SubscriberStatus::Pending
    );

    let response = post(&format!("{}{confirm}", site.base), "action=confirm").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("You are subscribed"), "{page}");
    let amina = site.store.subscriber(amina.id).await.unwrap();
    assert_eq!(amina.status, SubscriberStatus::Confirmed);
    let preferences = link_in(&page, "preferences");

    // The preferences page shows the sections; a GET changes nothing.
    let (status, page) = get(&format!("{}{preferences}", site.base)).await;
    assert_eq!(status, 200);
    assert!(page.contains("value=\"business\" checked"), "{page}");
    assert!(page.contains("Amina@mail.example"));
    let response = post(
        &format!("{}{preferences}", site.base),
        "section=sports&section=world&section=nonsense&action=save",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Saved"));
    assert_eq!(
        site.store.subscriber(amina.id).await.unwrap().sections,
        [
            Section::parse("sports").unwrap(),
            Section::parse("world").unwrap()
        ]
    );

    // One click: the GET shows a button and changes nothing; the POST of
    // RFC 8058, from a mail provider (no browser headers), leaves at once.
    let unsubscribe = format!(
        "{}/email/unsubscribe/{}",
        site.base,
        signer().sign(Purpose::Unsubscribe, amina.id)
    );
    let (status, page) = get(&unsubscribe).await;
    assert_eq!(status, 200);
    assert!(page.contains("Unsubscribe"));
    assert_eq!(
        site.store.subscriber(amina.id).await.unwrap().status,
        SubscriberStatus::Confirmed
    );
    let response = common::client()
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        site.store.subscriber(amina.id).await.unwrap().status,
        SubscriberStatus::Unsubscribed
    );
    // Leaving twice is leaving once.
    let again = common::client()
        .post(&unsubscribe)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(sink.received().len(), 1, "nothing else was sent");
}

/// Posts `body` to the subscribe form as a browser on the site's page
/// would, from `client_address` (the site trusts `X-Forwarded-For` from a
/// proxy on its own machine, which the test's loopback connection is).
async fn subscribe_from(
    http: &reqwest::Client,
    url: &str,
    client_address: &str,
    body: String,
) -> (u16, Option<String>, Option<String>, Vec<u8>) {
    let response = http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", client_address)
        .body(body)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    (
        response.status().as_u16(),
        header("location"),
        header("retry-after"),
        response.bytes().await.unwrap().to_vec(),
    )
}

/// Ten thousand posts of one address within a minute, each from a client
/// address of its own so that no limit per client holds them back: every
/// answer is the same redirect and one confirmation email is sent.
async fn ten_thousand_requests_for_one_address_send_one_email(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    let url = format!("{}/email/subscribe", site.base);
    let http = common::client();
    let started = std::time::Instant::now();
    let mut answers = Vec::new();
    for chunk in 0..500 {
        let mut batch = tokio::task::JoinSet::new();
        for n in 0..20 {
            let (http, url) = (http.clone(), url.clone());
            let client = format!("10.{}.{}.{}", chunk / 250, chunk % 250, n + 1);
            let section = ["world", "business", "sports"][(chunk + n) % 3];
            batch.spawn(async move {
                let body = format!("email=flood%40mail.example&section={section}");
                subscribe_from(&http, &url, &client, body).await
            });
        }
        answers.extend(batch.join_all().await);
    }
    let took = started.elapsed();
    assert_eq!(answers.len(), 10_000);
    assert!(
        answers.iter().all(|a| a == &answers[0]),
        "every answer the same"
    );
    assert_eq!(answers[0].0, 303);
    assert!(
        took < Duration::from_secs(60),
        "ten thousand posts within a minute, as a flood sends them ({took:?})"
    );
    let report = site.sender.send_due(Timestamp::now()).await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(
        site.sender.send_due(Timestamp::now()).await.unwrap().sent,
        0
    );
    assert_eq!(sink.received().len(), 1);
}

/// One client address posting the form ten thousand times in a minute,
/// a new address each time: past the limit every post is answered 429
/// with `Retry-After`, the same whatever the address, and nothing it typed
/// is recorded or sent. Another client is not held back by it.
async fn one_client_is_held_to_its_hourly_limit(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    let url = format!("{}/email/subscribe", site.base);
    let http = common::client();
    let mut answers = Vec::new();
    for chunk in 0..500 {
        let mut batch = tokio::task::JoinSet::new();
        for n in 0..20 {
            let (http, url) = (http.clone(), url.clone());
            let number = chunk * 20 + n;
            batch.spawn(async move {
                let body = format!("email=stranger{number}%40mail.example");
                (
                    number,
                    subscribe_from(&http, &url, "203.0.113.9", body).await,
                )
            });
        }
        answers.extend(batch.join_all().await);
    }
    let allowed = PER_CLIENT as usize;
    let (through, held): (Vec<_>, Vec<_>) = answers.iter().partition(|(_, a)| a.0 == 303);
    assert_eq!(
        through.len(),
        allowed,
        "the first {allowed} posts get through"
    );
    assert_eq!(held.len(), 10_000 - allowed);
    let first_held = &held[0].1;
    assert_eq!(first_held.0, 429);
    let retry: u32 = first_held.2.as_deref().unwrap().parse().unwrap();
    assert!((1..=3_600).contains(&retry), "Retry-After {retry}");
    assert!(
        held.iter().all(|(_, a)| a.0 == 429 && a.3 == first_held.3),
        "every held post gets the same page"
    );
    let page = String::from_utf8_lossy(&first_held.3);
    assert!(page.contains("try again in an hour"), "{page}");

    // Only the addresses that got through are stored, and each is sent
    // its one confirmation.
    for (number, answer) in &answers {
        let email = Email::parse(&format!("stranger{number}@mail.example")).unwrap();
        let stored = site
            .store
            .subscriber_by_email(&MastheadId::parse("kenya-star").unwrap(), &email)
            .await
            .unwrap();
        assert_eq!(stored.is_some(), answer.0 == 303, "stranger{number}");
    }
    let report = site.sender.send_due(Timestamp::now()).await.unwrap();
    assert_eq!(report.sent, u64::from(PER_CLIENT));
    assert_eq!(received(&sink, allowed).await.len(), allowed);

    // Another client is served as before.
    let other = subscribe_from(
        &http,
        &url,
        "198.51.100.20",
        "email=neighbour%40mail.example".into(),
    )
    .await;
    assert_eq!(other.0, 303);
}

async fn the_answer_is_the_same_for_new_pending_confirmed_and_departed_addresses(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    let star = MastheadId::parse("kenya-star").unwrap();
    let now = Timestamp::now();
    let every = SignedDuration::from_mins(10);
    let old = now - SignedDuration::from_hours(1);
    let add = |address: &'static str, at: Timestamp| {
        let store = site.store.clone();
        let star = star.clone();
        async move {
            match store
                .request_subscription(&star, &Email::parse(address).unwrap(), &[], at, every)
                .await
                .unwrap()
            {
                Subscribed::ConfirmationDue(id, requested) => (id, requested),
                Subscribed::Nothing => unreachable!(),
            }
        }
    };
    add("pending@mail.example", now).await;
    let (confirmed, requested) = add("confirmed@mail.example", old).await;
    site.store
        .confirm_subscriber(confirmed, requested, old)
        .await
        .unwrap();
    let (departed, requested) = add("departed@mail.example", old).await;
    site.store
        .confirm_subscriber(departed, requested, old)
        .await
        .unwrap();
    site.store.unsubscribe(departed).await.unwrap();

    let mut answers = Vec::new();
    for address in [
        "new@mail.example",
        "pending@mail.example",
        "confirmed@mail.example",
        "departed@mail.example",
    ] {
        let response = subscribe(&site, &format!("email={}", address.replace('@', "%40"))).await;
        let mut headers: Vec<(String, Vec<u8>)> = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != "date")
            .map(|(name, value)| (name.to_string(), value.as_bytes().to_vec()))
            .collect();
        headers.sort();
        answers.push((
            response.status().as_u16(),
            headers,
            response.bytes().await.unwrap().to_vec(),
        ));
    }
    for answer in &answers[1..] {
        assert_eq!(
            answer, &answers[0],
            "an answer told one address from another"
        );
    }
    // New and departed get a confirmation, pending only the one it asked
    // for a moment ago, confirmed nothing.
    let report = site.sender.send_due(Timestamp::now()).await.unwrap();
    assert_eq!(report.sent, 3);
    let mut to: Vec<String> = sink
        .received()
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    assert_eq!(
        to,
        [
            "departed@mail.example",
            "new@mail.example",
            "pending@mail.example"
        ]
    );
}

async fn malformed_and_header_carrying_addresses_are_refused_and_sent_nothing(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    for body in [
        "email=",
        "section=world",
        "email=not-an-address",
        "email=two%40at%40signs",
        "email=amina%40mail.example%0d%0aBcc%3a%20everyone%40mail.example",
        "email=amina%40mail.example%0aSubject%3a%20hello",
        "email=amina%20otieno%40mail.example",
        "email=%3cscript%3e%40mail.example",
        &format!("email={}%40mail.example", "a".repeat(300)),
    ] {
        let response = subscribe(&site, body).await;
        assert_eq!(response.status(), 422, "{body}");
        let page = response.text().await.unwrap();
        assert!(page.contains("class=\"form-error\""), "{body}: {page}");
        assert!(!page.contains("<script>"), "{body}");
        assert!(page.contains("name=\"email\""), "the form again: {body}");
    }
    let report = site.sender.send_due(Timestamp::now()).await.unwrap();
    assert_eq!(report.sent, 0);
    assert!(sink.received().is_empty());
    assert!(
        site.store.subscriber(SubscriberId(1)).await.is_err(),
        "nothing recorded"
    );
}

async fn expired_forged_and_replayed_links_get_a_clear_page(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    let star = MastheadId::parse("kenya-star").unwrap();
    let email = Email::parse("otieno@mail.example").unwrap();
    let every = SignedDuration::from_mins(10);
    let now = Timestamp::now();
    let old = now - SignedDuration::from_mins(30);
    let Subscribed::ConfirmationDue(id, first) = site
        .store
        .request_subscription(&star, &email, &[], old, every)
        .await
        .unwrap()
    else {
        panic!()
    };
    let Subscribed::ConfirmationDue(_, second) = site
        .store
        .request_subscription(&star, &email, &[], now, every)
        .await
        .unwrap()
    else {
        panic!()
    };
    let confirm = |issued: Timestamp| {
        format!(
            "{}/email/confirm/{}",
            site.base,
            signer().sign_at(Purpose::Confirm, id, issued)
        )
    };

    // Expired: signed by us, too old; the page offers the form again.
    let expired = confirm(now - SignedDuration::from_hours(49));
    for response in [
        common::client().get(&expired).send().await.unwrap(),
        post(&expired, "").await,
    ] {
        assert_eq!(response.status(), 410);
        let page = response.text().await.unwrap();
        assert!(page.contains("This link has expired"), "{page}");
        assert!(page.contains("/email/subscribe\" method=\"post\""));
    }
    // Forged: any change to a token, or another secret's token.
    let good = signer().sign_at(Purpose::Confirm, id, second);
    let other = Signer::new(b"somebody else's secret, long enough").unwrap();
    for token in [
        good.replacen('.', "0.", 1),
        format!("{good}x"),
        other.sign_at(Purpose::Confirm, id, second),
        signer().sign_at(Purpose::Unsubscribe, id, second),
        "nonsense".to_owned(),
        "%00%0d%0a".to_owned(),
    ] {
        let url = format!("{}/email/confirm/{token}", site.base);
        let (status, page) = get(&url).await;
        assert_eq!(status, 400, "{token}");
        assert!(page.contains("This link is not valid"), "{token}");
        assert_eq!(post(&url, "").await.status(), 400, "{token}");
    }
    for kind in ["preferences", "unsubscribe"] {
        let url = format!("{}/email/{kind}/{id}.bad", site.base);
        assert_eq!(get(&url).await.0, 400, "{kind}");
        assert_eq!(
            post(&url, "List-Unsubscribe=One-Click").await.status(),
            400,
            "{kind}"
        );
    }
    // A link for a reader of another masthead does nothing here.
    let herald = MastheadId::parse("ocean-herald").unwrap();
    let Subscribed::ConfirmationDue(theirs, at) = site
        .store
        .request_subscription(&herald, &email, &[], now, every)
        .await
        .unwrap()
    else {
        panic!()
    };
    let url = format!(
        "{}/email/confirm/{}",
        site.base,
        signer().sign_at(Purpose::Confirm, theirs, at)
    );
    assert_eq!(post(&url, "").await.status(), 400);
    assert_eq!(
        site.store.subscriber(theirs).await.unwrap().status,
        SubscriberStatus::Pending
    );

    // Replayed: the first email's link after a second was sent.
    let response = post(&confirm(first), "").await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("no longer valid"));
    assert_eq!(
        site.store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Pending
    );
    // The newest link confirms, and again says so without harm.
    assert_eq!(post(&confirm(second), "").await.status(), 200);
    let response = post(&confirm(second), "").await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("already subscribed")
    );
    // After leaving, the same link does not bring the reader back.
    site.store.unsubscribe(id).await.unwrap();
    assert_eq!(post(&confirm(second), "").await.status(), 410);
    assert_eq!(
        site.store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Unsubscribed
    );
    assert!(
        sink.received().is_empty(),
        "links are checked without sending anything"
    );
}

async fn forms_from_other_sites_are_refused_but_one_click_is_not(db: TestDb) {
    let sink = SmtpSink::start();
    let site = site(&db, &sink, false).await;
    let url = format!("{}/email/subscribe", site.base);
    let host = site
        .base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://elsewhere.example"),
    ] {
        let response = common::client()
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(name, value)
            .body("email=victim%40mail.example")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}: {value}");
    }
    let response = common::client()
        .post(&url)
        .header("origin", format!("http://{host}"))
        .body("email=fine%40mail.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "from this site's own origin");
    assert_eq!(
        site.sender.send_due(Timestamp::now()).await.unwrap().sent,
        1
    );
    let to: Vec<_> = sink
        .received()
        .iter()
        .map(|m| m["rcpt_tos"][0].clone())
        .collect();
    assert_eq!(to, ["fine@mail.example"]);

    // A confirmed reader's preferences cannot be changed from elsewhere,
    // but a mail provider's one-click POST (cross-site by nature) works.
    let fine = find(&site.store, &Email::parse("fine@mail.example").unwrap()).await;
    let due = link_in(part(&sink.received()[0], "text/plain"), "confirm");
    assert_eq!(post(&format!("{}{due}", site.base), "").await.status(), 200);
    let preferences = format!(
        "{}/email/preferences/{}",
        site.base,
        signer().sign(Purpose::Preferences, fine.id)
    );
    let response = common::client()
        .post(&preferences)
        .header("sec-fetch-site", "cross-site")
        .body("action=leave")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        site.store.subscriber(fine.id).await.unwrap().status,
        SubscriberStatus::Confirmed
    );
    let response = common::client()
        .post(format!(
            "{}/email/unsubscribe/{}",
            site.base,
            signer().sign(Purpose::Unsubscribe, fine.id)
        ))
        .header("sec-fetch-site", "cross-site")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        site.store.subscriber(fine.id).await.unwrap().status,
        SubscriberStatus::Unsubscribed
    );
}
