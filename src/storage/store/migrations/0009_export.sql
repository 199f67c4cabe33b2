-- What each kept document of a year was made from: a digest per input (JSON), so a change of any
-- of them marks the document stale. Replaces the plan's and report's own export timestamps,
-- which only saw edits of their own row.
CREATE TABLE export (
    year         INTEGER NOT NULL REFERENCES campaign (year),
    kind         TEXT NOT NULL CHECK (kind IN ('plan', 'report', 'report_pdf', 'ceremony', 'stats', 'dossier')),
    inputs       TEXT NOT NULL,
    exported_at  TEXT NOT NULL,
    PRIMARY KEY (year, kind)
);

ALTER TABLE plan DROP COLUMN exported_at;
ALTER TABLE report DROP COLUMN exported_at;
