//! The fetcher against a real HTTP server on 127.0.0.1.

use flate2::Compression;
use flate2::write::GzEncoder;
use newsdesk_ingest::fetcher::{FetchOutcome, Validators};
use newsdesk_ingest::{FetchError, FetchSettings, Fetcher};
use newsdesk_testkit::{Fixture, FixtureServer};
use std::io::Write;
use std::time::Duration;

const RSS: &str = r#"<rss version="2.0"><channel><title>T</title></channel></rss>"#;

fn fetcher(max_body_bytes: usize) -> Fetcher {
    Fetcher::new(FetchSettings {
        user_agent: "NewsdeskTest/1 (+https://news.example/contact)".into(),
        allow_private_addresses: true,
        timeout: Duration::from_secs(5),
        max_body_bytes,
        ..FetchSettings::default()
    })
    .unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn body(outcome: FetchOutcome) -> Vec<u8> {
    match outcome {
        FetchOutcome::Fetched(f) => f.body.to_vec(),
        FetchOutcome::NotModified => panic!("expected a body"),
    }
}

#[tokio::test]
async fn requests_say_who_we_are_and_ask_conditionally() {
    let server = FixtureServer::start().await;
    server.set(
        "/feed",
        Fixture::ok("application/rss+xml", RSS).with_etag("\"v7\""),
    );
    let fetcher = fetcher(1 << 20);
    let first = fetcher
        .fetch(&server.url("/feed"), &Validators::default())
        .await
        .unwrap();
    let FetchOutcome::Fetched(fetched) = first else {
        panic!("expected a body")
    };
    assert_eq!(fetched.validators.etag.as_deref(), Some("\"v7\""));
    let sent = server.last_request_headers("/feed").unwrap();
    assert_eq!(
        sent["user-agent"],
        "NewsdeskTest/1 (+https://news.example/contact)"
    );
    let encodings = sent["accept-encoding"].to_str().unwrap();
    for encoding in ["gzip", "deflate", "br"] {
        assert!(encodings.contains(encoding), "{encodings}");
    }
    let again = fetcher
        .fetch(&server.url("/feed"), &fetched.validators)
        .await
        .unwrap();
    assert!(matches!(again, FetchOutcome::NotModified));
    assert_eq!(
        server.last_request_headers("/feed").unwrap()["if-none-match"],
        "\"v7\""
    );
}

#[tokio::test]
async fn last_modified_alone_makes_a_conditional_request() {
    let server = FixtureServer::start().await;
    let when = "Wed, 12 Mar 2025 04:12:00 GMT";
    server.set(
        "/feed",
        Fixture::ok("application/rss+xml", RSS).with_last_modified(when),
    );
    let fetcher = fetcher(1 << 20);
    let FetchOutcome::Fetched(fetched) = fetcher
        .fetch(&server.url("/feed"), &Validators::default())
        .await
        .unwrap()
    else {
        panic!("expected a body")
    };
    assert_eq!(fetched.validators.last_modified.as_deref(), Some(when));
    let again = fetcher
        .fetch(&server.url("/feed"), &fetched.validators)
        .await
        .unwrap();
    assert!(matches!(again, FetchOutcome::NotModified));
}

#[tokio::test]
async fn gzip_bodies_arrive_decompressed() {
    let server = FixtureServer::start().await;
    server.set(
        "/feed",
        Fixture::ok("application/rss+xml", gzip(RSS.as_bytes())).with_content_encoding("gzip"),
    );
    let got = body(
        fetcher(1 << 20)
            .fetch(&server.url("/feed"), &Validators::default())
            .await
            .unwrap(),
    );
    assert_eq!(got, RSS.as_bytes());
}

#[tokio::test]
async fn deflate_and_brotli_bodies_arrive_decompressed_and_all_three_are_asked_for() {
    let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), Compression::default());
    deflated.write_all(RSS.as_bytes()).unwrap();
    let deflated = deflated.finish().unwrap();
    let mut brotli_body = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli_body, 4096, 5, 22);
        writer.write_all(RSS.as_bytes()).unwrap();
    }
    let server = FixtureServer::start().await;
    server.set(
        "/deflate",
        Fixture::ok("application/rss+xml", deflated).with_content_encoding("deflate"),
    );
    server.set(
        "/br",
        Fixture::ok("application/rss+xml", brotli_body).with_content_encoding("br"),
    );
    let fetcher = fetcher(1 << 20);
    for path in ["/deflate", "/br"] {
        let got = body(
            fetcher
                .fetch(&server.url(path), &Validators::default())
                .await
                .unwrap(),
        );
        assert_eq!(got, RSS.as_bytes(), "{path}");
    }
    let asked = server.last_request_headers("/br").unwrap();
    let encodings = asked["accept-encoding"].to_str().unwrap();
    for encoding in ["gzip", "deflate", "br"] {
        assert!(encodings.contains(encoding), "{encodings}");
    }
}

#[tokio::test]
async fn bodies_over_the_cap_stop_at_the_cap() {
    let server = FixtureServer::start().await;
    server.set(
        "/big",
        Fixture::ok("application/rss+xml", vec![b' '; 64 * 1024]),
    );
    // 50 MB of zeros is about 50 KB gzipped: the cap counts what it unpacks to.
    server.set(
        "/bomb",
        Fixture::ok("application/rss+xml", gzip(&vec![0u8; 50 << 20]))
            .with_content_encoding("gzip"),
    );
    let fetcher = fetcher(16 * 1024);
    for path in ["/big", "/bomb"] {
        let err = fetcher
            .fetch(&server.url(path), &Validators::default())
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::TooLarge(_)), "{path}: {err:?}");
        assert_eq!(
            err.to_string(),
            "the response is larger than the 16 KiB cap"
        );
    }
}

#[tokio::test]
async fn redirects_are_followed_a_few_times_only() {
    let server = FixtureServer::start().await;
    server.set("/moved", Fixture::redirect(301, "/feed"));
    server.set("/feed", Fixture::ok("application/rss+xml", RSS));
    server.set("/loop", Fixture::redirect(302, "/loop"));
    let fetcher = fetcher(1 << 20);
    let FetchOutcome::Fetched(fetched) = fetcher
        .fetch(&server.url("/moved"), &Validators::default())
        .await
        .unwrap()
    else {
        panic!("expected a body")
    };
    assert_eq!(fetched.url.path(), "/feed");
    let err = fetcher
        .fetch(&server.url("/loop"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "more than 5 redirects");
}

#[tokio::test]
async fn errors_carry_status_and_retry_after() {
    let server = FixtureServer::start().await;
    server.set(
        "/busy",
        Fixture::status(429).with_header("retry-after", "120"),
    );
    let err = fetcher(1 << 20)
        .fetch(&server.url("/busy"), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 429, retry_after: Some(ref r) } if r == "120"),
        "{err:?}"
    );
    let closed = fetcher(1 << 20)
        .fetch("http://127.0.0.1:9/feed", &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(closed, FetchError::Connect(_)), "{closed:?}");
}

#[tokio::test]
async fn a_prefix_fetch_keeps_the_head_of_a_long_body() {
    let server = FixtureServer::start().await;
    let long = "line of a long file\n".repeat(2_000);
    server.set("/long.txt", Fixture::ok("text/plain", long.clone()));
    server.set(
        "/long.gz",
        Fixture::ok("text/plain", gzip(long.as_bytes())).with_content_encoding("gzip"),
    );
    let roomy = fetcher(1 << 20);
    for path in ["/long.txt", "/long.gz"] {
        let head = body(roomy.fetch_prefix(&server.url(path), 1_000).await.unwrap());
        assert_eq!(head, long.as_bytes()[..1_000], "{path}");
    }
    // Whole fetches past the cap still fail.
    let small = fetcher(1_000);
    assert!(matches!(
        small
            .fetch(&server.url("/long.txt"), &Validators::default())
            .await,
        Err(FetchError::TooLarge(_))
    ));
}

#[tokio::test]
async fn private_addresses_allowed_still_refuse_a_redirect_to_the_metadata_service() {
    let server = FixtureServer::start().await;
    for (path, target) in [
        ("/to-metadata", "http://169.254.169.254/latest/meta-data/"),
        (
            "/to-metadata-v6",
            "http://[fd00:ec2::254]/latest/meta-data/",
        ),
        ("/to-mapped", "http://[::ffff:169.254.169.254]/"),
    ] {
        server.set(path, Fixture::redirect(302, target));
        // The fixture server is on 127.0.0.1: private addresses are allowed.
        let error = fetcher(1 << 20)
            .fetch(&server.url(path), &Validators::default())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("link-local or cloud metadata address")
                && error.contains("fetch.allowed_addresses"),
            "{path}: {error}"
        );
        assert_eq!(server.hits(path), 1, "the first hop was fetched");
    }
}
