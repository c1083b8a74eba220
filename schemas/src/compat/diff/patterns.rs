//! `patternProperties` and `propertyNames`: which names an object admits, and with which values.

use super::engine::{compatible, kw, Both, Ctx, Engine, What};
use super::objects::is_open;
use crate::compat::kinds::ChangeKind;
use crate::json::model::{Additional, ObjectNode};
use crate::Result;

impl<'a> Engine<'_, 'a> {
    /// Pattern and name changes of two objects.
    pub(super) fn names_and_patterns(
        &mut self,
        ctx: &mut Ctx,
        s: Both<'_, ObjectNode<'a>>,
    ) -> Result<()> {
        let Both { a, b, x, y } = s;
        use ChangeKind::*;
        // Keywords the diff does not compare: a change that could narrow is not judged.
        let (na, nb) = (&self.m.nodes[a], &self.m.nodes[b]);
        let patterns_changed = na.keyword("patternProperties") != nb.keyword("patternProperties");
        let widened_away = nb.keyword("patternProperties").is_none() && is_open(self.m, y);
        if patterns_changed && !widened_away && !self.patterns_only_widen(x, y)? {
            ctx.push("patternProperties");
            ctx.note(
                UnjudgedKeywordChanged,
                kw(a, "patternProperties"),
                kw(b, "patternProperties"),
                "patternProperties".into(),
            );
            ctx.pop();
        }
        if nb.keyword("propertyNames").is_some()
            && na.keyword("propertyNames") != nb.keyword("propertyNames")
        {
            ctx.push("propertyNames");
            ctx.note(
                UnjudgedKeywordChanged,
                kw(a, "propertyNames"),
                kw(b, "propertyNames"),
                "propertyNames".into(),
            );
            ctx.pop();
        }
        Ok(())
    }

    /// Whether the `patternProperties` of `y` accept every name and value that those of `x` did,
    /// and constrain nothing `x` left alone: `x` is closed beyond its patterns, every old pattern
    /// is still there with a schema that reads the old one, no new or changed pattern matches a
    /// declared property (whose value it would also constrain), and patterns are only added where
    /// there were none (an added one could overlap an old one). Confluent compares no
    /// pattern, so such a change is not one; any other pattern change stays unjudged.
    fn patterns_only_widen(&mut self, x: &ObjectNode<'a>, y: &ObjectNode<'a>) -> Result<bool> {
        if x.additional != Additional::Forbidden {
            return Ok(false);
        }
        for old in &x.pattern_properties {
            let Some(new) = y
                .pattern_properties
                .iter()
                .find(|p| p.pattern == old.pattern)
            else {
                return Ok(false);
            };
            // A warning (a `oneOf` member overlap, say) is a doubt this unreported comparison
            // cannot pass on: only a clean widening counts.
            let r = self.pair(old.schema, new.schema)?;
            if !compatible(&r) || r.iter().any(|i| matches!(i.what, What::Warning(_))) {
                return Ok(false);
            }
        }
        let m = self.m;
        Ok(y.pattern_properties.iter().all(|new| {
            let old = x
                .pattern_properties
                .iter()
                .find(|old| old.pattern == new.pattern);
            let unchanged = old.is_some_and(|old| {
                m.nodes[m.resolve(old.schema)].raw == m.nodes[m.resolve(new.schema)].raw
            });
            // An added pattern may match names an old pattern admitted, and constrain their
            // values further; whether two patterns overlap is not decided here, so a pattern is
            // only added safely to an object that had none.
            let added_safely = old.is_some() || x.pattern_properties.is_empty();
            unchanged
                || (added_safely
                    && matches!(&new.regex, Some(r) if y.properties.iter().all(|(n, _)| !r.is_match(n))))
        }))
    }
}
