-- Sending: the mail account (never its password: that lives in the OS keychain), the outbox with
-- the exact bytes of each message, and one row per sending attempt with the phase it reached.
CREATE TABLE mail_account (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    provider    TEXT NOT NULL,
    host        TEXT NOT NULL,
    port        INTEGER NOT NULL,
    security    TEXT NOT NULL,
    username    TEXT NOT NULL,
    from_name   TEXT NOT NULL,
    from_email  TEXT NOT NULL,
    ca_file     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL,
    message_id       TEXT NOT NULL UNIQUE,
    recipient        TEXT NOT NULL,
    cc               TEXT NOT NULL,
    subject          TEXT NOT NULL,
    attachments      TEXT NOT NULL,
    raw              BLOB NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_error       TEXT NOT NULL DEFAULT '',
    server_reply     TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    sent_at          TEXT
);

CREATE TABLE outbox_attempt (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES outbox (id),
    started_at   TEXT NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('connect', 'data', 'done')),
    finished_at  TEXT,
    outcome      TEXT NOT NULL DEFAULT '',
    reply        TEXT NOT NULL DEFAULT ''
);
