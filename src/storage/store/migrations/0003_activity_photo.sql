-- The activity log of a campaign and its photo evidence. Activities are never deleted outright:
-- `deleted_at` hides them and an undo clears it.
CREATE TABLE activity (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL REFERENCES campaign (year),
    date             TEXT NOT NULL,
    start_time       TEXT NOT NULL DEFAULT '',
    end_time         TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    organiser        TEXT NOT NULL DEFAULT '',
    staff            INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
    pupils           INTEGER NOT NULL DEFAULT 0 CHECK (pupils >= 0),
    community        INTEGER NOT NULL DEFAULT 0 CHECK (community >= 0),
    books            INTEGER NOT NULL DEFAULT 0 CHECK (books >= 0),
    documents        INTEGER NOT NULL DEFAULT 0 CHECK (documents >= 0),
    gifts            INTEGER NOT NULL DEFAULT 0 CHECK (gifts >= 0),
    gift_value       INTEGER NOT NULL DEFAULT 0 CHECK (gift_value >= 0),
    funding_state    INTEGER NOT NULL DEFAULT 0 CHECK (funding_state >= 0),
    funding_private  INTEGER NOT NULL DEFAULT 0 CHECK (funding_private >= 0),
    links            TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX activity_by_year_date ON activity (year, date);

-- A photo is stored once on disk (content-addressed by SHA-256) and listed once per campaign.
CREATE TABLE photo (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL REFERENCES campaign (year),
    sha256          TEXT NOT NULL,
    file            TEXT NOT NULL,
    thumb           TEXT NOT NULL,
    original_name   TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    orientation     INTEGER NOT NULL DEFAULT 1,
    taken_at        TEXT,
    activity_id     INTEGER REFERENCES activity (id),
    caption         TEXT NOT NULL DEFAULT '',
    representative  INTEGER NOT NULL DEFAULT 0,
    imported_at     TEXT NOT NULL,
    UNIQUE (year, sha256)
);
