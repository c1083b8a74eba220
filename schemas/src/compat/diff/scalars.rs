//! Strings, numbers, `enum` and `const`: bounds, `pattern`, `format`, `multipleOf`, the integer
//! flag, and value sets compared as sets. Rules: `docs/compatibility.md`, section 6.

use serde_json::Value;

use super::engine::{bound, key_static, kw, pick, requires_type, Both, Ctx, Engine};
use crate::compat::kinds::ChangeKind;
use crate::compat::report::WarningKind;
use crate::json::model::{NodeId, NumberNode, StringNode};

impl Engine<'_, '_> {
    /// `enum` against `enum`: equal sets are no change, a superset widens, a subset narrows.
    pub(super) fn enumeration(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &[Value],
        y: &[Value],
    ) {
        if same_set(x, y) {
            return;
        }
        let kind = pick(
            [
                (
                    x.iter().all(|v| y.contains(v)),
                    ChangeKind::EnumArrayExtended,
                ),
                (
                    y.iter().all(|v| x.contains(v)),
                    ChangeKind::EnumArrayNarrowed,
                ),
            ],
            ChangeKind::EnumArrayChanged,
        );
        ctx.add_at("enum", kind, kw(a, "enum"), kw(b, "enum"));
    }

    /// `const` against `const`: any difference rejects the old value.
    pub(super) fn constant(&mut self, ctx: &mut Ctx, s: Both<'_, Value>) {
        let Both { a, b, x, y } = s;
        if x != y {
            ctx.add_at(
                "const",
                ChangeKind::EnumArrayChanged,
                kw(a, "const"),
                kw(b, "const"),
            );
        }
    }

    pub(super) fn string(&mut self, ctx: &mut Ctx, s: Both<'_, StringNode<'_>>) {
        let Both { a, b, x, y } = s;
        bound(ctx, (a, b), "maxLength", x.max_length, y.max_length);
        bound(ctx, (a, b), "minLength", x.min_length, y.min_length);
        match (x.pattern, y.pattern) {
            (None, Some(_)) => ctx.add_at(
                "pattern",
                ChangeKind::PatternAdded,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            (Some(_), None) => ctx.add_at(
                "pattern",
                ChangeKind::PatternRemoved,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            (Some(p), Some(q)) if p != q => ctx.add_at(
                "pattern",
                ChangeKind::PatternChanged,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            _ => {}
        }
        if y.format.is_some() && x.format != y.format {
            ctx.push("format");
            ctx.warn(
                WarningKind::UncomparedKeywordChanged,
                kw(a, "format"),
                kw(b, "format"),
                "format".into(),
            );
            ctx.pop();
        }
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "string");
    }

    pub(super) fn number(&mut self, ctx: &mut Ctx, s: Both<'_, NumberNode<'_>>) {
        let Both { a, b, x, y } = s;
        use ChangeKind::*;
        bound(ctx, (a, b), "maximum", x.maximum, y.maximum);
        bound(ctx, (a, b), "minimum", x.minimum, y.minimum);
        bound(
            ctx,
            (a, b),
            "exclusiveMaximum",
            x.exclusive_maximum,
            y.exclusive_maximum,
        );
        bound(
            ctx,
            (a, b),
            "exclusiveMinimum",
            x.exclusive_minimum,
            y.exclusive_minimum,
        );
        for (flag_x, flag_y, name) in [
            (
                x.exclusive_maximum_flag,
                y.exclusive_maximum_flag,
                "exclusiveMaximum",
            ),
            (
                x.exclusive_minimum_flag,
                y.exclusive_minimum_flag,
                "exclusiveMinimum",
            ),
        ] {
            if flag_y && !flag_x {
                ctx.push(name);
                ctx.warn(
                    WarningKind::UncomparedKeywordChanged,
                    kw(a, key_static(name)),
                    kw(b, key_static(name)),
                    name.to_string(),
                );
                ctx.pop();
            }
        }
        multiple_of(ctx, a, b, x.multiple_of, y.multiple_of);
        if x.integer != y.integer {
            let kind = if x.integer {
                TypeExtended
            } else {
                TypeNarrowed
            };
            ctx.add(kind, kw(a, "type"), kw(b, "type"));
        }
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "number");
    }
}

/// `multipleOf`: a divisor that divides the old one reads every old value.
fn multiple_of(ctx: &mut Ctx, a: NodeId, b: NodeId, x: Option<&Value>, y: Option<&Value>) {
    use ChangeKind::*;
    match (x, y) {
        (None, None) => {}
        (None, Some(_)) => ctx.add_at(
            "multipleOf",
            MultipleOfAdded,
            kw(a, "multipleOf"),
            kw(b, "multipleOf"),
        ),
        (Some(_), None) => ctx.add_at(
            "multipleOf",
            MultipleOfRemoved,
            kw(a, "multipleOf"),
            kw(b, "multipleOf"),
        ),
        (Some(p), Some(q)) => {
            let (p, q) = (Decimal::parse(p), Decimal::parse(q));
            if p != q {
                let kind = pick(
                    [
                        (q.is_multiple_of(&p), MultipleOfExpanded),
                        (p.is_multiple_of(&q), MultipleOfReduced),
                    ],
                    MultipleOfChanged,
                );
                ctx.add_at("multipleOf", kind, kw(a, "multipleOf"), kw(b, "multipleOf"));
            }
        }
    }
}

fn same_set(x: &[Value], y: &[Value]) -> bool {
    x.iter().all(|v| y.contains(v)) && y.iter().all(|v| x.contains(v))
}

/// An exact decimal, for `multipleOf` (scale-insensitive: `2.0` equals `2`).
#[derive(Debug, Clone, Copy)]
struct Decimal {
    mantissa: i128,
    exponent: i32,
    approx: f64,
}

impl Decimal {
    fn parse(v: &Value) -> Decimal {
        let text = v.to_string();
        let approx = v.as_f64().unwrap_or(f64::NAN);
        let parse = || -> Option<Decimal> {
            let (num, exp) = match text.find(['e', 'E']) {
                Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
                None => (text.as_str(), 0),
            };
            let (int, frac) = match num.find('.') {
                Some(i) => (&num[..i], &num[i + 1..]),
                None => (num, ""),
            };
            let digits = format!("{int}{frac}");
            let mut mantissa: i128 = digits.parse().ok()?;
            let mut exponent = exp.checked_sub(frac.len() as i32)?;
            while mantissa != 0 && mantissa % 10 == 0 {
                mantissa /= 10;
                exponent += 1;
            }
            Some(Decimal {
                mantissa,
                exponent,
                approx,
            })
        };
        parse().unwrap_or(Decimal {
            mantissa: 0,
            exponent: 0,
            approx,
        })
    }

    /// Whether `self` is an integer multiple of `other`.
    fn is_multiple_of(&self, other: &Decimal) -> bool {
        if other.mantissa == 0 {
            return other.approx != 0.0 && (self.approx / other.approx).fract() == 0.0;
        }
        let e = self.exponent.min(other.exponent);
        let scale = |d: &Decimal| -> Option<i128> {
            10i128
                .checked_pow((d.exponent - e) as u32)
                .and_then(|p| d.mantissa.checked_mul(p))
        };
        match (scale(self), scale(other)) {
            (Some(x), Some(y)) if y != 0 => x % y == 0,
            _ => (self.approx / other.approx).fract() == 0.0,
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        if self.mantissa == 0 && other.mantissa == 0 {
            return self.approx == other.approx;
        }
        self.mantissa == other.mantissa && self.exponent == other.exponent
    }
}
