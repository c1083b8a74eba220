//! The files Confluent Schema Registry resolves without registration: `confluent/meta.proto`,
//! `confluent/type/decimal.proto` and the `google/type` common types. A schema may import them
//! with no reference, as Confluent's clients expect.

/// Every bundled file, by import name.
const FILES: &[(&str, &str)] = &[
    (
        "confluent/meta.proto",
        include_str!("bundled/confluent/meta.proto"),
    ),
    (
        "confluent/type/decimal.proto",
        include_str!("bundled/confluent/type/decimal.proto"),
    ),
    (
        "google/type/calendar_period.proto",
        include_str!("bundled/google/type/calendar_period.proto"),
    ),
    (
        "google/type/color.proto",
        include_str!("bundled/google/type/color.proto"),
    ),
    (
        "google/type/date.proto",
        include_str!("bundled/google/type/date.proto"),
    ),
    (
        "google/type/datetime.proto",
        include_str!("bundled/google/type/datetime.proto"),
    ),
    (
        "google/type/dayofweek.proto",
        include_str!("bundled/google/type/dayofweek.proto"),
    ),
    (
        "google/type/decimal.proto",
        include_str!("bundled/google/type/decimal.proto"),
    ),
    (
        "google/type/expr.proto",
        include_str!("bundled/google/type/expr.proto"),
    ),
    (
        "google/type/fraction.proto",
        include_str!("bundled/google/type/fraction.proto"),
    ),
    (
        "google/type/interval.proto",
        include_str!("bundled/google/type/interval.proto"),
    ),
    (
        "google/type/latlng.proto",
        include_str!("bundled/google/type/latlng.proto"),
    ),
    (
        "google/type/money.proto",
        include_str!("bundled/google/type/money.proto"),
    ),
    (
        "google/type/month.proto",
        include_str!("bundled/google/type/month.proto"),
    ),
    (
        "google/type/phone_number.proto",
        include_str!("bundled/google/type/phone_number.proto"),
    ),
    (
        "google/type/postal_address.proto",
        include_str!("bundled/google/type/postal_address.proto"),
    ),
    (
        "google/type/quaternion.proto",
        include_str!("bundled/google/type/quaternion.proto"),
    ),
    (
        "google/type/timeofday.proto",
        include_str!("bundled/google/type/timeofday.proto"),
    ),
];

/// The text of the bundled file imported as `name`, if there is one.
pub(super) fn get(name: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The import names of the bundled files.
#[cfg(test)]
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _)| *n)
}
