//! Domain tests without HTTP, against a real SQLite store in a temporary folder: each calls the
//! domain functions the routes call and checks what they answer and what they stored.

use std::sync::Arc;

use accord_schemas::api::{ConfigUpdateRequest, RegisterSchemaRequest};
use accord_schemas::limits::Limits;
use serde_json::json;

use super::error::DomainError;
use super::registration::{register, RegisterFlags};
use super::registry::{Options, Registry};
use super::{applications, compatibility, config, contexts, deletion, deployments, mode};
use super::{schemas, subjects, validate};
use crate::store::sql::{SqlStore, StoreOptions};

async fn registry(dir: &tempfile::TempDir) -> Registry {
    let path = dir.path().join("registry.db");
    let store = SqlStore::connect(path.to_str().unwrap(), &StoreOptions::default())
        .await
        .unwrap();
    let options = Options {
        mode_mutability: true,
        limits: Limits::DEFAULT,
        validator_cache_size: 10,
        main_branch: "main".into(),
    };
    Registry::new(Arc::new(store), options)
}

/// A registry where `orders` has version 1, [`V1`].
async fn registry_with_orders(dir: &tempfile::TempDir) -> Registry {
    let r = registry(dir).await;
    register(&r, "orders", &schema(V1), RegisterFlags::default())
        .await
        .unwrap();
    r
}

fn schema(text: &str) -> RegisterSchemaRequest {
    RegisterSchemaRequest {
        schema: Some(text.to_string()),
        schema_type: Some("JSON".into()),
        ..RegisterSchemaRequest::default()
    }
}

/// A config update setting only the compatibility level.
fn level(name: &str) -> ConfigUpdateRequest {
    ConfigUpdateRequest {
        compatibility: Some(name.into()),
        ..ConfigUpdateRequest::default()
    }
}

const V1: &str = r#"{"type":"object","properties":{"id":{"type":"string"}}}"#;
const BREAKING: &str = r#"{"type":"object","properties":{"id":{"type":"integer"}}}"#;

async fn event_kinds(registry: &Registry) -> Vec<String> {
    let events = registry.store.events(0, 100).await.unwrap();
    events.into_iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn registering_twice_answers_the_same_version_and_writes_once() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry(&dir).await;
    let flags = RegisterFlags::default();
    let first = register(&r, "orders", &schema(V1), flags).await.unwrap();
    let again = register(&r, "orders", &schema(V1), flags).await.unwrap();
    assert!(first.created && !again.created);
    assert_eq!(
        (again.answer.id, again.answer.version),
        (first.answer.id, Some(1))
    );
    assert_eq!(event_kinds(&r).await, ["schema.registered"]);
    let found = subjects::lookup(&r, "orders", &schema(V1), false, false)
        .await
        .unwrap();
    assert_eq!(found.version, Some(1));
}

#[tokio::test]
async fn an_incompatible_version_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry(&dir).await;
    let flags = RegisterFlags::default();
    register(&r, "orders", &schema(V1), flags).await.unwrap();
    let refused = register(&r, "orders", &schema(BREAKING), flags)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, DomainError::Incompatible { subject, messages }
            if subject == "orders" && !messages.is_empty()),
        "{refused:?}"
    );
    let listing = subjects::Listing::default();
    assert_eq!(
        subjects::versions(&r, "orders", listing).await.unwrap(),
        [1]
    );
    let question = compatibility::Question::default();
    let verdict = compatibility::against_all(&r, "orders", &schema(BREAKING), question)
        .await
        .unwrap();
    assert!(!verdict.compatible);
    // `force` skips the level.
    let forced = RegisterFlags {
        force: true,
        ..flags
    };
    let v2 = register(&r, "orders", &schema(BREAKING), forced)
        .await
        .unwrap();
    assert_eq!(v2.answer.version, Some(2));
}

#[tokio::test]
async fn deletion_is_soft_then_permanent_with_one_event_each() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry_with_orders(&dir).await;
    let permanent_first = deletion::delete_version(&r, "orders", "1", true).await;
    assert!(matches!(
        permanent_first,
        Err(DomainError::VersionNotSoftDeleted { version: 1, .. })
    ));
    assert_eq!(
        deletion::delete_version(&r, "orders", "latest", false)
            .await
            .unwrap(),
        1
    );
    assert!(matches!(
        subjects::get_version(&r, "orders", "1", false).await,
        Err(DomainError::SubjectNotFound(_))
    ));
    assert_eq!(
        deletion::delete_subject(&r, "orders", true).await.unwrap(),
        [1]
    );
    assert_eq!(
        event_kinds(&r).await,
        [
            "schema.registered",
            "version.soft_deleted",
            "subject.hard_deleted"
        ]
    );
}

#[tokio::test]
async fn config_and_mode_are_checked_stored_and_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry(&dir).await;
    let bad = level("SIDEWAYS");
    assert!(matches!(
        config::set_global(&r, bad).await,
        Err(DomainError::InvalidLevel)
    ));
    // The default context's qualifier alone names no subject, not the global scope.
    assert!(matches!(
        config::set_subject(&r, "", ConfigUpdateRequest::default()).await,
        Err(DomainError::InvalidSubject(_))
    ));
    assert!(matches!(
        mode::set_subject(&r, "", "READONLY", false).await,
        Err(DomainError::InvalidSubject(_))
    ));
    let none = level("none");
    assert_eq!(
        config::set_subject(&r, "orders", none)
            .await
            .unwrap()
            .compatibility
            .as_deref(),
        Some("NONE")
    );
    let effective = config::of_subject(&r, "orders", true).await.unwrap();
    assert_eq!(effective.compatibility_level.as_deref(), Some("NONE"));
    assert_eq!(
        config::global(&r)
            .await
            .unwrap()
            .compatibility_level
            .as_deref(),
        Some("BACKWARD")
    );

    assert_eq!(
        mode::set_subject(&r, "orders", "readonly", false)
            .await
            .unwrap(),
        mode::Mode::ReadOnly
    );
    let refused = register(&r, "orders", &schema(V1), RegisterFlags::default()).await;
    assert!(
        matches!(refused, Err(DomainError::NotPermitted(_))),
        "{refused:?}"
    );
    assert!(matches!(
        mode::set_subject(&r, "orders", "FORWARD", false).await,
        Err(DomainError::InvalidMode(_))
    ));
    assert_eq!(
        mode::remove(&r, "orders").await.unwrap(),
        Some(mode::Mode::ReadOnly)
    );
    assert_eq!(
        mode::of_subject(&r, "orders", true).await.unwrap(),
        mode::Mode::ReadWrite
    );
    assert_eq!(
        event_kinds(&r).await,
        ["config.changed", "mode.changed", "mode.deleted"]
    );
}

#[tokio::test]
async fn a_published_contract_guards_registration_under_enforce_and_warns_under_warn() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry(&dir).await;
    let flags = RegisterFlags::default();
    register(&r, "orders", &schema(V1), flags).await.unwrap();
    let body = json!({"branch": "main", "contracts": [
        {"subject": "orders", "reads": [{"path": "/id", "type": "string"}]}
    ]});
    let published = applications::publish(&r, "billing", "1.0.0", body)
        .await
        .unwrap();
    assert_eq!(published.contracts.len(), 1);
    // The level would let it through; the contract does not.
    let none = level("NONE");
    config::set_subject(&r, "orders", none).await.unwrap();
    let refused = register(&r, "orders", &schema(BREAKING), flags)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, DomainError::ContractsBroken { failures, .. }
            if failures[0].starts_with("consumer billing version 1.0.0 reads /id")),
        "{refused:?}"
    );
    let warn = ConfigUpdateRequest {
        contract_check: Some("warn".into()),
        ..ConfigUpdateRequest::default()
    };
    config::set_subject(&r, "orders", warn).await.unwrap();
    let registered = register(&r, "orders", &schema(BREAKING), flags)
        .await
        .unwrap();
    let warnings = &registered.answer.warnings;
    assert!(
        !warnings.is_empty() && warnings.iter().all(|w| w.starts_with("consumer billing")),
        "{warnings:?}"
    );
    assert!(event_kinds(&r)
        .await
        .contains(&"app_version.published".to_string()));
}

#[tokio::test]
async fn payloads_validate_against_a_registered_version() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry_with_orders(&dir).await;
    let schema = validate::schema_of_subject(&r, "orders", "latest")
        .await
        .unwrap();
    let good = validate::one(&r, &schema, br#"{"id":"o-1"}"#)
        .await
        .unwrap();
    let bad = validate::one(&r, &schema, br#"{"id":1}"#).await.unwrap();
    assert!(good.valid && !bad.valid);
    let batch = validate::batch(&r, &schema, b"{\"id\":\"a\"}\nnot json\n".to_vec())
        .await
        .unwrap();
    assert_eq!((batch.total, batch.valid, batch.errors), (2, 1, 1));
    assert!(matches!(
        validate::one(&r, &schema, b"{").await,
        Err(DomainError::InvalidPayload(_))
    ));
    assert_eq!(r.cached_validators(), 1);
}

#[tokio::test]
async fn schemas_are_found_by_id_guid_and_listing_and_contexts_follow_subjects() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry(&dir).await;
    let flags = RegisterFlags::default();
    let registered = register(&r, ":.ctx:orders", &schema(V1), flags)
        .await
        .unwrap();
    let id = registered.answer.id;
    let by_id = schemas::get_by_id(&r, &id.to_string(), Some(":.ctx:orders"), true)
        .await
        .unwrap();
    assert_eq!((by_id.version, by_id.max_id), (Some(1), Some(id)));
    let guid = registered.answer.guid.unwrap();
    assert_eq!(schemas::by_guid(&r, &guid).await.unwrap().id, Some(id));
    assert!(matches!(
        schemas::by_id(&r, "abc").await,
        Err(DomainError::SchemaIdNotFound(_))
    ));
    let listed = schemas::list(&r, &schemas::SchemaFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(contexts::list(&r, None).await.unwrap(), [".", ".ctx"]);
    assert!(matches!(
        contexts::delete(&r, ".ctx").await,
        Err(DomainError::ContextNotEmpty(_))
    ));
}

#[tokio::test]
async fn a_compatibility_question_with_verbose_answers_an_invalid_schema_as_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry_with_orders(&dir).await;
    let verbose = compatibility::Question {
        verbose: true,
        ..Default::default()
    };
    let verdict = compatibility::against_version(&r, "orders", "1", &schema("{"), verbose)
        .await
        .unwrap();
    assert!(!verdict.compatible && verdict.messages[0].contains("Invalid schema"));
    let quiet = compatibility::Question::default();
    assert!(matches!(
        compatibility::against_version(&r, "orders", "1", &schema("{"), quiet).await,
        Err(DomainError::InvalidSchema(_))
    ));
    assert!(matches!(
        compatibility::against_version(&r, "orders", "7", &schema(V1), quiet).await,
        Err(DomainError::VersionNotFound(_))
    ));
}

#[tokio::test]
async fn deployments_are_recorded_and_can_i_deploy_judges_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let r = registry_with_orders(&dir).await;
    let producer = json!({"branch": "main", "produces": ["orders"]});
    applications::publish(&r, "shop", "1", producer)
        .await
        .unwrap();
    let consumer = json!({"branch": "main", "contracts": [
        {"subject": "orders", "reads": [{"path": "/id", "type": "string"}]}
    ]});
    applications::publish(&r, "billing", "1", consumer)
        .await
        .unwrap();
    assert!(matches!(
        deployments::record(&r, "billing", "2", "prod").await,
        Err(DomainError::AppVersionNotFound { .. })
    ));
    assert!(matches!(
        deployments::record(&r, "billing", "1", "-prod").await,
        Err(DomainError::InvalidEnvironment(_))
    ));
    deployments::record(&r, "shop", "1", "prod").await.unwrap();
    let verdict = deployments::can_i_deploy(&r, "billing", "1", "prod")
        .await
        .unwrap();
    assert_eq!(verdict.result, "no", "{verdict:?}");
    assert!(verdict.rows[0].reason.contains("/id"), "{verdict:?}");
    // Once the producer's latest version always writes the field, the contract holds.
    let required = r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#;
    let forced = RegisterFlags {
        force: true,
        ..RegisterFlags::default()
    };
    register(&r, "orders", &schema(required), forced)
        .await
        .unwrap();
    let verdict = deployments::can_i_deploy(&r, "billing", "1", "prod")
        .await
        .unwrap();
    assert_eq!(verdict.result, "yes", "{verdict:?}");
    assert_eq!(
        deployments::in_environment(&r, "prod").await.unwrap().len(),
        1
    );
    assert!(event_kinds(&r)
        .await
        .contains(&"deployment.recorded".to_string()));
}
