//! Clusters of wire copy in the store, on SQLite and PostgreSQL: one
//! agency story republished under several links is one cluster, led by
//! its latest update, listed once, with every source's link; another
//! agency's report of the same event stays apart; texts too short to
//! compare never cluster; hostile texts (1,000 repeats, scripts without
//! spaces, 5 MB) cluster as they should; a text that changes is clustered
//! again; re-clustering resumes where it stopped; and two workers
//! clustering at once on PostgreSQL never split or merge a cluster.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    ArticlePage, CanonicalLink, FeedUrl, MastheadId, MastheadReach, NewStory, Section, SourceId,
    StoryId,
};
use newsdesk_store::{Store, StoryFilter, StoryInsert};
use newsdesk_testkit::TestDb;
use newsdesk_testkit::wire_copy::{CYCLONE, PORT_STRIKE, PORT_STRIKE_OTHER_AGENCY, RATE_RISE};

newsdesk_testkit::on_both_databases!(
    one_copy_under_three_links_is_one_cluster_listed_once,
    another_agencys_report_of_the_same_event_stays_apart,
    texts_too_short_to_compare_never_cluster,
    one_text_under_a_thousand_guids_is_one_cluster,
    scripts_without_spaces_cluster_by_their_characters,
    a_five_megabyte_text_is_clustered_by_its_start,
    a_story_whose_page_arrives_is_clustered_again,
    reclustering_resumes_after_its_checkpoint,
    two_workers_clustering_at_once_never_split_a_cluster,
);

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_second(1_773_300_000 + minutes * 60).unwrap()
}

fn star() -> MastheadReach {
    MastheadReach {
        id: MastheadId::parse("kenya-star").unwrap(),
        countries: vec![],
    }
}

async fn source(store: &Store, name: &str) -> SourceId {
    store
        .add_source(&NewSource {
            url: FeedUrl::parse(&format!("http://{name}.example/feed.xml")).unwrap(),
            name: name.into(),
            section: None,
            mastheads: vec![],
        })
        .await
        .unwrap()
        .id
}

fn story(source: SourceId, link: &str, headline: &str, body: &str, minutes: i64) -> NewStory {
    NewStory {
        source_id: source,
        guid: link.to_owned(),
        link: link.to_owned(),
        canonical_link: CanonicalLink::parse(link).unwrap(),
        title: headline.to_owned(),
        standfirst: String::new(),
        body: body.to_owned(),
        author: None,
        published_at: at(minutes),
        categories: vec![],
        section: Section::parse("world").unwrap(),
        dateline: None,
        filed: Default::default(),
    }
}

async fn insert(store: &Store, story: NewStory) -> StoryId {
    match store.insert_story(&story).await.unwrap() {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("stored before: {}", story.link),
    }
}

/// Clusters every due story.
async fn cluster_all(store: &Store) {
    while store.cluster_due(50).await.unwrap().stories > 0 {}
    assert_eq!(store.clusters_due().await.unwrap(), 0);
}

/// A story's cluster (its own id when it is alone).
async fn cluster_of(store: &Store, id: StoryId) -> StoryId {
    let filter = StoryFilter {
        with_unpublished: true,
        ..StoryFilter::default()
    };
    let all = store
        .list_stories(&filter, None, 5000)
        .await
        .unwrap()
        .stories;
    let story = all.iter().find(|s| s.id == id).expect("stored");
    // A story alone has no cluster of its own: its address is its id.
    story.address()
}

async fn listed(store: &Store) -> Vec<StoryId> {
    let filter = StoryFilter {
        masthead: Some(star()),
        ..StoryFilter::default()
    };
    store
        .list_stories(&filter, None, 100)
        .await
        .unwrap()
        .stories
        .into_iter()
        .map(|s| s.id)
        .collect()
}

async fn one_copy_under_three_links_is_one_cluster_listed_once(db: TestDb) {
    let store = &db.store;
    let (wire, coast, lakes) = (
        source(store, "harbour-wire").await,
        source(store, "coast-daily").await,
        source(store, "lakes-post").await,
    );
    let first = insert(
        store,
        story(
            wire,
            "http://harbour-wire.example/strike",
            PORT_STRIKE.headline,
            &PORT_STRIKE.text(),
            0,
        ),
    )
    .await;
    let (headline, text) =
        PORT_STRIKE.republished("Port strike strands ships off Mombasa", "Coast Daily", 1);
    let cut = insert(
        store,
        story(
            coast,
            "http://coast-daily.example/a/1",
            &headline,
            &text,
            20,
        ),
    )
    .await;
    let other = insert(
        store,
        story(
            wire,
            "http://harbour-wire.example/rates",
            RATE_RISE.headline,
            &RATE_RISE.text(),
            30,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(
        cluster_of(store, first).await,
        first,
        "the first names the cluster"
    );
    assert_eq!(cluster_of(store, cut).await, first);
    assert_eq!(cluster_of(store, other).await, other);
    // The fuller original leads: the cut copy is not listed.
    assert_eq!(listed(store).await, vec![other, first]);

    // The agency's update, carried by a third outlet, leads and keeps the
    // cluster's address.
    let (headline, text) = PORT_STRIKE.update(
        "The union called off the strike late on Wednesday after the authority agreed to pay \
         half of the arrears by Friday and the rest within a month, union secretary Simon \
         Sang said.",
    );
    let update = insert(
        store,
        story(
            lakes,
            "http://lakes-post.example/strike-update",
            &headline,
            &text,
            90,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(cluster_of(store, update).await, first);
    assert_eq!(listed(store).await, vec![update, other]);
    let view = store.cluster_lead(first, &star()).await.unwrap().unwrap();
    assert_eq!(view.lead.id, update);
    assert_eq!(view.lead.address(), first);
    assert!(view.updated, "the page says it was updated");
    assert_eq!(view.members, 3);
    assert_eq!(
        store.cluster_members(first).await.unwrap(),
        vec![update, first, cut],
        "ranked: the update, the fuller original, the cut copy"
    );
    let carriers: Vec<String> = store
        .cluster_carriers(first)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.source_name)
        .collect();
    assert_eq!(carriers, ["harbour-wire", "coast-daily", "lakes-post"]);

    // An editor takes the update down: the original leads again.
    store
        .unpublish_story(update, &newsdesk_store::Actor::command_line(), at(100))
        .await
        .unwrap();
    assert_eq!(listed(store).await, vec![other, first]);
    let view = store.cluster_lead(first, &star()).await.unwrap().unwrap();
    assert_eq!((view.lead.id, view.updated), (first, false));
}

async fn another_agencys_report_of_the_same_event_stays_apart(db: TestDb) {
    let store = &db.store;
    let (wire, coast) = (
        source(store, "harbour-wire").await,
        source(store, "coast-press").await,
    );
    let ours = insert(
        store,
        story(
            wire,
            "http://harbour-wire.example/strike",
            PORT_STRIKE.headline,
            &PORT_STRIKE.text(),
            0,
        ),
    )
    .await;
    let theirs = insert(
        store,
        story(
            coast,
            "http://coast-press.example/strike",
            PORT_STRIKE_OTHER_AGENCY.headline,
            &PORT_STRIKE_OTHER_AGENCY.text(),
            5,
        ),
    )
    .await;
    let storm = insert(
        store,
        story(
            wire,
            "http://harbour-wire.example/cyclone",
            CYCLONE.headline,
            &CYCLONE.text(),
            10,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(cluster_of(store, ours).await, ours);
    assert_eq!(cluster_of(store, theirs).await, theirs);
    assert_eq!(cluster_of(store, storm).await, storm);
    assert_eq!(listed(store).await, vec![storm, theirs, ours]);
}

async fn texts_too_short_to_compare_never_cluster(db: TestDb) {
    let store = &db.store;
    let wire = source(store, "harbour-wire").await;
    let mut ids = Vec::new();
    for (n, (headline, body)) in [
        ("Breaking", ""),
        ("Breaking", ""),
        ("Yes", "Yes."),
        ("Yes", "Yes."),
        // A page that is all boilerplate: a byline and sign-offs.
        ("Port news", "By Staff Reporter\n\nRead more: markets\n\nCopyright 2025 Harbour Wire. All rights reserved."),
        ("Port news", "By Staff Reporter\n\nRead more: markets\n\nCopyright 2025 Harbour Wire. All rights reserved."),
    ]
    .into_iter()
    .enumerate()
    {
        let link = format!("http://harbour-wire.example/short/{n}");
        ids.push(insert(store, story(wire, &link, headline, body, n as i64)).await);
    }
    let tally = store.cluster_due(50).await.unwrap();
    assert_eq!(tally.stories, 6);
    assert_eq!(tally.unsketchable, 6);
    assert_eq!(tally.joined, 0);
    for id in &ids {
        assert_eq!(cluster_of(store, *id).await, *id, "alone");
    }
    assert_eq!(
        listed(store).await.len(),
        6,
        "each listed (exact repeats are the pages' to fold)"
    );
}

async fn one_text_under_a_thousand_guids_is_one_cluster(db: TestDb) {
    let store = &db.store;
    let wire = source(store, "harbour-wire").await;
    let stories: Vec<NewStory> = (0..1000)
        .map(|n| {
            story(
                wire,
                &format!("http://harbour-wire.example/repeat/{n}"),
                RATE_RISE.headline,
                &RATE_RISE.text(),
                n,
            )
        })
        .collect();
    let done = store.insert_stories(&stories).await.unwrap();
    let first = match done[0] {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("stored before"),
    };
    cluster_all(store).await;
    let members = store.cluster_members(first).await.unwrap();
    assert_eq!(members.len(), 1000, "every copy in one cluster, none lost");
    assert_eq!(
        members[0], first,
        "the same text: the first published leads"
    );
    assert_eq!(listed(store).await, vec![first]);
    assert_eq!(store.count_stories().await.unwrap(), 1000);
}

async fn scripts_without_spaces_cluster_by_their_characters(db: TestDb) {
    let store = &db.store;
    let (a, b) = (
        source(store, "asia-wire").await,
        source(store, "asia-daily").await,
    );
    // Our own sentences: Chinese on a port strike, Thai on a rate rise.
    let chinese = "蒙巴萨港约四千名码头工人周三上午停工，表示港务局拖欠他们三个月的加班费。\n\n\
        工会表示，在港务局支付所欠款项之前，会员将不会返回码头，并要求运输公司暂停向集装箱码头派车。\n\n\
        港务局发言人说，双方定于周四举行谈判，预计周末前大部分起重机将恢复作业。";
    let thai = "ธนาคารกลางมอริเชียสปรับขึ้นอัตราดอกเบี้ยนโยบายเป็นร้อยละสี่จุดห้าในวันพุธ \
        ซึ่งเป็นการขึ้นครั้งแรกในรอบสองปี โดยระบุว่าราคาอาหารและน้ำมันนำเข้าทำให้เงินเฟ้อสูงกว่าเป้าหมาย\n\n\
        ผู้ว่าการธนาคารกล่าวว่าธนาคารจะติดตามค่าเงินรูปีอย่างใกล้ชิดในช่วงหลายเดือนข้างหน้า";
    let zh1 = insert(
        store,
        story(a, "http://asia-wire.example/zh", "码头工人罢工", chinese, 0),
    )
    .await;
    let zh2 = insert(
        store,
        story(
            b,
            "http://asia-daily.example/zh",
            "蒙巴萨港口停工",
            &format!("{chinese}\n\n阅读更多新闻。"),
            5,
        ),
    )
    .await;
    let th1 = insert(
        store,
        story(a, "http://asia-wire.example/th", "ขึ้นดอกเบี้ย", thai, 10),
    )
    .await;
    let th2 = insert(
        store,
        story(
            b,
            "http://asia-daily.example/th",
            "มอริเชียสขึ้นดอกเบี้ย",
            thai,
            15,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(cluster_of(store, zh2).await, zh1);
    assert_eq!(cluster_of(store, th2).await, th1);
    assert_ne!(zh1, th1);
    assert_eq!(listed(store).await, vec![th1, zh1]);
}

async fn a_five_megabyte_text_is_clustered_by_its_start(db: TestDb) {
    let store = &db.store;
    let (a, b) = (
        source(store, "harbour-wire").await,
        source(store, "coast-daily").await,
    );
    let huge = format!(
        "{}\n\n{}",
        CYCLONE.text(),
        "Rain fell on the coast again. ".repeat(175_000)
    );
    assert!(huge.len() > 5_000_000);
    let big = insert(
        store,
        story(
            a,
            "http://harbour-wire.example/huge",
            CYCLONE.headline,
            &huge,
            0,
        ),
    )
    .await;
    let copy = insert(
        store,
        story(
            b,
            "http://coast-daily.example/storm",
            "Storm nears Mahajanga",
            &CYCLONE.text(),
            5,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(cluster_of(store, copy).await, big);
    let body = store.story(big).await.unwrap().unwrap().body;
    assert_eq!(body.len(), huge.len(), "nothing stored is cut");
}

async fn a_story_whose_page_arrives_is_clustered_again(db: TestDb) {
    let store = &db.store;
    let (a, b) = (
        source(store, "harbour-wire").await,
        source(store, "coast-daily").await,
    );
    let wire = insert(
        store,
        story(
            a,
            "http://harbour-wire.example/rates",
            RATE_RISE.headline,
            &RATE_RISE.text(),
            0,
        ),
    )
    .await;
    // The feed gave only a line: alone until its page comes.
    let republished = insert(
        store,
        story(
            b,
            "http://coast-daily.example/rates",
            "Rates go up",
            "The central bank acted.",
            5,
        ),
    )
    .await;
    cluster_all(store).await;
    assert_eq!(cluster_of(store, republished).await, republished);
    assert_eq!(listed(store).await, vec![republished, wire]);
    let page = ArticlePage {
        body: Some(RATE_RISE.text()),
        body_html: String::new(),
        ..ArticlePage::default()
    };
    store.record_article(republished, &page).await.unwrap();
    assert_eq!(store.clusters_due().await.unwrap(), 1, "due again");
    cluster_all(store).await;
    assert_eq!(cluster_of(store, republished).await, wire);
    assert_eq!(listed(store).await, vec![wire]);
}

async fn reclustering_resumes_after_its_checkpoint(db: TestDb) {
    let store = &db.store;
    let wire = source(store, "harbour-wire").await;
    let mut ids = Vec::new();
    for (n, copy) in [
        PORT_STRIKE,
        RATE_RISE,
        CYCLONE,
        PORT_STRIKE,
        RATE_RISE,
        CYCLONE,
    ]
    .iter()
    .enumerate()
    {
        let link = format!("http://harbour-wire.example/{n}");
        ids.push(
            insert(
                store,
                story(wire, &link, copy.headline, &copy.text(), n as i64),
            )
            .await,
        );
    }
    // Stories stored before clustering existed: never clustered.
    assert_eq!(listed(store).await.len(), 6);
    let since = "";
    assert_eq!(store.recluster_checkpoint(since).await.unwrap(), None);
    let (last, tally) = store.recluster_after(StoryId(0), None, 4).await.unwrap();
    assert_eq!((last, tally.stories), (Some(ids[3]), 4));
    store.save_recluster_checkpoint(since, last).await.unwrap();
    // Stopped here; a new run reads where to go on.
    let resume = store.recluster_checkpoint(since).await.unwrap().unwrap();
    assert_eq!(resume, ids[3]);
    assert_eq!(store.stories_after(resume, None).await.unwrap(), 2);
    let (last, tally) = store.recluster_after(resume, None, 4).await.unwrap();
    assert_eq!((last, tally.stories), (Some(ids[5]), 2));
    assert_eq!(
        store.recluster_after(ids[5], None, 4).await.unwrap().0,
        None
    );
    store.save_recluster_checkpoint(since, None).await.unwrap();
    assert_eq!(store.recluster_checkpoint(since).await.unwrap(), None);
    assert_eq!(listed(store).await, vec![ids[2], ids[1], ids[0]]);
    // Only the stories published since a time.
    let (_, tally) = store
        .recluster_after(StoryId(0), Some(at(4)), 10)
        .await
        .unwrap();
    assert_eq!(tally.stories, 2);
}

async fn two_workers_clustering_at_once_never_split_a_cluster(db: TestDb) {
    // Two processes of their own, each storing what its sources carry and
    // clustering straight away, over and over: the same three wire stories
    // reach both, twenty times each.
    let copies = [PORT_STRIKE, RATE_RISE, CYCLONE];
    let setup = &db.store;
    let sources = [
        source(setup, "north-desk").await,
        source(setup, "south-desk").await,
    ];
    let mut workers = Vec::new();
    for (w, source) in sources.into_iter().enumerate() {
        let store = Store::connect(&db.url).await.unwrap();
        workers.push(tokio::spawn(async move {
            for round in 0..10 {
                for (c, copy) in copies.iter().enumerate() {
                    let (headline, text) = copy.republished(
                        &format!("{} ({w}-{round})", copy.headline),
                        &format!("Desk {w}"),
                        round % 2,
                    );
                    let link = format!("http://desk-{w}.example/{c}/{round}");
                    let mut s = story(source, &link, &headline, &text, round as i64);
                    s.guid = link;
                    store.insert_story(&s).await.unwrap();
                    store.cluster_due(5).await.unwrap();
                }
            }
            while store.cluster_due(50).await.unwrap().stories > 0 {}
            store.close().await;
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    cluster_all(setup).await;
    let filter = StoryFilter {
        with_unpublished: true,
        ..StoryFilter::default()
    };
    let all = setup
        .list_stories(&filter, None, 500)
        .await
        .unwrap()
        .stories;
    assert_eq!(all.len(), 60);
    let mut clusters: std::collections::BTreeMap<StoryId, usize> = Default::default();
    for story in &all {
        *clusters.entry(story.address()).or_default() += 1;
    }
    assert_eq!(
        clusters.values().copied().collect::<Vec<_>>(),
        vec![20, 20, 20],
        "three clusters of twenty: {clusters:?}"
    );
    assert_eq!(listed(setup).await.len(), 3);
}
