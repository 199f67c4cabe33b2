-- The plan (Kế hoạch) of a campaign: one per year, its lists as ordered rows.
CREATE TABLE plan (
    year         INTEGER PRIMARY KEY REFERENCES campaign (year),
    number       TEXT NOT NULL DEFAULT '',
    issue_date   TEXT NOT NULL,
    intro        TEXT NOT NULL,
    closing      TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    exported_at  TEXT
);

CREATE TABLE plan_legal_basis (
    year      INTEGER NOT NULL REFERENCES plan (year) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    prefix    TEXT NOT NULL,
    doc_kind  TEXT NOT NULL,
    number    TEXT NOT NULL,
    date      TEXT,
    issuer    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    PRIMARY KEY (year, position)
);

CREATE TABLE plan_item (
    year      INTEGER NOT NULL REFERENCES plan (year) ON DELETE CASCADE,
    section   TEXT NOT NULL CHECK (section IN ('purpose', 'requirement', 'activity', 'recipient')),
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (year, section, position)
);

CREATE TABLE plan_assignment (
    year      INTEGER NOT NULL REFERENCES plan (year) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    unit      TEXT NOT NULL,
    duties    TEXT NOT NULL,
    PRIMARY KEY (year, position)
);
