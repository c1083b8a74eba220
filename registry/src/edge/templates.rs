//! Naming a request's route: its path matched against the route templates, segment by
//! segment, as the router matches it (a literal segment before a parameter at the first place
//! two templates differ; a parameter matches one segment, an empty one only before the end). The templates have no
//! catch-all, so the number of segments picks the candidates and literals decide among them.
//! Cheaper than a second radix-tree walk with parameter capture: nothing is captured, a
//! candidate is usually refused on its first literal.

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

/// The templates, grouped by their number of segments, then by their first segment.
#[derive(Debug, Default)]
pub(super) struct Templates {
    /// `by_len[n]`: the templates of `n` segments, as groups of those sharing a first segment
    /// (`None` for a parameter there), each template as (segments, value).
    by_len: Vec<Vec<Group>>,
}

type Group = (Option<String>, Vec<(Vec<Segment>, usize)>);

impl Templates {
    /// Add `template` (`/schemas/ids/{id}`) with `value`; `false` when it cannot be matched
    /// here (a catch-all, or a segment mixing literal text and a parameter).
    pub(super) fn insert(&mut self, template: &str, value: usize) -> bool {
        let mut segments = Vec::new();
        for part in segments_of(template) {
            let segment = if part.starts_with('{') && part.ends_with('}') {
                if part.starts_with("{*") {
                    return false;
                }
                Segment::Param
            } else if part.contains('{') || part.contains('}') {
                return false;
            } else {
                Segment::Literal(part.to_string())
            };
            segments.push(segment);
        }
        let n = segments.len();
        if self.by_len.len() <= n {
            self.by_len.resize_with(n + 1, Vec::new);
        }
        let first = match segments.first() {
            Some(Segment::Literal(l)) => Some(l.clone()),
            _ => None,
        };
        let groups = &mut self.by_len[n];
        match groups.iter_mut().find(|(f, _)| *f == first) {
            Some((_, members)) => members.push((segments, value)),
            None => groups.push((first, vec![(segments, value)])),
        }
        true
    }

    /// The value of the template `path` matches, with the path's segments, if any.
    pub(super) fn at<'p>(&self, path: &'p str) -> Option<Matched<'p>> {
        let bytes = path.as_bytes();
        if bytes.first() != Some(&b'/') {
            return None;
        }
        // The segments' bounds, found with a plain byte scan (a char searcher costs more than
        // the whole match on paths this short).
        let mut parts = [""; 8];
        let (mut n, mut start) = (0, 1);
        for end in 1..=bytes.len() {
            if end < bytes.len() && bytes[end] != b'/' {
                continue;
            }
            if n == parts.len() {
                return None; // longer than any template
            }
            parts[n] = &path[start..end];
            n += 1;
            start = end + 1;
        }
        let all = parts;
        let parts = &parts[..n];
        let mut best: Option<&(Vec<Segment>, usize)> = None;
        let groups = self.by_len.get(n)?.iter();
        let first = parts[0];
        let candidates = groups
            .filter(|(f, _)| f.as_deref().is_none_or(|f| f == first))
            .flat_map(|(_, members)| members);
        for candidate in candidates {
            if !matches(&candidate.0, parts) {
                continue;
            }
            best = match best {
                Some(b) if !more_literal(&candidate.0, &b.0) => Some(b),
                _ => Some(candidate),
            };
        }
        best.map(|(_, value)| Matched {
            value: *value,
            parts: all,
            len: n,
        })
    }
}

/// A path matched by [`Templates::at`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Matched<'p> {
    /// The value of the template it matches.
    pub(super) value: usize,
    parts: [&'p str; 8],
    len: usize,
}

impl<'p> Matched<'p> {
    /// Segment `index` of the path (0 is the first after the leading `/`).
    pub(super) fn segment(&self, index: usize) -> Option<&'p str> {
        self.parts[..self.len].get(index).copied()
    }
}

/// The segments of a path: what lies between its slashes (the root `/` has one, empty).
fn segments_of(path: &str) -> std::str::Split<'_, char> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

fn matches(template: &[Segment], parts: &[&str]) -> bool {
    let last = parts.len().saturating_sub(1);
    template
        .iter()
        .zip(parts)
        .enumerate()
        .all(|(i, (t, p))| match t {
            Segment::Literal(l) => l == p,
            Segment::Param => i < last || !p.is_empty(),
        })
}

/// Whether `a` has a literal where `b` has a parameter at the first place they differ.
fn more_literal(a: &[Segment], b: &[Segment]) -> bool {
    for (x, y) in a.iter().zip(b) {
        match (x, y) {
            (Segment::Literal(_), Segment::Param) => return true,
            (Segment::Param, Segment::Literal(_)) => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry's own templates, matched here and by the router's radix tree (`matchit`),
    /// over paths that hit each template, miss it by one segment, or are empty there.
    #[test]
    fn matches_as_the_router_does() {
        let (_, templates) = crate::routes::all();
        let mut ours = Templates::default();
        let mut theirs = matchit::Router::new();
        for (i, t) in templates.iter().enumerate() {
            assert!(ours.insert(&t.template, i), "{}", t.template);
            theirs.insert(t.template.as_str(), i).unwrap();
        }
        let mut paths = vec!["/".to_string(), "".to_string(), "//".to_string()];
        for t in &templates {
            for fill in ["1", "abc", "%2F", ""] {
                let path = t.template.replace(['{', '}'], "");
                let filled: Vec<String> = t
                    .template
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') {
                            fill.to_string()
                        } else {
                            s.to_string()
                        }
                    })
                    .collect();
                paths.push(filled.join("/"));
                paths.push(format!("{}/extra", filled.join("/")));
                paths.push(path);
            }
        }
        for path in &paths {
            let expected = theirs.at(path).ok().map(|m| *m.value);
            assert_eq!(ours.at(path).map(|m| m.value), expected, "{path:?}");
        }
    }
}
