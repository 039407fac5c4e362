//! A day of news and its readers, for the daily email's tests (and the
//! story desk's).
//!
//! Kenya Star (`kenya-star`) takes one source's stories in three
//! sections; its digest for 5 October 2026 at 06:00 in Brisbane holds
//! those published from 06:00 on the 4th (20:00 UTC on the 3rd).

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    CanonicalLink, Email, FeedUrl, MastheadId, NewStory, Section, SourceId, Story, StoryId,
    SubscriberId, SubscriberStatus,
};
use newsdesk_store::{Store, StoryFilter, StoryInsert};

/// An instant in the day before the digest of 5 October 2026: `hours` after
/// 06:00 Brisbane on 4 October (20:00 UTC on the 3rd).
pub fn hours_into_window(hours: i64) -> Timestamp {
    Timestamp::from_second(1_791_057_600 + hours * 3600).unwrap()
}

/// Stores stories for Kenya Star: per section, `count` in the window and
/// one from the day before it (never in the digest).
pub async fn seed_stories(store: &Store, count: usize) -> SourceId {
    let source = wire(store).await;
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

/// Stores `count` world stories of a source assigned to no masthead, so
/// every masthead takes them: "Network story N", `N` hours into the
/// window, oldest first; their ids.
pub async fn stories_for_every_masthead(store: &Store, count: usize) -> Vec<StoryId> {
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://wire.example/network.xml").unwrap(),
            name: "Network Wire".into(),
            section: None,
            mastheads: vec![],
        })
        .await
        .unwrap()
        .id;
    let stories: Vec<NewStory> = (0..count)
        .map(|n| {
            let mut story = story(source, "world", n, hours_into_window(n as i64));
            let link = format!("http://wire.example/network/{n}");
            story.guid = link.clone();
            story.canonical_link = CanonicalLink::parse(&link).unwrap();
            story.link = link;
            story.title = format!("Network story {n}");
            story
        })
        .collect();
    store
        .insert_stories(&stories)
        .await
        .unwrap()
        .into_iter()
        .map(|done| match done {
            StoryInsert::Inserted(id) => id,
            StoryInsert::Duplicate => panic!("a network story was stored before"),
        })
        .collect()
}

/// Every stored story, unpublished ones too, newest first (at most 100).
pub async fn every_story(store: &Store) -> Vec<Story> {
    let filter = StoryFilter {
        with_unpublished: true,
        ..StoryFilter::default()
    };
    store
        .list_stories(&filter, None, 100)
        .await
        .unwrap()
        .stories
}

/// The stored story whose headline starts with `start`.
pub async fn titled(store: &Store, start: &str) -> Story {
    every_story(store)
        .await
        .into_iter()
        .find(|s| s.title.starts_with(start))
        .unwrap_or_else(|| panic!("a story titled {start}"))
}

/// Kenya Star's one source, added.
async fn wire(store: &Store) -> SourceId {
    store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://wire.example/star.xml").unwrap(),
            name: "Harbour Wire".into(),
            section: None,
            mastheads: vec![MastheadId::parse("kenya-star").unwrap()],
        })
        .await
        .unwrap()
        .id
}

/// Stores a world story for Kenya Star every `every` from `from` until
/// `until`: news on every day of a stretch of weeks.
pub async fn stories_every(
    store: &Store,
    from: Timestamp,
    until: Timestamp,
    every: SignedDuration,
) {
    let source = wire(store).await;
    let mut stories = Vec::new();
    let mut at = from;
    while at < until {
        stories.push(story(source, "world", stories.len(), at));
        at = at.checked_add(every).unwrap();
    }
    store.insert_stories(&stories).await.unwrap();
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
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}

/// Adds a confirmed reader of Kenya Star who chose `sections` (none: all).
pub async fn confirmed_reader(store: &Store, address: &str, sections: &[&str]) -> SubscriberId {
    let star = MastheadId::parse("kenya-star").unwrap();
    let email = Email::parse(address).unwrap();
    let sections: Vec<Section> = sections
        .iter()
        .map(|s| Section::parse(s).unwrap())
        .collect();
    let id = store
        .add_subscriber(&star, &email, &sections, Timestamp::UNIX_EPOCH)
        .await
        .unwrap();
    store
        .set_subscriber_status(id, SubscriberStatus::Confirmed, Timestamp::UNIX_EPOCH)
        .await
        .unwrap();
    id
}

/// Adds `count` confirmed readers of Kenya Star, `reader-N@mail.example`.
pub async fn confirmed_readers(store: &Store, count: usize) -> Vec<SubscriberId> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        ids.push(confirmed_reader(store, &format!("reader-{n}@mail.example"), &[]).await);
    }
    ids
}
