//! The change kinds, with Confluent Schema Registry's names, and the policy each is allowed under.
//!
//! The list is generated from the specification's tables; a kind's verdict never depends on where
//! it was found, only on the policy.

use serde::{Deserialize, Serialize};

/// Under which policies a change kind is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Allowed under STRICT, and so under every policy.
    Strict,
    /// Allowed only under LENIENT.
    LenientOnly,
    /// Never allowed.
    Never,
}

/// One kind of change between two schemas.
///
/// The serialised name is Confluent's (`SCREAMING_SNAKE_CASE`). Kinds after
/// [`ChangeKind::UnevaluatedItemsNarrowed`] are Accord's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ChangeKind {
    /// `ID_CHANGED` (STRICT).
    IdChanged,
    /// `DESCRIPTION_CHANGED` (STRICT).
    DescriptionChanged,
    /// `TITLE_CHANGED` (STRICT).
    TitleChanged,
    /// `DEFAULT_CHANGED` (STRICT).
    DefaultChanged,
    /// `SCHEMA_ADDED` (never).
    SchemaAdded,
    /// `SCHEMA_REMOVED` (STRICT).
    SchemaRemoved,
    /// `TYPE_EXTENDED` (STRICT).
    TypeExtended,
    /// `TYPE_NARROWED` (never).
    TypeNarrowed,
    /// `TYPE_CHANGED` (never).
    TypeChanged,
    /// `MAX_LENGTH_ADDED` (never).
    MaxLengthAdded,
    /// `MAX_LENGTH_REMOVED` (STRICT).
    MaxLengthRemoved,
    /// `MAX_LENGTH_INCREASED` (STRICT).
    MaxLengthIncreased,
    /// `MAX_LENGTH_DECREASED` (never).
    MaxLengthDecreased,
    /// `MIN_LENGTH_ADDED` (never).
    MinLengthAdded,
    /// `MIN_LENGTH_REMOVED` (STRICT).
    MinLengthRemoved,
    /// `MIN_LENGTH_INCREASED` (never).
    MinLengthIncreased,
    /// `MIN_LENGTH_DECREASED` (STRICT).
    MinLengthDecreased,
    /// `PATTERN_ADDED` (never).
    PatternAdded,
    /// `PATTERN_REMOVED` (STRICT).
    PatternRemoved,
    /// `PATTERN_CHANGED` (never).
    PatternChanged,
    /// `MAXIMUM_ADDED` (never).
    MaximumAdded,
    /// `MAXIMUM_REMOVED` (STRICT).
    MaximumRemoved,
    /// `MAXIMUM_INCREASED` (STRICT).
    MaximumIncreased,
    /// `MAXIMUM_DECREASED` (never).
    MaximumDecreased,
    /// `MINIMUM_ADDED` (never).
    MinimumAdded,
    /// `MINIMUM_REMOVED` (STRICT).
    MinimumRemoved,
    /// `MINIMUM_INCREASED` (never).
    MinimumIncreased,
    /// `MINIMUM_DECREASED` (STRICT).
    MinimumDecreased,
    /// `EXCLUSIVE_MAXIMUM_ADDED` (never).
    ExclusiveMaximumAdded,
    /// `EXCLUSIVE_MAXIMUM_REMOVED` (STRICT).
    ExclusiveMaximumRemoved,
    /// `EXCLUSIVE_MAXIMUM_INCREASED` (STRICT).
    ExclusiveMaximumIncreased,
    /// `EXCLUSIVE_MAXIMUM_DECREASED` (never).
    ExclusiveMaximumDecreased,
    /// `EXCLUSIVE_MINIMUM_ADDED` (never).
    ExclusiveMinimumAdded,
    /// `EXCLUSIVE_MINIMUM_REMOVED` (STRICT).
    ExclusiveMinimumRemoved,
    /// `EXCLUSIVE_MINIMUM_INCREASED` (never).
    ExclusiveMinimumIncreased,
    /// `EXCLUSIVE_MINIMUM_DECREASED` (STRICT).
    ExclusiveMinimumDecreased,
    /// `MULTIPLE_OF_ADDED` (never).
    MultipleOfAdded,
    /// `MULTIPLE_OF_REMOVED` (STRICT).
    MultipleOfRemoved,
    /// `MULTIPLE_OF_EXPANDED` (never).
    MultipleOfExpanded,
    /// `MULTIPLE_OF_REDUCED` (STRICT).
    MultipleOfReduced,
    /// `MULTIPLE_OF_CHANGED` (never).
    MultipleOfChanged,
    /// `REQUIRED_ATTRIBUTE_ADDED` (never).
    RequiredAttributeAdded,
    /// `REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED` (STRICT).
    RequiredAttributeWithDefaultAdded,
    /// `REQUIRED_ATTRIBUTE_REMOVED` (STRICT).
    RequiredAttributeRemoved,
    /// `MAX_PROPERTIES_ADDED` (never).
    MaxPropertiesAdded,
    /// `MAX_PROPERTIES_REMOVED` (STRICT).
    MaxPropertiesRemoved,
    /// `MAX_PROPERTIES_INCREASED` (STRICT).
    MaxPropertiesIncreased,
    /// `MAX_PROPERTIES_DECREASED` (never).
    MaxPropertiesDecreased,
    /// `MIN_PROPERTIES_ADDED` (never).
    MinPropertiesAdded,
    /// `MIN_PROPERTIES_REMOVED` (STRICT).
    MinPropertiesRemoved,
    /// `MIN_PROPERTIES_INCREASED` (never).
    MinPropertiesIncreased,
    /// `MIN_PROPERTIES_DECREASED` (STRICT).
    MinPropertiesDecreased,
    /// `ADDITIONAL_PROPERTIES_ADDED` (STRICT).
    AdditionalPropertiesAdded,
    /// `ADDITIONAL_PROPERTIES_REMOVED` (LENIENT-only).
    AdditionalPropertiesRemoved,
    /// `ADDITIONAL_PROPERTIES_EXTENDED` (STRICT).
    AdditionalPropertiesExtended,
    /// `ADDITIONAL_PROPERTIES_NARROWED` (LENIENT-only).
    AdditionalPropertiesNarrowed,
    /// `DEPENDENCY_ARRAY_ADDED` (never).
    DependencyArrayAdded,
    /// `DEPENDENCY_ARRAY_REMOVED` (STRICT).
    DependencyArrayRemoved,
    /// `DEPENDENCY_ARRAY_EXTENDED` (never).
    DependencyArrayExtended,
    /// `DEPENDENCY_ARRAY_NARROWED` (STRICT).
    DependencyArrayNarrowed,
    /// `DEPENDENCY_ARRAY_CHANGED` (never).
    DependencyArrayChanged,
    /// `DEPENDENCY_SCHEMA_ADDED` (never).
    DependencySchemaAdded,
    /// `DEPENDENCY_SCHEMA_REMOVED` (STRICT).
    DependencySchemaRemoved,
    /// `PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL` (never).
    PropertyAddedToOpenContentModel,
    /// `REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL` (never).
    RequiredPropertyAddedToOpenContentModel,
    /// `REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL` (LENIENT-only).
    RequiredPropertyWithDefaultAddedToOpenContentModel,
    /// `OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL` (LENIENT-only).
    OptionalPropertyAddedToOpenContentModel,
    /// `PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL` (STRICT).
    PropertyWithEmptySchemaAddedToOpenContentModel,
    /// `REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL` (never).
    RequiredPropertyAddedToUnopenContentModel,
    /// `REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL` (STRICT).
    RequiredPropertyWithDefaultAddedToUnopenContentModel,
    /// `OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL` (STRICT).
    OptionalPropertyAddedToUnopenContentModel,
    /// `PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL` (STRICT).
    PropertyRemovedFromOpenContentModel,
    /// `PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL` (STRICT).
    PropertyWithFalseRemovedFromClosedContentModel,
    /// `PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL` (LENIENT-only).
    PropertyRemovedFromClosedContentModel,
    /// `PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (STRICT).
    PropertyRemovedIsCoveredByPartiallyOpenContentModel,
    /// `PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (LENIENT-only).
    PropertyRemovedNotCoveredByPartiallyOpenContentModel,
    /// `PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (STRICT).
    PropertyAddedIsCoveredByPartiallyOpenContentModel,
    /// `PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (LENIENT-only).
    PropertyAddedNotCoveredByPartiallyOpenContentModel,
    /// `RESERVED_PROPERTY_REMOVED` (never).
    ReservedPropertyRemoved,
    /// `RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY` (never).
    ReservedPropertyConflictsWithProperty,
    /// `UNEVALUATED_PROPERTIES_ADDED` (STRICT).
    UnevaluatedPropertiesAdded,
    /// `UNEVALUATED_PROPERTIES_REMOVED` (LENIENT-only).
    UnevaluatedPropertiesRemoved,
    /// `UNEVALUATED_PROPERTIES_EXTENDED` (STRICT).
    UnevaluatedPropertiesExtended,
    /// `UNEVALUATED_PROPERTIES_NARROWED` (LENIENT-only).
    UnevaluatedPropertiesNarrowed,
    /// `MAX_ITEMS_ADDED` (never).
    MaxItemsAdded,
    /// `MAX_ITEMS_REMOVED` (STRICT).
    MaxItemsRemoved,
    /// `MAX_ITEMS_INCREASED` (STRICT).
    MaxItemsIncreased,
    /// `MAX_ITEMS_DECREASED` (never).
    MaxItemsDecreased,
    /// `MIN_ITEMS_ADDED` (never).
    MinItemsAdded,
    /// `MIN_ITEMS_REMOVED` (STRICT).
    MinItemsRemoved,
    /// `MIN_ITEMS_INCREASED` (never).
    MinItemsIncreased,
    /// `MIN_ITEMS_DECREASED` (STRICT).
    MinItemsDecreased,
    /// `MAX_CONTAINS_ADDED` (never).
    MaxContainsAdded,
    /// `MAX_CONTAINS_REMOVED` (STRICT).
    MaxContainsRemoved,
    /// `MAX_CONTAINS_INCREASED` (STRICT).
    MaxContainsIncreased,
    /// `MAX_CONTAINS_DECREASED` (never).
    MaxContainsDecreased,
    /// `MIN_CONTAINS_ADDED` (never).
    MinContainsAdded,
    /// `MIN_CONTAINS_REMOVED` (STRICT).
    MinContainsRemoved,
    /// `MIN_CONTAINS_INCREASED` (never).
    MinContainsIncreased,
    /// `MIN_CONTAINS_DECREASED` (STRICT).
    MinContainsDecreased,
    /// `UNIQUE_ITEMS_ADDED` (never).
    UniqueItemsAdded,
    /// `UNIQUE_ITEMS_REMOVED` (STRICT).
    UniqueItemsRemoved,
    /// `ADDITIONAL_ITEMS_ADDED` (STRICT).
    AdditionalItemsAdded,
    /// `ADDITIONAL_ITEMS_REMOVED` (never).
    AdditionalItemsRemoved,
    /// `ADDITIONAL_ITEMS_EXTENDED` (STRICT).
    AdditionalItemsExtended,
    /// `ADDITIONAL_ITEMS_NARROWED` (never).
    AdditionalItemsNarrowed,
    /// `UNEVALUATED_ITEMS_ADDED` (STRICT).
    UnevaluatedItemsAdded,
    /// `UNEVALUATED_ITEMS_REMOVED` (never).
    UnevaluatedItemsRemoved,
    /// `UNEVALUATED_ITEMS_EXTENDED` (STRICT).
    UnevaluatedItemsExtended,
    /// `UNEVALUATED_ITEMS_NARROWED` (never).
    UnevaluatedItemsNarrowed,
    /// `ITEM_ADDED_TO_OPEN_CONTENT_MODEL` (never).
    ItemAddedToOpenContentModel,
    /// `ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL` (STRICT).
    ItemWithEmptySchemaAddedToOpenContentModel,
    /// `ITEM_ADDED_TO_CLOSED_CONTENT_MODEL` (STRICT).
    ItemAddedToClosedContentModel,
    /// `ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL` (STRICT).
    ItemRemovedFromOpenContentModel,
    /// `ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL` (STRICT).
    ItemWithFalseRemovedFromClosedContentModel,
    /// `ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL` (never).
    ItemRemovedFromClosedContentModel,
    /// `ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (STRICT).
    ItemRemovedIsCoveredByPartiallyOpenContentModel,
    /// `ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (never).
    ItemRemovedNotCoveredByPartiallyOpenContentModel,
    /// `ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (STRICT).
    ItemAddedIsCoveredByPartiallyOpenContentModel,
    /// `ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` (never).
    ItemAddedNotCoveredByPartiallyOpenContentModel,
    /// `ENUM_ARRAY_EXTENDED` (STRICT).
    EnumArrayExtended,
    /// `ENUM_ARRAY_NARROWED` (never).
    EnumArrayNarrowed,
    /// `ENUM_ARRAY_CHANGED` (never).
    EnumArrayChanged,
    /// `COMBINED_TYPE_EXTENDED` (STRICT).
    CombinedTypeExtended,
    /// `COMBINED_TYPE_CHANGED` (never).
    CombinedTypeChanged,
    /// `PRODUCT_TYPE_EXTENDED` (never).
    ProductTypeExtended,
    /// `PRODUCT_TYPE_NARROWED` (STRICT).
    ProductTypeNarrowed,
    /// `SUM_TYPE_EXTENDED` (STRICT).
    SumTypeExtended,
    /// `SUM_TYPE_NARROWED` (never).
    SumTypeNarrowed,
    /// `COMBINED_TYPE_SUBSCHEMAS_CHANGED` (never).
    CombinedTypeSubschemasChanged,
    /// `NOT_TYPE_EXTENDED` (never).
    NotTypeExtended,
    /// `NOT_TYPE_NARROWED` (STRICT).
    NotTypeNarrowed,
    /// A keyword the engine does not compare differs between the two schemas: the engine cannot
    /// judge the change, so it treats it as breaking.
    UnjudgedKeywordChanged,
    /// The two schemas have different schema types (e.g. JSON and AVRO).
    SchemaTypeChanged,
}

impl ChangeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::IdChanged,
        ChangeKind::DescriptionChanged,
        ChangeKind::TitleChanged,
        ChangeKind::DefaultChanged,
        ChangeKind::SchemaAdded,
        ChangeKind::SchemaRemoved,
        ChangeKind::TypeExtended,
        ChangeKind::TypeNarrowed,
        ChangeKind::TypeChanged,
        ChangeKind::MaxLengthAdded,
        ChangeKind::MaxLengthRemoved,
        ChangeKind::MaxLengthIncreased,
        ChangeKind::MaxLengthDecreased,
        ChangeKind::MinLengthAdded,
        ChangeKind::MinLengthRemoved,
        ChangeKind::MinLengthIncreased,
        ChangeKind::MinLengthDecreased,
        ChangeKind::PatternAdded,
        ChangeKind::PatternRemoved,
        ChangeKind::PatternChanged,
        ChangeKind::MaximumAdded,
        ChangeKind::MaximumRemoved,
        ChangeKind::MaximumIncreased,
        ChangeKind::MaximumDecreased,
        ChangeKind::MinimumAdded,
        ChangeKind::MinimumRemoved,
        ChangeKind::MinimumIncreased,
        ChangeKind::MinimumDecreased,
        ChangeKind::ExclusiveMaximumAdded,
        ChangeKind::ExclusiveMaximumRemoved,
        ChangeKind::ExclusiveMaximumIncreased,
        ChangeKind::ExclusiveMaximumDecreased,
        ChangeKind::ExclusiveMinimumAdded,
        ChangeKind::ExclusiveMinimumRemoved,
        ChangeKind::ExclusiveMinimumIncreased,
        ChangeKind::ExclusiveMinimumDecreased,
        ChangeKind::MultipleOfAdded,
        ChangeKind::MultipleOfRemoved,
        ChangeKind::MultipleOfExpanded,
        ChangeKind::MultipleOfReduced,
        ChangeKind::MultipleOfChanged,
        ChangeKind::RequiredAttributeAdded,
        ChangeKind::RequiredAttributeWithDefaultAdded,
        ChangeKind::RequiredAttributeRemoved,
        ChangeKind::MaxPropertiesAdded,
        ChangeKind::MaxPropertiesRemoved,
        ChangeKind::MaxPropertiesIncreased,
        ChangeKind::MaxPropertiesDecreased,
        ChangeKind::MinPropertiesAdded,
        ChangeKind::MinPropertiesRemoved,
        ChangeKind::MinPropertiesIncreased,
        ChangeKind::MinPropertiesDecreased,
        ChangeKind::AdditionalPropertiesAdded,
        ChangeKind::AdditionalPropertiesRemoved,
        ChangeKind::AdditionalPropertiesExtended,
        ChangeKind::AdditionalPropertiesNarrowed,
        ChangeKind::DependencyArrayAdded,
        ChangeKind::DependencyArrayRemoved,
        ChangeKind::DependencyArrayExtended,
        ChangeKind::DependencyArrayNarrowed,
        ChangeKind::DependencyArrayChanged,
        ChangeKind::DependencySchemaAdded,
        ChangeKind::DependencySchemaRemoved,
        ChangeKind::PropertyAddedToOpenContentModel,
        ChangeKind::RequiredPropertyAddedToOpenContentModel,
        ChangeKind::RequiredPropertyWithDefaultAddedToOpenContentModel,
        ChangeKind::OptionalPropertyAddedToOpenContentModel,
        ChangeKind::PropertyWithEmptySchemaAddedToOpenContentModel,
        ChangeKind::RequiredPropertyAddedToUnopenContentModel,
        ChangeKind::RequiredPropertyWithDefaultAddedToUnopenContentModel,
        ChangeKind::OptionalPropertyAddedToUnopenContentModel,
        ChangeKind::PropertyRemovedFromOpenContentModel,
        ChangeKind::PropertyWithFalseRemovedFromClosedContentModel,
        ChangeKind::PropertyRemovedFromClosedContentModel,
        ChangeKind::PropertyRemovedIsCoveredByPartiallyOpenContentModel,
        ChangeKind::PropertyRemovedNotCoveredByPartiallyOpenContentModel,
        ChangeKind::PropertyAddedIsCoveredByPartiallyOpenContentModel,
        ChangeKind::PropertyAddedNotCoveredByPartiallyOpenContentModel,
        ChangeKind::ReservedPropertyRemoved,
        ChangeKind::ReservedPropertyConflictsWithProperty,
        ChangeKind::UnevaluatedPropertiesAdded,
        ChangeKind::UnevaluatedPropertiesRemoved,
        ChangeKind::UnevaluatedPropertiesExtended,
        ChangeKind::UnevaluatedPropertiesNarrowed,
        ChangeKind::MaxItemsAdded,
        ChangeKind::MaxItemsRemoved,
        ChangeKind::MaxItemsIncreased,
        ChangeKind::MaxItemsDecreased,
        ChangeKind::MinItemsAdded,
        ChangeKind::MinItemsRemoved,
        ChangeKind::MinItemsIncreased,
        ChangeKind::MinItemsDecreased,
        ChangeKind::MaxContainsAdded,
        ChangeKind::MaxContainsRemoved,
        ChangeKind::MaxContainsIncreased,
        ChangeKind::MaxContainsDecreased,
        ChangeKind::MinContainsAdded,
        ChangeKind::MinContainsRemoved,
        ChangeKind::MinContainsIncreased,
        ChangeKind::MinContainsDecreased,
        ChangeKind::UniqueItemsAdded,
        ChangeKind::UniqueItemsRemoved,
        ChangeKind::AdditionalItemsAdded,
        ChangeKind::AdditionalItemsRemoved,
        ChangeKind::AdditionalItemsExtended,
        ChangeKind::AdditionalItemsNarrowed,
        ChangeKind::UnevaluatedItemsAdded,
        ChangeKind::UnevaluatedItemsRemoved,
        ChangeKind::UnevaluatedItemsExtended,
        ChangeKind::UnevaluatedItemsNarrowed,
        ChangeKind::ItemAddedToOpenContentModel,
        ChangeKind::ItemWithEmptySchemaAddedToOpenContentModel,
        ChangeKind::ItemAddedToClosedContentModel,
        ChangeKind::ItemRemovedFromOpenContentModel,
        ChangeKind::ItemWithFalseRemovedFromClosedContentModel,
        ChangeKind::ItemRemovedFromClosedContentModel,
        ChangeKind::ItemRemovedIsCoveredByPartiallyOpenContentModel,
        ChangeKind::ItemRemovedNotCoveredByPartiallyOpenContentModel,
        ChangeKind::ItemAddedIsCoveredByPartiallyOpenContentModel,
        ChangeKind::ItemAddedNotCoveredByPartiallyOpenContentModel,
        ChangeKind::EnumArrayExtended,
        ChangeKind::EnumArrayNarrowed,
        ChangeKind::EnumArrayChanged,
        ChangeKind::CombinedTypeExtended,
        ChangeKind::CombinedTypeChanged,
        ChangeKind::ProductTypeExtended,
        ChangeKind::ProductTypeNarrowed,
        ChangeKind::SumTypeExtended,
        ChangeKind::SumTypeNarrowed,
        ChangeKind::CombinedTypeSubschemasChanged,
        ChangeKind::NotTypeExtended,
        ChangeKind::NotTypeNarrowed,
        ChangeKind::UnjudgedKeywordChanged,
        ChangeKind::SchemaTypeChanged,
    ];

    /// Confluent's name of the kind.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::IdChanged => "ID_CHANGED",
            ChangeKind::DescriptionChanged => "DESCRIPTION_CHANGED",
            ChangeKind::TitleChanged => "TITLE_CHANGED",
            ChangeKind::DefaultChanged => "DEFAULT_CHANGED",
            ChangeKind::SchemaAdded => "SCHEMA_ADDED",
            ChangeKind::SchemaRemoved => "SCHEMA_REMOVED",
            ChangeKind::TypeExtended => "TYPE_EXTENDED",
            ChangeKind::TypeNarrowed => "TYPE_NARROWED",
            ChangeKind::TypeChanged => "TYPE_CHANGED",
            ChangeKind::MaxLengthAdded => "MAX_LENGTH_ADDED",
            ChangeKind::MaxLengthRemoved => "MAX_LENGTH_REMOVED",
            ChangeKind::MaxLengthIncreased => "MAX_LENGTH_INCREASED",
            ChangeKind::MaxLengthDecreased => "MAX_LENGTH_DECREASED",
            ChangeKind::MinLengthAdded => "MIN_LENGTH_ADDED",
            ChangeKind::MinLengthRemoved => "MIN_LENGTH_REMOVED",
            ChangeKind::MinLengthIncreased => "MIN_LENGTH_INCREASED",
            ChangeKind::MinLengthDecreased => "MIN_LENGTH_DECREASED",
            ChangeKind::PatternAdded => "PATTERN_ADDED",
            ChangeKind::PatternRemoved => "PATTERN_REMOVED",
            ChangeKind::PatternChanged => "PATTERN_CHANGED",
            ChangeKind::MaximumAdded => "MAXIMUM_ADDED",
            ChangeKind::MaximumRemoved => "MAXIMUM_REMOVED",
            ChangeKind::MaximumIncreased => "MAXIMUM_INCREASED",
            ChangeKind::MaximumDecreased => "MAXIMUM_DECREASED",
            ChangeKind::MinimumAdded => "MINIMUM_ADDED",
            ChangeKind::MinimumRemoved => "MINIMUM_REMOVED",
            ChangeKind::MinimumIncreased => "MINIMUM_INCREASED",
            ChangeKind::MinimumDecreased => "MINIMUM_DECREASED",
            ChangeKind::ExclusiveMaximumAdded => "EXCLUSIVE_MAXIMUM_ADDED",
            ChangeKind::ExclusiveMaximumRemoved => "EXCLUSIVE_MAXIMUM_REMOVED",
            ChangeKind::ExclusiveMaximumIncreased => "EXCLUSIVE_MAXIMUM_INCREASED",
            ChangeKind::ExclusiveMaximumDecreased => "EXCLUSIVE_MAXIMUM_DECREASED",
            ChangeKind::ExclusiveMinimumAdded => "EXCLUSIVE_MINIMUM_ADDED",
            ChangeKind::ExclusiveMinimumRemoved => "EXCLUSIVE_MINIMUM_REMOVED",
            ChangeKind::ExclusiveMinimumIncreased => "EXCLUSIVE_MINIMUM_INCREASED",
            ChangeKind::ExclusiveMinimumDecreased => "EXCLUSIVE_MINIMUM_DECREASED",
            ChangeKind::MultipleOfAdded => "MULTIPLE_OF_ADDED",
            ChangeKind::MultipleOfRemoved => "MULTIPLE_OF_REMOVED",
            ChangeKind::MultipleOfExpanded => "MULTIPLE_OF_EXPANDED",
            ChangeKind::MultipleOfReduced => "MULTIPLE_OF_REDUCED",
            ChangeKind::MultipleOfChanged => "MULTIPLE_OF_CHANGED",
            ChangeKind::RequiredAttributeAdded => "REQUIRED_ATTRIBUTE_ADDED",
            ChangeKind::RequiredAttributeWithDefaultAdded => {
                "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
            }
            ChangeKind::RequiredAttributeRemoved => "REQUIRED_ATTRIBUTE_REMOVED",
            ChangeKind::MaxPropertiesAdded => "MAX_PROPERTIES_ADDED",
            ChangeKind::MaxPropertiesRemoved => "MAX_PROPERTIES_REMOVED",
            ChangeKind::MaxPropertiesIncreased => "MAX_PROPERTIES_INCREASED",
            ChangeKind::MaxPropertiesDecreased => "MAX_PROPERTIES_DECREASED",
            ChangeKind::MinPropertiesAdded => "MIN_PROPERTIES_ADDED",
            ChangeKind::MinPropertiesRemoved => "MIN_PROPERTIES_REMOVED",
            ChangeKind::MinPropertiesIncreased => "MIN_PROPERTIES_INCREASED",
            ChangeKind::MinPropertiesDecreased => "MIN_PROPERTIES_DECREASED",
            ChangeKind::AdditionalPropertiesAdded => "ADDITIONAL_PROPERTIES_ADDED",
            ChangeKind::AdditionalPropertiesRemoved => "ADDITIONAL_PROPERTIES_REMOVED",
            ChangeKind::AdditionalPropertiesExtended => "ADDITIONAL_PROPERTIES_EXTENDED",
            ChangeKind::AdditionalPropertiesNarrowed => "ADDITIONAL_PROPERTIES_NARROWED",
            ChangeKind::DependencyArrayAdded => "DEPENDENCY_ARRAY_ADDED",
            ChangeKind::DependencyArrayRemoved => "DEPENDENCY_ARRAY_REMOVED",
            ChangeKind::DependencyArrayExtended => "DEPENDENCY_ARRAY_EXTENDED",
            ChangeKind::DependencyArrayNarrowed => "DEPENDENCY_ARRAY_NARROWED",
            ChangeKind::DependencyArrayChanged => "DEPENDENCY_ARRAY_CHANGED",
            ChangeKind::DependencySchemaAdded => "DEPENDENCY_SCHEMA_ADDED",
            ChangeKind::DependencySchemaRemoved => "DEPENDENCY_SCHEMA_REMOVED",
            ChangeKind::PropertyAddedToOpenContentModel => "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            ChangeKind::RequiredPropertyAddedToOpenContentModel => {
                "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
            }
            ChangeKind::RequiredPropertyWithDefaultAddedToOpenContentModel => {
                "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
            }
            ChangeKind::OptionalPropertyAddedToOpenContentModel => {
                "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyWithEmptySchemaAddedToOpenContentModel => {
                "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
            }
            ChangeKind::RequiredPropertyAddedToUnopenContentModel => {
                "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
            }
            ChangeKind::RequiredPropertyWithDefaultAddedToUnopenContentModel => {
                "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
            }
            ChangeKind::OptionalPropertyAddedToUnopenContentModel => {
                "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyRemovedFromOpenContentModel => {
                "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyWithFalseRemovedFromClosedContentModel => {
                "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
            }
            ChangeKind::PropertyRemovedFromClosedContentModel => {
                "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
            }
            ChangeKind::PropertyRemovedIsCoveredByPartiallyOpenContentModel => {
                "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyRemovedNotCoveredByPartiallyOpenContentModel => {
                "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyAddedIsCoveredByPartiallyOpenContentModel => {
                "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::PropertyAddedNotCoveredByPartiallyOpenContentModel => {
                "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::ReservedPropertyRemoved => "RESERVED_PROPERTY_REMOVED",
            ChangeKind::ReservedPropertyConflictsWithProperty => {
                "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY"
            }
            ChangeKind::UnevaluatedPropertiesAdded => "UNEVALUATED_PROPERTIES_ADDED",
            ChangeKind::UnevaluatedPropertiesRemoved => "UNEVALUATED_PROPERTIES_REMOVED",
            ChangeKind::UnevaluatedPropertiesExtended => "UNEVALUATED_PROPERTIES_EXTENDED",
            ChangeKind::UnevaluatedPropertiesNarrowed => "UNEVALUATED_PROPERTIES_NARROWED",
            ChangeKind::MaxItemsAdded => "MAX_ITEMS_ADDED",
            ChangeKind::MaxItemsRemoved => "MAX_ITEMS_REMOVED",
            ChangeKind::MaxItemsIncreased => "MAX_ITEMS_INCREASED",
            ChangeKind::MaxItemsDecreased => "MAX_ITEMS_DECREASED",
            ChangeKind::MinItemsAdded => "MIN_ITEMS_ADDED",
            ChangeKind::MinItemsRemoved => "MIN_ITEMS_REMOVED",
            ChangeKind::MinItemsIncreased => "MIN_ITEMS_INCREASED",
            ChangeKind::MinItemsDecreased => "MIN_ITEMS_DECREASED",
            ChangeKind::MaxContainsAdded => "MAX_CONTAINS_ADDED",
            ChangeKind::MaxContainsRemoved => "MAX_CONTAINS_REMOVED",
            ChangeKind::MaxContainsIncreased => "MAX_CONTAINS_INCREASED",
            ChangeKind::MaxContainsDecreased => "MAX_CONTAINS_DECREASED",
            ChangeKind::MinContainsAdded => "MIN_CONTAINS_ADDED",
            ChangeKind::MinContainsRemoved => "MIN_CONTAINS_REMOVED",
            ChangeKind::MinContainsIncreased => "MIN_CONTAINS_INCREASED",
            ChangeKind::MinContainsDecreased => "MIN_CONTAINS_DECREASED",
            ChangeKind::UniqueItemsAdded => "UNIQUE_ITEMS_ADDED",
            ChangeKind::UniqueItemsRemoved => "UNIQUE_ITEMS_REMOVED",
            ChangeKind::AdditionalItemsAdded => "ADDITIONAL_ITEMS_ADDED",
            ChangeKind::AdditionalItemsRemoved => "ADDITIONAL_ITEMS_REMOVED",
            ChangeKind::AdditionalItemsExtended => "ADDITIONAL_ITEMS_EXTENDED",
            ChangeKind::AdditionalItemsNarrowed => "ADDITIONAL_ITEMS_NARROWED",
            ChangeKind::UnevaluatedItemsAdded => "UNEVALUATED_ITEMS_ADDED",
            ChangeKind::UnevaluatedItemsRemoved => "UNEVALUATED_ITEMS_REMOVED",
            ChangeKind::UnevaluatedItemsExtended => "UNEVALUATED_ITEMS_EXTENDED",
            ChangeKind::UnevaluatedItemsNarrowed => "UNEVALUATED_ITEMS_NARROWED",
            ChangeKind::ItemAddedToOpenContentModel => "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
            ChangeKind::ItemWithEmptySchemaAddedToOpenContentModel => {
                "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
            }
            ChangeKind::ItemAddedToClosedContentModel => "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
            ChangeKind::ItemRemovedFromOpenContentModel => "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
            ChangeKind::ItemWithFalseRemovedFromClosedContentModel => {
                "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
            }
            ChangeKind::ItemRemovedFromClosedContentModel => {
                "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"
            }
            ChangeKind::ItemRemovedIsCoveredByPartiallyOpenContentModel => {
                "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::ItemRemovedNotCoveredByPartiallyOpenContentModel => {
                "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::ItemAddedIsCoveredByPartiallyOpenContentModel => {
                "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::ItemAddedNotCoveredByPartiallyOpenContentModel => {
                "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
            }
            ChangeKind::EnumArrayExtended => "ENUM_ARRAY_EXTENDED",
            ChangeKind::EnumArrayNarrowed => "ENUM_ARRAY_NARROWED",
            ChangeKind::EnumArrayChanged => "ENUM_ARRAY_CHANGED",
            ChangeKind::CombinedTypeExtended => "COMBINED_TYPE_EXTENDED",
            ChangeKind::CombinedTypeChanged => "COMBINED_TYPE_CHANGED",
            ChangeKind::ProductTypeExtended => "PRODUCT_TYPE_EXTENDED",
            ChangeKind::ProductTypeNarrowed => "PRODUCT_TYPE_NARROWED",
            ChangeKind::SumTypeExtended => "SUM_TYPE_EXTENDED",
            ChangeKind::SumTypeNarrowed => "SUM_TYPE_NARROWED",
            ChangeKind::CombinedTypeSubschemasChanged => "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
            ChangeKind::NotTypeExtended => "NOT_TYPE_EXTENDED",
            ChangeKind::NotTypeNarrowed => "NOT_TYPE_NARROWED",
            ChangeKind::UnjudgedKeywordChanged => "UNJUDGED_KEYWORD_CHANGED",
            ChangeKind::SchemaTypeChanged => "SCHEMA_TYPE_CHANGED",
        }
    }

    /// The kind with this name, if any (case-sensitive, Confluent's spelling).
    pub fn from_name(name: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Under which policies the kind is allowed.
    pub fn allowed(self) -> Allowed {
        use ChangeKind::*;
        match self {
            IdChanged
            | DescriptionChanged
            | TitleChanged
            | DefaultChanged
            | SchemaRemoved
            | TypeExtended
            | MaxLengthRemoved
            | MaxLengthIncreased
            | MinLengthRemoved
            | MinLengthDecreased
            | PatternRemoved
            | MaximumRemoved
            | MaximumIncreased
            | MinimumRemoved
            | MinimumDecreased
            | ExclusiveMaximumRemoved
            | ExclusiveMaximumIncreased
            | ExclusiveMinimumRemoved
            | ExclusiveMinimumDecreased
            | MultipleOfRemoved
            | MultipleOfReduced
            | RequiredAttributeWithDefaultAdded
            | RequiredAttributeRemoved
            | MaxPropertiesRemoved
            | MaxPropertiesIncreased
            | MinPropertiesRemoved
            | MinPropertiesDecreased
            | AdditionalPropertiesAdded
            | AdditionalPropertiesExtended
            | DependencyArrayRemoved
            | DependencyArrayNarrowed
            | DependencySchemaRemoved
            | PropertyWithEmptySchemaAddedToOpenContentModel
            | RequiredPropertyWithDefaultAddedToUnopenContentModel
            | OptionalPropertyAddedToUnopenContentModel
            | PropertyRemovedFromOpenContentModel
            | PropertyWithFalseRemovedFromClosedContentModel
            | PropertyRemovedIsCoveredByPartiallyOpenContentModel
            | PropertyAddedIsCoveredByPartiallyOpenContentModel
            | UnevaluatedPropertiesAdded
            | UnevaluatedPropertiesExtended
            | MaxItemsRemoved
            | MaxItemsIncreased
            | MinItemsRemoved
            | MinItemsDecreased
            | MaxContainsRemoved
            | MaxContainsIncreased
            | MinContainsRemoved
            | MinContainsDecreased
            | UniqueItemsRemoved
            | AdditionalItemsAdded
            | AdditionalItemsExtended
            | UnevaluatedItemsAdded
            | UnevaluatedItemsExtended
            | ItemWithEmptySchemaAddedToOpenContentModel
            | ItemAddedToClosedContentModel
            | ItemRemovedFromOpenContentModel
            | ItemWithFalseRemovedFromClosedContentModel
            | ItemRemovedIsCoveredByPartiallyOpenContentModel
            | ItemAddedIsCoveredByPartiallyOpenContentModel
            | EnumArrayExtended
            | CombinedTypeExtended
            | ProductTypeNarrowed
            | SumTypeExtended
            | NotTypeNarrowed => Allowed::Strict,
            AdditionalPropertiesRemoved
            | AdditionalPropertiesNarrowed
            | RequiredPropertyWithDefaultAddedToOpenContentModel
            | OptionalPropertyAddedToOpenContentModel
            | PropertyRemovedFromClosedContentModel
            | PropertyRemovedNotCoveredByPartiallyOpenContentModel
            | PropertyAddedNotCoveredByPartiallyOpenContentModel
            | UnevaluatedPropertiesRemoved
            | UnevaluatedPropertiesNarrowed => Allowed::LenientOnly,
            _ => Allowed::Never,
        }
    }

    /// Whether the kind only documents the schema (`title`, `description`, examples, `$comment`).
    pub fn is_documentation(self) -> bool {
        matches!(
            self,
            ChangeKind::DescriptionChanged | ChangeKind::TitleChanged
        )
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
