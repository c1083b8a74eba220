//! Domain tests without HTTP, against a real SQLite store in a temporary folder.
