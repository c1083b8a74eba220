//! Tables of reads, as `accord.toml` and contract files write them: each read compiled on the
//! spot, so a bad one fails with the position of the read at fault.

use accord_schemas::contract::{self, Read};
use serde::Deserialize;
use toml::Spanned;

use super::spans::Spans;
use crate::failure::Failure;

/// A contract file named by `[[consumes]] file = "..."`: a table of reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContractFile {
    reads: Vec<Spanned<Read>>,
}

/// Compile a non-empty table of reads, so a bad read fails here with its position in `at`.
pub(crate) fn check_reads(reads: &[Spanned<Read>], at: Spans) -> Result<Vec<Read>, Failure> {
    let plain: Vec<Read> = reads.iter().map(|r| r.get_ref().clone()).collect();
    contract::compile(&plain).map_err(|e| {
        let index = e.index().min(reads.len() - 1);
        at.error(Some(reads[index].span()), e)
    })?;
    Ok(plain)
}

/// The reads of a contract file (TOML with a `reads` array of tables); errors name
/// `file:line:col`.
pub(crate) fn parse_contract_file(text: &str, name: &str) -> Result<Vec<Read>, Failure> {
    let at = Spans { name, text };
    let raw: RawContractFile = at.toml()?;
    if raw.reads.is_empty() {
        return Err(at.error(None, "`reads` is empty"));
    }
    check_reads(&raw.reads, at)
}

#[cfg(test)]
mod tests {
    use super::parse_contract_file;

    #[test]
    fn contract_files_hold_a_reads_table_and_errors_name_the_file() {
        let reads = parse_contract_file(
            "[[reads]]\npath = \"/order_id\"\ntype = \"string\"\n\n[[reads]]\npath = \"/items/*/sku\"\n",
            "contracts/orders.toml",
        )
        .unwrap();
        assert_eq!(reads.len(), 2);
        assert_eq!(reads[1].path, "/items/*/sku");
        let e = parse_contract_file("[[reads]]\npath = \"/a\"\ntype = \"strng\"\n", "c.toml")
            .map_err(|f| format!("{:#}", f.error))
            .unwrap_err();
        assert!(
            e.starts_with("c.toml:1:1: read 0 (/a): unknown type"),
            "{e}"
        );
        let e = parse_contract_file("reads = []\n", "c.toml")
            .map_err(|f| format!("{:#}", f.error))
            .unwrap_err();
        assert_eq!(e, "c.toml: `reads` is empty");
    }
}
