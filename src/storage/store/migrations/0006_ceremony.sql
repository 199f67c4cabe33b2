-- The opening-ceremony script of a campaign: an ordered, timed programme.
CREATE TABLE ceremony_item (
    year      INTEGER NOT NULL REFERENCES campaign (year),
    position  INTEGER NOT NULL,
    time      TEXT NOT NULL,
    item      TEXT NOT NULL,
    who       TEXT NOT NULL,
    note      TEXT NOT NULL,
    PRIMARY KEY (year, position)
);
