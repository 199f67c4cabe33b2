-- Signature blocks: an acting head ("acting", Q. HIỆU TRƯỞNG) was offered but refused by the old
-- CHECK, and a document issued by a collective body is signed "TM. <body>" above the role of the
-- person who signs (Nghị định 30/2020, Phụ lục I). SQLite cannot change a CHECK in place: the
-- table is rebuilt with its rows.
CREATE TABLE school_new (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    authority_line  TEXT NOT NULL,
    abbreviation    TEXT NOT NULL,
    place_name      TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signer_title    TEXT NOT NULL
        CHECK (signer_title IN ('principal', 'deputy_for_principal', 'deputy_in_charge', 'acting', 'on_behalf')),
    -- Only for 'on_behalf': the body ("Ban Chỉ đạo") and the signer's role in it ("Trưởng ban").
    signing_body    TEXT NOT NULL DEFAULT '',
    signing_role    TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
INSERT INTO school_new (id, name, authority_line, abbreviation, place_name, signer_name, signer_title, email, updated_at)
    SELECT id, name, authority_line, abbreviation, place_name, signer_name, signer_title, email, updated_at FROM school;
DROP TABLE school;
ALTER TABLE school_new RENAME TO school;
