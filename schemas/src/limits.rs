//! Explicit limits on what the core parses and checks. Exceeding one is an [`crate::Error::Limit`]
//! naming it, never a hang, a stack overflow or a crash.

/// Limits applied when parsing schemas and comparing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest schema document accepted, in bytes.
    pub max_document_bytes: usize,
    /// Deepest nesting of JSON arrays and objects in a schema document.
    pub max_depth: usize,
    /// Most schema nodes one schema (with its references) may contain; in a check each side
    /// counts on its own, so a schema that fits can be checked against one of the same size.
    pub max_nodes: usize,
    /// Most node pairs one compatibility check may compare (all passes together).
    pub max_comparisons: usize,
    /// Longest `pattern` / `patternProperties` regular expression, in bytes.
    pub max_pattern_bytes: usize,
    /// Largest compiled size of a regular expression, in bytes.
    pub max_regex_size: usize,
}

impl Limits {
    /// The defaults: 16 MiB documents, depth 128, 200,000 nodes, 5,000,000 comparisons,
    /// 4 KiB patterns compiled to at most 1 MiB.
    pub const DEFAULT: Limits = Limits {
        max_document_bytes: 16 * 1024 * 1024,
        max_depth: 128,
        max_nodes: 200_000,
        max_comparisons: 5_000_000,
        max_pattern_bytes: 4096,
        max_regex_size: 1 << 20,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
