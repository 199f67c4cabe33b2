-- Manual corrections of the statistics table: kept beside the computed value, never replacing it.
CREATE TABLE stats_correction (
    year        INTEGER NOT NULL REFERENCES campaign (year),
    key         TEXT NOT NULL,
    value       INTEGER NOT NULL CHECK (value >= 0),
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (year, key)
);
