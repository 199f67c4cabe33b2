-- The report (Báo cáo) of a campaign: its editable narrative; figures come from the log.
CREATE TABLE report (
    year             INTEGER PRIMARY KEY REFERENCES campaign (year),
    number           TEXT NOT NULL DEFAULT '',
    issue_date       TEXT NOT NULL,
    direction        TEXT NOT NULL,
    ceremony         TEXT NOT NULL,
    results          TEXT NOT NULL,
    difficulties     TEXT NOT NULL,
    recommendations  TEXT NOT NULL,
    recipients       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    exported_at      TEXT
);
