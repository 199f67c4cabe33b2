-- The authority's statistics form (its «Mẫu tổng hợp»), kept per year as the school received it
-- (an .xlsx or a .docx), with where each item's value goes and where it comes from.
CREATE TABLE authority_form (
    year        INTEGER PRIMARY KEY REFERENCES campaign (year),
    authority   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    package     TEXT NOT NULL CHECK (package IN ('xlsx', 'docx')),
    -- The worksheet's name, or the table's number in the document.
    place       TEXT NOT NULL,
    layout      TEXT NOT NULL CHECK (layout IN ('rows', 'units')),
    -- Where the school's name goes: a cell ('cell 3 1': an empty row of a per-school form, or the
    -- «Trường: ……» line above the table), or a paragraph above a Word table ('above 0': the
    -- nearest); a line keeps its words (name_label).
    name_at     TEXT,
    name_label  TEXT,
    -- Where the date goes: the signature block's «…, ngày … tháng … năm …» line (a cell, or a
    -- paragraph below a Word table: 'below 0'), with the place the authority wrote there.
    date_at     TEXT,
    date_locality TEXT,
    content     BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- One item of the form: its words, its value cell, and its source: a row of the statistics table
-- (source), or a number typed by hand (manual = 1, typed NULL until typed). A formula cell is
-- never written.
CREATE TABLE authority_form_item (
    year      INTEGER NOT NULL REFERENCES authority_form (year) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    context   TEXT NOT NULL DEFAULT '',
    unit      TEXT NOT NULL DEFAULT '',
    cell_row  INTEGER NOT NULL,
    cell_col  INTEGER NOT NULL,
    formula   INTEGER NOT NULL DEFAULT 0,
    source    TEXT,
    manual    INTEGER NOT NULL DEFAULT 0,
    typed     INTEGER CHECK (typed >= 0),
    hint      TEXT NOT NULL DEFAULT '',
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (year, position),
    CHECK (source IS NULL OR manual = 0)
);

-- The filled form is a kept document too (a workbook or a Word table, as the authority sent it).
CREATE TABLE export_new (
    year         INTEGER NOT NULL REFERENCES campaign (year),
    kind         TEXT NOT NULL CHECK (kind IN ('plan', 'report', 'report_pdf', 'ceremony', 'stats', 'form_sheet',
                     'form_table', 'dossier')),
    inputs       TEXT NOT NULL,
    exported_at  TEXT NOT NULL,
    PRIMARY KEY (year, kind)
);
INSERT INTO export_new SELECT year, kind, inputs, exported_at FROM export;
DROP TABLE export;
ALTER TABLE export_new RENAME TO export;
