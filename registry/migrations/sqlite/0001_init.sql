-- Schemas are immutable; their ids are allocated here (AUTOINCREMENT: an id is never reused).
CREATE TABLE schemas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    identity TEXT NOT NULL UNIQUE,
    schema_type TEXT NOT NULL,
    schema TEXT NOT NULL,
    refs TEXT NOT NULL,
    metadata TEXT,
    rule_set TEXT,
    created_at INTEGER NOT NULL
);

-- One row per schema reference, for `referencedby` and for refusing deletes (42206).
CREATE TABLE schema_refs (
    schema_id INTEGER NOT NULL REFERENCES schemas (id),
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX schema_refs_target ON schema_refs (subject, version);
CREATE INDEX schema_refs_schema ON schema_refs (schema_id);

-- One row per subject ever written: the row PostgreSQL locks to serialise writers.
CREATE TABLE subjects (
    name TEXT PRIMARY KEY
);

CREATE TABLE versions (
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    schema_id INTEGER NOT NULL REFERENCES schemas (id),
    deleted INTEGER NOT NULL DEFAULT 0,
    ts INTEGER NOT NULL,
    PRIMARY KEY (subject, version)
);
CREATE INDEX versions_schema ON versions (schema_id);

-- Config and mode per scope: '' is the global scope, anything else a subject.
CREATE TABLE config (
    scope TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TABLE modes (
    scope TEXT PRIMARY KEY,
    mode TEXT NOT NULL
);

-- The append-only audit log, written in the same transaction as the change it records.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT,
    version INTEGER,
    schema_id INTEGER,
    detail TEXT NOT NULL
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only');
END;
