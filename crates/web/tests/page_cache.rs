//! The page cache under many readers at once: after a change, one request
//! renders a page and the others are served without rendering it again.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, Masthead, MastheadSettings, NewStory, Section};
use newsdesk_testkit::TestDb;
use newsdesk_web::{AppState, WebSettings};
use std::time::{Duration, Instant};

newsdesk_testkit::on_both_databases!(a_change_makes_one_request_render_each_page);

async fn a_change_makes_one_request_render_each_page(db: TestDb) {
    let store = db.store.clone();
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://wire.example/feed.xml").unwrap(),
            name: "Harbour Wire".into(),
            section: None,
            mastheads: vec![],
        })
        .await
        .unwrap();
    let story = |n: i64| NewStory {
        source_id: source.id,
        guid: format!("g{n}"),
        link: format!("http://wire.example/{n}"),
        canonical_link: CanonicalLink::parse(&format!("http://wire.example/{n}")).unwrap(),
        title: format!("Story number {n}"),
        standfirst: "In brief.".into(),
        body: "A paragraph.".into(),
        author: None,
        published_at: Timestamp::from_second(1_741_700_000 + n).unwrap(),
        categories: vec![],
        section: Section::parse("world").unwrap(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    };
    store.insert_story(&story(1)).await.unwrap();
    let masthead = Masthead::new(MastheadSettings {
        id: "kenya-star".into(),
        name: "Kenya Star".into(),
        host: "kenyastar.localhost".into(),
        timezone: "Africa/Nairobi".into(),
        sections: vec!["world".into()],
        ..MastheadSettings::default()
    })
    .unwrap();
    let state = AppState::new(store.clone(), vec![masthead], WebSettings::default()).unwrap();
    let cache = state.cache.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/m/kenya-star/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, newsdesk_web::router(state))
            .await
            .unwrap();
    });
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let burst = |client: reqwest::Client, url: String| async move {
        let requests = (0..48).map(|_| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let answer = client.get(&url).send().await.unwrap();
                assert_eq!(answer.status(), 200);
                answer.text().await.unwrap()
            }
        });
        futures_util::future::join_all(requests).await
    };
    // Nothing kept yet: 48 readers at once, one rendering.
    let pages = burst(client.clone(), url.clone()).await;
    assert!(pages.iter().all(|p| p.contains("Story number 1")));
    assert_eq!(cache.rendered(), 1, "one request rendered the front page");
    // A story arrives; once the change is seen, 48 readers at once render
    // the page once more, and every later reader gets the new page.
    store.insert_story(&story(2)).await.unwrap();
    let started = Instant::now();
    while cache.rendered() == 1 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the change was never seen"
        );
        burst(client.clone(), url.clone()).await;
    }
    assert_eq!(cache.rendered(), 2, "one rendering after the change");
    let after = burst(client.clone(), url.clone()).await;
    assert!(after.iter().all(|p| p.contains("Story number 2")));
    assert_eq!(cache.rendered(), 2);
}
