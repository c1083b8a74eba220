//! Map a JSON pointer back to its line and column in the document's text, so that messages point
//! into the file the user edits (`order.json:12:7`). serde_json's `Value` keeps no positions, so
//! this walks the text itself, following the pointer and skipping siblings without building them.
//! The walk is iterative: deeply nested documents cannot overflow the stack.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use rustc_hash::FxHashMap;

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
    children: RefCell<FxHashMap<usize, Rc<Children>>>,
}

/// The children of an object, read up to the member asked for, or of an array (where each
/// element starts).
enum Children {
    Object(RefCell<Members>),
    Array(Vec<usize>),
}

/// An object's members read so far (name → where the name and the value start; the first of a
/// repeated name) and where the next one starts (`None` once all are read): a member is found
/// by reading no further than it, so the members after the last one asked for are never read.
struct Members {
    read: FxHashMap<String, (usize, usize)>,
    next: Option<usize>,
    /// The value of the last member read, not skipped yet (the next member is after it): a
    /// member asked for is read without reading through its value.
    unskipped: Option<usize>,
}

impl Places {
    /// [`locate`], for `text`: always the same text for the same `Places`.
    pub(crate) fn locate(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        let mut pos = skip_ws(text.as_bytes(), 0);
        let mut mark = pos;
        if !pointer.is_empty() {
            for token in pointer.strip_prefix('/')?.split('/') {
                let token: Cow<'_, str> = if token.contains('~') {
                    token.replace("~1", "/").replace("~0", "~").into()
                } else {
                    token.into()
                };
                let children = self.children_at(text, pos)?;
                (mark, pos) = match &*children {
                    Children::Object(members) => members.borrow_mut().get(text, &token)?,
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
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let offset = offset.min(text.len());
        let line = lines.partition_point(|&start| start <= offset);
        let line_start = lines[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }
}

impl Members {
    /// Where member `name` and its value start, reading on from the last member read.
    fn get(&mut self, text: &str, name: &str) -> Option<(usize, usize)> {
        if let Some(found) = self.read.get(name) {
            return Some(*found);
        }
        let bytes = text.as_bytes();
        if let Some(value) = self.unskipped.take() {
            self.next = after_item(bytes, skip_value(bytes, value)?, b'}')?;
        }
        while let Some(key_start) = self.next {
            let key_end = string_end(bytes, key_start)?;
            let quoted = &text[key_start..key_end];
            // Most names have no escape: their text is their name.
            let key = if quoted.contains('\\') {
                serde_json::from_str(quoted).ok()?
            } else {
                quoted[1..quoted.len() - 1].to_string()
            };
            let colon = skip_ws(bytes, key_end);
            (*bytes.get(colon)? == b':').then_some(())?;
            let value = skip_ws(bytes, colon + 1);
            let wanted = key == name;
            let place = *self.read.entry(key).or_insert((key_start, value));
            if wanted {
                self.unskipped = Some(value);
                return Some(place);
            }
            self.next = after_item(bytes, skip_value(bytes, value)?, b'}')?;
        }
        None
    }
}

/// The children of the object or array starting at `pos` (an object's are read when asked for).
fn children(text: &str, pos: usize) -> Option<Children> {
    let bytes = text.as_bytes();
    match *bytes.get(pos)? {
        b'{' => Some(Children::Object(RefCell::new(Members {
            read: FxHashMap::default(),
            next: first_item(bytes, pos, b'}')?,
            unskipped: None,
        }))),
        b'[' => {
            let mut elements = Vec::new();
            let mut next = first_item(bytes, pos, b']')?;
            while let Some(at) = next {
                elements.push(at);
                next = after_item(bytes, skip_value(bytes, at)?, b']')?;
            }
            Some(Children::Array(elements))
        }
        _ => None,
    }
}

/// Where the first item of the object or array opening at `open` (closed by `close`) starts;
/// `Some(None)` when it is empty.
fn first_item(bytes: &[u8], open: usize, close: u8) -> Option<Option<usize>> {
    let pos = skip_ws(bytes, open + 1);
    Some((*bytes.get(pos)? != close).then_some(pos))
}

/// Where the item after the one ending at `end` starts; `Some(None)` after the last one (the
/// container's `close` follows).
fn after_item(bytes: &[u8], end: usize, close: u8) -> Option<Option<usize>> {
    let pos = skip_ws(bytes, end);
    match *bytes.get(pos)? {
        b',' => Some(Some(skip_ws(bytes, pos + 1))),
        b if b == close => Some(None),
        _ => None,
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

/// The bytes that end a run inside a string: its closing quote, or an escape.
const STRING_STOPS: [bool; 256] = stops(b"\"\\");

/// The bytes that matter while skipping an object or an array: a string's start and brackets.
const CONTAINER_STOPS: [bool; 256] = stops(b"\"{}[]");

const fn stops(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The position just past the string starting at `pos`.
fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    if *bytes.get(pos)? != b'"' {
        return None;
    }
    // A plain loop over a table: the runs between quotes in a schema are short, too short for
    // a vectorised search to pay for its set-up.
    let mut p = pos + 1;
    loop {
        p += bytes
            .get(p..)?
            .iter()
            .position(|&b| STRING_STOPS[usize::from(b)])?;
        if bytes[p] == b'"' {
            return Some(p + 1);
        }
        p += 2;
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
                p += bytes
                    .get(p..)?
                    .iter()
                    .position(|&b| CONTAINER_STOPS[usize::from(b)])?;
                match bytes[p] {
                    b'"' => {
                        p = string_end(bytes, p)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(p + 1);
                        }
                    }
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
