//! accord CLI
