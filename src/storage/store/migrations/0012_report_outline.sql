-- The report's outline as the authority asks for it (its «MẪU BC» or «Phụ lục»), per year: its
-- headings in order, what the app writes under each (NULL: the school's own text) and that text.
-- Without rows the report follows the app's own outline.
CREATE TABLE report_outline (
    year      INTEGER NOT NULL REFERENCES campaign (year),
    position  INTEGER NOT NULL,
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    label     TEXT NOT NULL CHECK (label <> ''),
    section   TEXT CHECK (section IN ('direction', 'ceremony', 'activities', 'funding', 'funding_state',
                  'funding_private', 'results', 'difficulties', 'recommendations', 'statistics', 'evidence')),
    text      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, position)
);
