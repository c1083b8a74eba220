//! The typed pieces of a node: strings, numbers, objects and arrays, with their sub-schemas and
//! patterns.

use regex::Regex;
use serde_json::{Map, Value};

use super::keywords::*;
use super::nodes::*;
use crate::json::Draft;
use crate::{Error, Result};

impl<'a> Model<'a> {
    pub(super) fn additional(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        key: &str,
        depth: usize,
    ) -> Result<Additional> {
        match kw(map, key) {
            None | Some(Value::Bool(true)) => Ok(Additional::Permitted),
            Some(Value::Bool(false)) => Ok(Additional::Forbidden),
            Some(v) => Ok(Additional::Schema(self.walk(
                doc,
                v,
                format!("{ptr}/{key}"),
                depth + 1,
            )?)),
        }
    }

    /// The slots of a tuple (`items: [...]` or `prefixItems`) listed at `at`.
    fn tuple(
        &mut self,
        doc: usize,
        slots: &'a [Value],
        at: &str,
        depth: usize,
    ) -> Result<Vec<NodeId>> {
        let mut out = Vec::with_capacity(slots.len());
        for (i, sub) in slots.iter().enumerate() {
            out.push(self.walk(doc, sub, format!("{at}/{i}"), depth + 1)?);
        }
        Ok(out)
    }

    pub(super) fn typed(
        &mut self,
        doc: usize,
        raw: &'a Value,
        ptr: &str,
        depth: usize,
        type_name: &str,
        requires_type: bool,
    ) -> Result<NodeId> {
        let Some(map) = raw.as_object() else {
            return Err(Error::invalid(
                ptr,
                "a schema must be a JSON object or a boolean",
            ));
        };
        let draft = self.docs[doc].draft;
        let kind = match type_name {
            "string" => {
                let pattern = match kw(map, "pattern") {
                    Some(Value::String(p)) => {
                        self.check_pattern(&format!("{ptr}/pattern"), p)?;
                        Some(p.as_str())
                    }
                    Some(_) => {
                        return Err(Error::invalid(
                            format!("{ptr}/pattern"),
                            "pattern must be a string",
                        ))
                    }
                    None => None,
                };
                Kind::String(StringNode {
                    min_length: kw(map, "minLength"),
                    max_length: kw(map, "maxLength"),
                    pattern,
                    format: kw(map, "format"),
                    requires_type,
                })
            }
            "number" | "integer" => {
                let (exclusive_maximum, exclusive_maximum_flag) =
                    exclusive(kw(map, "exclusiveMaximum"));
                let (exclusive_minimum, exclusive_minimum_flag) =
                    exclusive(kw(map, "exclusiveMinimum"));
                Kind::Number(NumberNode {
                    maximum: kw(map, "maximum"),
                    minimum: kw(map, "minimum"),
                    exclusive_maximum,
                    exclusive_minimum,
                    exclusive_maximum_flag,
                    exclusive_minimum_flag,
                    multiple_of: kw(map, "multipleOf"),
                    integer: type_name == "integer",
                    requires_type,
                })
            }
            "boolean" => Kind::Boolean,
            "null" => Kind::Null,
            "object" => Kind::Object(Box::new(self.object(
                doc,
                map,
                ptr,
                depth,
                requires_type,
            )?)),
            "array" => Kind::Array(Box::new(self.array(
                doc,
                map,
                ptr,
                depth,
                draft,
                requires_type,
            )?)),
            other => {
                return Err(Error::invalid(
                    format!("{ptr}/type"),
                    format!("unknown type {other:?}"),
                ));
            }
        };
        let p = self.alloc(doc, ptr.to_string(), raw, true)?;
        self.nodes[p].kind = kind;
        Ok(p)
    }

    pub(super) fn object(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        requires_type: bool,
    ) -> Result<ObjectNode<'a>> {
        let mut properties = Vec::new();
        if let Some(Value::Object(props)) = kw(map, "properties") {
            for (name, sub) in props {
                let id = self.walk(
                    doc,
                    sub,
                    format!("{ptr}/properties/{}", escape(name)),
                    depth + 1,
                )?;
                properties.push((name.as_str(), id));
            }
        }
        let mut required = Vec::new();
        if let Some(Value::Array(names)) = kw(map, "required") {
            for n in names {
                if let Value::String(s) = n {
                    required.push(s.as_str());
                }
            }
        }
        let additional = self.additional(doc, map, ptr, "additionalProperties", depth)?;
        let mut pattern_properties = Vec::new();
        if let Some(Value::Object(patterns)) = kw(map, "patternProperties") {
            for (pattern, sub) in patterns {
                let at = format!("{ptr}/patternProperties/{}", escape(pattern));
                let regex = self.check_pattern(&at, pattern)?;
                let schema = self.walk(doc, sub, at, depth + 1)?;
                pattern_properties.push(PatternProperty {
                    pattern: pattern.as_str(),
                    regex,
                    schema,
                });
            }
        }
        let mut property_dependencies = Vec::new();
        let mut schema_dependencies = Vec::new();
        let dependency_keys: &[&str] = if self.docs[doc].draft.is_modern() {
            &["dependencies", "dependentRequired", "dependentSchemas"]
        } else {
            &["dependencies"]
        };
        for &key in dependency_keys {
            if let Some(Value::Object(deps)) = kw(map, key) {
                for (name, dep) in deps {
                    match dep {
                        Value::Array(names) => property_dependencies.push((
                            name.as_str(),
                            names.iter().filter_map(Value::as_str).collect(),
                        )),
                        other => {
                            let at = format!("{ptr}/{key}/{}", escape(name));
                            schema_dependencies
                                .push((name.as_str(), self.walk(doc, other, at, depth + 1)?));
                        }
                    }
                }
            }
        }
        // Draft 4 has no `propertyNames`, but `$ref`s may still point into it.
        let names = self.child(doc, map, ptr, "propertyNames", depth)?;
        let property_names = names.filter(|_| self.docs[doc].draft != Draft::Draft4);
        Ok(ObjectNode {
            properties,
            required,
            min_properties: kw(map, "minProperties"),
            max_properties: kw(map, "maxProperties"),
            additional,
            pattern_properties,
            property_dependencies,
            schema_dependencies,
            property_names,
            unevaluated: if self.docs[doc].draft.is_modern() {
                self.child(doc, map, ptr, "unevaluatedProperties", depth)?
            } else {
                None
            },
            requires_type,
        })
    }

    pub(super) fn array(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        draft: Draft,
        requires_type: bool,
    ) -> Result<ArrayNode<'a>> {
        let mut all_items = None;
        let mut item_schemas = Vec::new();
        let mut additional = self.additional(doc, map, ptr, "additionalItems", depth)?;
        if draft == Draft::Draft202012 {
            if let Some(Value::Array(prefix)) = kw(map, "prefixItems") {
                item_schemas = self.tuple(doc, prefix, &format!("{ptr}/prefixItems"), depth)?;
                // With `prefixItems`, `items` governs the items beyond the tuple.
                additional = self.additional(doc, map, ptr, "items", depth)?;
            } else if let Some(Value::Bool(_)) = kw(map, "items") {
                // A boolean `items` without a tuple is Confluent's "additional items" switch.
                additional = self.additional(doc, map, ptr, "items", depth)?;
            } else {
                all_items = self.child(doc, map, ptr, "items", depth)?;
            }
        } else {
            match kw(map, "items") {
                Some(Value::Array(tuple)) => {
                    item_schemas = self.tuple(doc, tuple, &format!("{ptr}/items"), depth)?;
                }
                Some(_) => all_items = self.child(doc, map, ptr, "items", depth)?,
                None => {}
            }
        }
        self.child(doc, map, ptr, "contains", depth)?;
        Ok(ArrayNode {
            all_items,
            item_schemas,
            additional,
            min_items: kw(map, "minItems"),
            max_items: kw(map, "maxItems"),
            unique_items: matches!(kw(map, "uniqueItems"), Some(Value::Bool(true))),
            min_contains: kw(map, "minContains"),
            max_contains: kw(map, "maxContains"),
            unevaluated: if draft.is_modern() {
                self.child(doc, map, ptr, "unevaluatedItems", depth)?
            } else {
                None
            },
            requires_type,
        })
    }

    /// Check a regular expression against the limits; `None` when the engine does not support
    /// its syntax (the pattern is still valid ECMA-262 for validators that do).
    pub(super) fn check_pattern(&self, ptr: &str, pattern: &str) -> Result<Option<Regex>> {
        if pattern.len() > self.limits.max_pattern_bytes {
            return Err(Error::Limit {
                limit: "max_pattern_bytes",
                max: self.limits.max_pattern_bytes,
                message: format!("the pattern at {ptr} is {} bytes", pattern.len()),
            });
        }
        match regex::RegexBuilder::new(pattern)
            .size_limit(self.limits.max_regex_size)
            .dfa_size_limit(self.limits.max_regex_size)
            .build()
        {
            Ok(r) => Ok(Some(r)),
            Err(regex::Error::CompiledTooBig(_)) => Err(Error::Limit {
                limit: "max_regex_size",
                max: self.limits.max_regex_size,
                message: format!("the pattern at {ptr} compiles to a larger program"),
            }),
            Err(_) => Ok(None),
        }
    }
}
