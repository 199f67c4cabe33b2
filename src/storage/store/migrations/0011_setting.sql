-- Choices of this install kept with its data, one row per key: for now the folder the exported
-- documents go to (absent: «Tuần Lễ» under the user's Documents).
CREATE TABLE setting (
    key    TEXT PRIMARY KEY CHECK (key IN ('export_folder')),
    value  TEXT NOT NULL
);
