-- Wire copy, once: near-copies of one agency story grouped into clusters,
-- so that readers see each story once, with all of its coverage
-- (crates/wirecopy; docs/ARCHITECTURE.md, "Wire copy").
--
-- cluster_id:   the cluster the story belongs to, named by the id of its
--               first story: the cluster's address (/story/ID) whichever
--               version leads. NULL while the story is alone (not
--               clustered yet, or no near-copy found): most stories. Only
--               the stories of clusters of two or more are written, so
--               clustering rewrites no row of a story that stays alone (a
--               row holds the story's text: SQLite rewrites all of it).
-- cluster_rank: the story's place in its cluster by the lead rules
--               (wirecopy::lead): 0 leads. A list shows a cluster once,
--               as its best-ranked member the masthead takes.
ALTER TABLE stories ADD COLUMN cluster_id BIGINT;
ALTER TABLE stories ADD COLUMN cluster_rank INTEGER NOT NULL DEFAULT 0;

-- A cluster's members in rank order: the lists' "is there a better-ranked
-- member this masthead takes?" and the story page's coverage.
CREATE INDEX stories_by_cluster ON stories (cluster_id, cluster_rank)
    WHERE cluster_id IS NOT NULL;

-- The stories whose text changed and are to be clustered (again), oldest
-- first: a row when a story is stored, its version bumped when its page's
-- text replaces the feed's or an editor rewrites it. The clustering step
-- deletes the row only if it still holds the version it read, so a text
-- that changes while its old text is being clustered stays due. A table
-- of its own, narrow, so that taking a story off it rewrites no story.
CREATE TABLE cluster_queue (
    story_id BIGINT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    version  BIGINT NOT NULL
);

-- What the clustering step keeps of each story it could sketch (stories
-- under about 22 words have no sketch and stay alone).
--
-- sketch:      wirecopy::Sketch::to_bytes, 100 bytes: 64 one-byte MinHash
--              minima of the text's three-word shingles, 32 of its names
--              and numbers, and the two counts.
-- clean_chars: characters of clean text (without boilerplate), for the
--              lead rule "the fullest text leads".
-- revision:    0 an original, 1 to 65535 an update's number ("UPDATE 2"
--              is 2), -1 a correction: the lead rule "a revision
--              supersedes".
-- band_0..8:   the nine banded LSH keys (wirecopy::BandKeys), each folded
--              to 32 bits. A new story's candidates are the stories that
--              share one of its keys in the same band: nine index probes,
--              never a scan. 32 bits keep the indexes small; a chance
--              collision among a million stories is about one probe in
--              500 and costs one more candidate to verify, never a wrong
--              cluster (every candidate is verified on its sketch).
CREATE TABLE story_sketches (
    story_id    BIGINT  PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    sketch      BYTEA   NOT NULL,
    clean_chars INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    band_0      INTEGER NOT NULL,
    band_1      INTEGER NOT NULL,
    band_2      INTEGER NOT NULL,
    band_3      INTEGER NOT NULL,
    band_4      INTEGER NOT NULL,
    band_5      INTEGER NOT NULL,
    band_6      INTEGER NOT NULL,
    band_7      INTEGER NOT NULL,
    band_8      INTEGER NOT NULL
);
CREATE INDEX story_sketches_band_0 ON story_sketches (band_0);
CREATE INDEX story_sketches_band_1 ON story_sketches (band_1);
CREATE INDEX story_sketches_band_2 ON story_sketches (band_2);
CREATE INDEX story_sketches_band_3 ON story_sketches (band_3);
CREATE INDEX story_sketches_band_4 ON story_sketches (band_4);
CREATE INDEX story_sketches_band_5 ON story_sketches (band_5);
CREATE INDEX story_sketches_band_6 ON story_sketches (band_6);
CREATE INDEX story_sketches_band_7 ON story_sketches (band_7);
CREATE INDEX story_sketches_band_8 ON story_sketches (band_8);

-- Where `newsdesk story recluster` is: the last story it clustered, per
-- run (named by its --since, '' for all stories), so that a run stopped
-- part way resumes after it. A run that finishes deletes its row.
CREATE TABLE recluster_runs (
    since      TEXT   PRIMARY KEY,
    after_id   BIGINT NOT NULL,
    started_at BIGINT NOT NULL
);

-- Stories stored before this change are not due: until `newsdesk story
-- recluster` clusters them (the upgrade note says so), each is listed on
-- its own, as it was. Marking them here would make the first pass after an
-- upgrade cluster the whole archive before it fetched anything.
