//! The daily email leaves out a story an editor unpublished, and has it
//! again once it is republished, on SQLite and on PostgreSQL.

use jiff::civil::date;
use newsdesk_domain::{Masthead, MastheadSettings};
use newsdesk_mail::compose::{Digest, compose};
use newsdesk_store::{Actor, Store, StoryFilter};
use newsdesk_testkit::newsroom::{hours_into_window, seed_stories};

newsdesk_testkit::on_both_backends!(an_unpublished_story_is_left_out_of_the_digest);

/// Every headline of a digest's news, in order.
fn headlines(digest: &Digest) -> Vec<String> {
    digest
        .sections
        .iter()
        .flat_map(|s| s.stories.iter().map(|story| story.headline.clone()))
        .collect()
}

async fn an_unpublished_story_is_left_out_of_the_digest(store: Store) {
    seed_stories(&store, 2).await;
    let masthead = Masthead::new(MastheadSettings {
        id: "kenya-star".into(),
        name: "Kenya Star".into(),
        host: "kenyastar.localhost".into(),
        timezone: "Australia/Brisbane".into(),
        sections: vec!["world".into(), "business".into(), "sports".into()],
        ..MastheadSettings::default()
    })
    .unwrap();
    let digest = || {
        let (store, masthead) = (store.clone(), masthead.clone());
        async move {
            let window = (hours_into_window(0), hours_into_window(24));
            let site = "http://kenyastar.localhost";
            compose(&store, &masthead, site, date(2026, 10, 5), window)
                .await
                .unwrap()
        }
    };
    let before = headlines(&digest().await);
    let target = "WORLD story 1: rains reach the coast";
    assert!(before.iter().any(|h| h == target), "{before:?}");
    let story = store
        .list_stories(&StoryFilter::default(), None, 50)
        .await
        .unwrap()
        .stories
        .into_iter()
        .find(|s| s.title == target)
        .unwrap();
    let editor = Actor {
        user: None,
        name: "eve@example.org".into(),
    };
    let now = jiff::Timestamp::now();

    store.unpublish_story(story.id, &editor, now).await.unwrap();
    let without = headlines(&digest().await);
    assert!(!without.iter().any(|h| h == target), "{without:?}");
    assert_eq!(without.len(), before.len() - 1, "the others stay");

    store.republish_story(story.id, &editor, now).await.unwrap();
    assert_eq!(headlines(&digest().await), before);
}
