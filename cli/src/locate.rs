//! Map a JSON pointer back to its line and column in the document's text, so that messages point
//! into the file the user edits (`order.json:12:7`). serde_json's `Value` keeps no positions, so
//! this walks the text itself, following the pointer and skipping siblings without building them.
//! The walk is iterative: deeply nested documents cannot overflow the stack.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The 1-based line and column (in characters) of the node at `pointer` in `text`: the member
/// name for an object member, the value for an array element or the root. `None` when the text
/// has no such node (or is not JSON the walk can follow).
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Places::default().locate(text, pointer)
}

/// Where `pointer` is in `text`, else its deepest ancestor that is, else the document's start.
pub(crate) fn locate_nearest(text: &str, pointer: &str) -> (usize, usize) {
    let mut prefix = pointer;
    loop {
        if let Some(found) = locate(text, prefix) {
            return found;
        }
        match prefix.rfind('/') {
            Some(cut) => prefix = &prefix[..cut],
            None => return (1, 1),
        }
    }
}

/// What one text's walk has found, kept for the next pointer: the start of each line and the
/// children of each object or array visited. Placing many findings in one large document then
/// costs one pass over the text instead of one per finding.
#[derive(Default)]
pub(crate) struct Places {
    lines: OnceCell<Vec<usize>>,
    children: RefCell<HashMap<usize, Rc<Children>>>,
}

/// The children of an object (member name → where the name and the value start; the first of a
/// repeated name) or of an array (where each element starts).
enum Children {
    Object(HashMap<String, (usize, usize)>),
    Array(Vec<usize>),
}

impl Places {
    /// [`locate`], for `text`: always the same text for the same `Places`.
    pub(crate) fn locate(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        let mut pos = skip_ws(text.as_bytes(), 0);
        let mut mark = pos;
        if !pointer.is_empty() {
            for token in pointer.strip_prefix('/')?.split('/') {
                let token = token.replace("~1", "/").replace("~0", "~");
                let children = self.children_at(text, pos)?;
                (mark, pos) = match &*children {
                    Children::Object(members) => *members.get(&token)?,
                    Children::Array(elements) => {
                        let at = *elements.get(token.parse::<usize>().ok()?)?;
                        (at, at)
                    }
                };
            }
        }
        Some(self.line_column(text, mark))
    }

    fn children_at(&self, text: &str, pos: usize) -> Option<Rc<Children>> {
        if let Some(found) = self.children.borrow().get(&pos) {
            return Some(found.clone());
        }
        let found = Rc::new(children(text, pos)?);
        self.children.borrow_mut().insert(pos, found.clone());
        Some(found)
    }

    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let lines = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = offset.min(text.len());
        let line = lines.partition_point(|&start| start <= offset);
        let line_start = lines[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }
}

/// The children of the object or array starting at `pos`.
fn children(text: &str, pos: usize) -> Option<Children> {
    let bytes = text.as_bytes();
    match *bytes.get(pos)? {
        b'{' => {
            let mut members = HashMap::new();
            each_item(bytes, pos, b'}', |key_start| {
                let key_end = string_end(bytes, key_start)?;
                let key: String = serde_json::from_str(&text[key_start..key_end]).ok()?;
                let colon = skip_ws(bytes, key_end);
                (*bytes.get(colon)? == b':').then_some(())?;
                let value = skip_ws(bytes, colon + 1);
                members.entry(key).or_insert((key_start, value));
                skip_value(bytes, value)
            })?;
            Some(Children::Object(members))
        }
        b'[' => {
            let mut elements = Vec::new();
            each_item(bytes, pos, b']', |at| {
                elements.push(at);
                skip_value(bytes, at)
            })?;
            Some(Children::Array(elements))
        }
        _ => None,
    }
}

/// Walk the comma-separated items of the object or array opening at `open` and closed by
/// `close`: `item` reads the one starting at its argument and answers the position past it.
fn each_item(
    bytes: &[u8],
    open: usize,
    close: u8,
    mut item: impl FnMut(usize) -> Option<usize>,
) -> Option<()> {
    let mut pos = skip_ws(bytes, open + 1);
    if *bytes.get(pos)? == close {
        return Some(());
    }
    loop {
        pos = skip_ws(bytes, item(pos)?);
        match *bytes.get(pos)? {
            b',' => pos = skip_ws(bytes, pos + 1),
            b if b == close => return Some(()),
            _ => return None,
        }
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

/// The position just past the string starting at `pos`.
fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    if *bytes.get(pos)? != b'"' {
        return None;
    }
    let mut p = pos + 1;
    loop {
        match *bytes.get(p)? {
            b'\\' => p += 2,
            b'"' => return Some(p + 1),
            _ => p += 1,
        }
    }
}

/// The position just past the value starting at `pos`.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match *bytes.get(pos)? {
        b'"' => string_end(bytes, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut p = pos;
            loop {
                match *bytes.get(p)? {
                    b'"' => {
                        p = string_end(bytes, p)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(p + 1);
                        }
                    }
                    _ => {}
                }
                p += 1;
            }
        }
        _ => {
            let end = bytes[pos..]
                .iter()
                .position(|&b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .map_or(bytes.len(), |n| pos + n);
            (end > pos).then_some(end)
        }
    }
}

/// 1-based line and column (in characters) of a byte offset (clamped to the text).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::locate;

    const DOC: &str = r#"{
  "type": "object",
  "properties": {
    "a/b": {"type": "string", "enum": ["x}", "y\"]"]},
    "items": {
      "type": "array",
      "items": [ {"type": "integer"}, true, {"const": 1.5e3} ]
    },
    "é": {"type": "null"}, "z": false
  }
}"#;

    #[test]
    fn finds_members_elements_and_the_root() {
        assert_eq!(locate(DOC, ""), Some((1, 1)));
        assert_eq!(locate(DOC, "/type"), Some((2, 3)));
        assert_eq!(locate(DOC, "/properties/a~1b"), Some((4, 5)));
        assert_eq!(locate(DOC, "/properties/a~1b/enum/1"), Some((4, 46)));
        assert_eq!(locate(DOC, "/properties/items/items/0"), Some((7, 18)));
        assert_eq!(
            locate(DOC, "/properties/items/items/2/const"),
            Some((7, 46))
        );
        // Columns count characters, not bytes.
        assert_eq!(locate(DOC, "/properties/z"), Some((9, 28)));
        assert_eq!(locate(DOC, "#/properties/é/type"), Some((9, 11)));
    }

    #[test]
    fn one_index_serves_many_pointers_as_fresh_walks_do() {
        let places = super::Places::default();
        for pointer in [
            "/properties/items/items/2/const",
            "/properties/a~1b/enum/1",
            "/nope",
            "/properties/z",
            "",
            "/properties/items/items/0",
            "/properties/items/items/3",
        ] {
            assert_eq!(
                places.locate(DOC, pointer),
                locate(DOC, pointer),
                "{pointer}"
            );
        }
    }

    #[test]
    fn answers_none_for_what_is_not_there() {
        assert_eq!(locate(DOC, "/nope"), None);
        assert_eq!(locate(DOC, "/properties/items/items/3"), None);
        assert_eq!(locate(DOC, "/properties/items/items/x"), None);
        assert_eq!(locate(DOC, "/type/0"), None);
        assert_eq!(locate(DOC, "properties"), None);
        assert_eq!(locate("{\"a\": [1, 2", "/a/5"), None);
        assert_eq!(locate("", "/a"), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!(
            "{{\"a\": {}{}, \"b\": 1}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(locate(&deep, "/b"), Some((1, 200_009)));
    }
}
