//! Delivery status notifications read from files written like the ones
//! mail servers send back: a permanent failure with the original headers
//! (so the masthead is known), a report about two recipients (one
//! delayed, one refused), and files that are not such reports at all.

use newsdesk_mail::MailError;
use newsdesk_mail::dsn::read;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/dsn")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_permanent_failure_names_the_address_and_the_masthead() {
    let report = read(&fixture("permanent.eml")).unwrap();
    assert_eq!(report.masthead.as_ref().unwrap().as_str(), "kenya-star");
    let [only] = report.recipients.as_slice() else {
        panic!("{report:?}");
    };
    assert_eq!(only.address.as_str(), "gone-otieno@mail.example");
    assert_eq!(
        (only.action.as_str(), only.status.as_str()),
        ("failed", "5.1.1")
    );
    assert!(only.is_permanent());
}

#[test]
fn a_delay_is_not_a_bounce_and_a_refusal_beside_it_is() {
    // CRLF line ends, as a report arrives over SMTP, read the same.
    let crlf = String::from_utf8(fixture("delayed-and-failed.eml"))
        .unwrap()
        .replace('\n', "\r\n");
    let report = read(crlf.as_bytes()).unwrap();
    assert_eq!(report.masthead, None, "no original headers: every masthead");
    let seen: Vec<(&str, &str, bool)> = report
        .recipients
        .iter()
        .map(|r| (r.address.as_str(), r.status.as_str(), r.is_permanent()))
        .collect();
    assert_eq!(
        seen,
        [
            ("slow-wanjiru@mail.example", "4.4.7", false),
            ("Full-Kamau@mail.example", "5.2.2", true),
        ]
    );
}

#[test]
fn what_is_not_a_delivery_report_says_why() {
    for (file, why) in [
        ("not-a-report.eml", "its type is text/plain"),
        (
            "report-without-status.eml",
            "no message/delivery-status part",
        ),
    ] {
        let error = read(&fixture(file)).unwrap_err();
        assert!(matches!(error, MailError::NotAReport(_)), "{error:?}");
        let text = error.to_string();
        assert!(
            text.contains("not a delivery status notification"),
            "{text}"
        );
        assert!(text.contains(why), "{file}: {text}");
    }
    for junk in [
        &b""[..],
        b"\xff\xfe\x00binary",
        b"Content-Type: multipart/report",
    ] {
        assert!(matches!(read(junk), Err(MailError::NotAReport(_))));
    }
    let forged = String::from_utf8(fixture("permanent.eml"))
        .unwrap()
        .replace(
            "Final-Recipient: rfc822; gone-otieno@mail.example",
            "Final-Recipient: rfc822; gone\r\nBcc: x@y",
        );
    let error = read(forged.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("is not an address"), "{error}");
}
