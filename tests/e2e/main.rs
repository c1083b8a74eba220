//! End-to-end tests: real binaries, real HTTP, real stores.
