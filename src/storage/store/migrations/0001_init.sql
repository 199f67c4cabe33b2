-- The school profile (one school per data folder) and its yearly campaigns.
CREATE TABLE school (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    authority_line  TEXT NOT NULL,
    abbreviation    TEXT NOT NULL,
    place_name      TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signer_title    TEXT NOT NULL CHECK (signer_title IN ('principal', 'deputy_for_principal', 'deputy_in_charge')),
    email           TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE campaign (
    year             INTEGER PRIMARY KEY CHECK (year BETWEEN 2011 AND 2100),
    theme            TEXT NOT NULL,
    week_start       TEXT NOT NULL,
    week_end         TEXT NOT NULL,
    opening_date     TEXT NOT NULL,
    authority_name   TEXT NOT NULL,
    authority_email  TEXT NOT NULL,
    report_deadline  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (week_end >= week_start)
);
