//! The store suite: the [`Store`] contract, written once, run on SQLite and on PostgreSQL.

use std::sync::Arc;

use accord_registry::store::{
    ContractRecord, NewAppVersion, NewEvent, NewSchema, ProducedRecord, Store,
};
use accord_schemas::api::{Config, SchemaReference};
use serde_json::json;

use crate::common::{postgres, skipped, sqlite, TestStore};

fn schema(identity: &str, text: &str) -> NewSchema {
    NewSchema {
        identity: identity.to_string(),
        schema_type: "JSON".to_string(),
        schema: text.to_string(),
        references: Vec::new(),
        metadata: None,
        rule_set: None,
    }
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name(super::sqlite().await).await;
                }
                #[tokio::test]
                async fn postgres() {
                    match super::postgres().await {
                        Some(s) => super::$name(s).await,
                        None => super::skipped(concat!("store_suite::", stringify!($name))),
                    }
                }
            }
        )*
    };
}

suite!(
    ids_are_unique_per_identity,
    versions_and_deletes,
    uncommitted_writes_vanish,
    config_and_mode,
    imported_ids_move_the_counter,
    writers_of_one_subject_are_serialised,
    events_are_append_only,
    reopening_keeps_everything,
    writers_of_different_subjects_get_distinct_ids,
    hard_delete_evicts_the_schema_by_id,
    applications_contracts_and_deployments,
);

async fn ids_are_unique_per_identity(t: TestStore) {
    let store = &t.store;
    let mut tx = store.write(Some("a")).await.unwrap();
    let one = tx.insert_schema(&schema("aa", "{}"), None).await.unwrap();
    let again = tx.insert_schema(&schema("aa", "{}"), None).await.unwrap();
    let two = tx
        .insert_schema(&schema("bb", "{\"type\":\"string\"}"), None)
        .await
        .unwrap();
    tx.insert_version("a", 1, one).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(one, again);
    assert_ne!(one, two);
    let row = store.schema_by_id(one).await.unwrap().unwrap();
    assert_eq!(
        (row.stored.identity.as_str(), row.stored.schema.as_str()),
        ("aa", "{}")
    );
    // A schema no version uses is not served by id.
    assert!(store.schema_by_id(two).await.unwrap().is_none());
    let mut reads = store.read().await.unwrap();
    assert_eq!(
        reads.schema_by_identity("bb").await.unwrap().unwrap().id,
        two
    );
    assert!(reads.schema_by_identity("cc").await.unwrap().is_none());
}

async fn versions_and_deletes(t: TestStore) {
    let store = &t.store;
    let mut tx = store.write(Some("s")).await.unwrap();
    let a = tx.insert_schema(&schema("a1", "{}"), None).await.unwrap();
    let mut b_schema = schema("b1", "{\"$ref\":\"x\"}");
    b_schema.references = vec![SchemaReference {
        name: "x".into(),
        subject: "s".into(),
        version: 1,
    }];
    let b = tx.insert_schema(&b_schema, None).await.unwrap();
    tx.insert_version("s", 1, a).await.unwrap();
    tx.insert_version("t", 1, b).await.unwrap();
    tx.commit().await.unwrap();
    // A duplicate version is a conflict, not a second row.
    let mut tx = store.write(Some("s")).await.unwrap();
    let err = tx.insert_version("s", 1, a).await.unwrap_err();
    assert!(
        matches!(err, accord_registry::store::StoreError::Conflict(_)),
        "{err}"
    );
    drop(tx);

    let mut reads = store.read().await.unwrap();
    let refs = reads.referrers("s", 1).await.unwrap();
    assert_eq!(refs.len(), 1);
    assert_eq!((refs[0].schema_id, refs[0].live), (b, true));
    assert_eq!(
        store.versions_of_schema(a).await.unwrap(),
        vec![("s".into(), 1, false)]
    );
    drop(reads);

    let mut tx = store.write(Some("t")).await.unwrap();
    tx.soft_delete("t", 1).await.unwrap();
    tx.commit().await.unwrap();
    let mut reads = store.read().await.unwrap();
    assert!(!reads.referrers("s", 1).await.unwrap()[0].live);
    let subjects = reads.subjects().await.unwrap();
    assert_eq!(subjects.len(), 2);
    assert!(subjects.iter().any(|s| s.name == "t" && s.soft_deleted));
    assert!(reads.versions("t").await.unwrap()[0].deleted);
    drop(reads);

    let mut tx = store.write(Some("t")).await.unwrap();
    tx.hard_delete("t", 1).await.unwrap();
    tx.commit().await.unwrap();
    let mut reads = store.read().await.unwrap();
    assert!(reads.versions("t").await.unwrap().is_empty());
    assert!(reads.referrers("s", 1).await.unwrap().is_empty());
    assert_eq!(store.all_versions("").await.unwrap().len(), 1);
    assert_eq!(store.all_versions("t").await.unwrap().len(), 0);
}

async fn uncommitted_writes_vanish(t: TestStore) {
    let store = &t.store;
    {
        let mut tx = store.write(Some("s")).await.unwrap();
        let id = tx.insert_schema(&schema("x1", "{}"), None).await.unwrap();
        tx.insert_version("s", 1, id).await.unwrap();
        tx.set_config("s", Some(&Config::default())).await.unwrap();
        // Dropped without commit.
    }
    let mut reads = store.read().await.unwrap();
    assert!(reads.versions("s").await.unwrap().is_empty());
    assert!(reads.schema_by_identity("x1").await.unwrap().is_none());
    assert!(reads.config("s").await.unwrap().is_none());
    drop(reads);
    // The connection is usable afterwards.
    let mut tx = store.write(Some("s")).await.unwrap();
    let id = tx.insert_schema(&schema("x1", "{}"), None).await.unwrap();
    tx.insert_version("s", 1, id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.all_versions("").await.unwrap().len(), 1);
}

async fn config_and_mode(t: TestStore) {
    let store = &t.store;
    let config = Config {
        compatibility_level: Some("FULL".into()),
        ..Config::default()
    };
    let mut tx = store.write(None).await.unwrap();
    tx.set_config("", Some(&config)).await.unwrap();
    tx.set_config("s", Some(&Config::default())).await.unwrap();
    tx.set_mode("s", Some("READONLY")).await.unwrap();
    tx.commit().await.unwrap();
    let mut reads = store.read().await.unwrap();
    assert_eq!(reads.config("").await.unwrap(), Some(config.clone()));
    assert_eq!(reads.mode("s").await.unwrap().as_deref(), Some("READONLY"));
    assert_eq!(reads.mode("").await.unwrap(), None);
    drop(reads);
    let mut tx = store.write(None).await.unwrap();
    tx.set_mode("s", Some("IMPORT")).await.unwrap();
    tx.set_config("s", None).await.unwrap();
    tx.commit().await.unwrap();
    let mut reads = store.read().await.unwrap();
    assert_eq!(reads.mode("s").await.unwrap().as_deref(), Some("IMPORT"));
    assert_eq!(reads.config("s").await.unwrap(), None);
}

async fn imported_ids_move_the_counter(t: TestStore) {
    let store = &t.store;
    let mut tx = store.write(Some("s")).await.unwrap();
    let imported = tx
        .insert_schema(&schema("i1", "{}"), Some(50))
        .await
        .unwrap();
    let next = tx
        .insert_schema(&schema("i2", "{\"a\":1}"), None)
        .await
        .unwrap();
    tx.insert_version("s", 1, imported).await.unwrap();
    tx.insert_version("s", 2, next).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(imported, 50);
    assert_eq!(next, 51);
    assert_eq!(store.max_schema_id().await.unwrap(), 51);
}

/// Many tasks append "latest + 1" to one subject; serialised writers never collide.
async fn writers_of_one_subject_are_serialised(t: TestStore) {
    let store: Arc<dyn Store> = Arc::new(t.store.clone());
    let mut tasks = Vec::new();
    for i in 0..12 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = store.write(Some("race")).await.unwrap();
            let versions = tx.versions("race").await.unwrap();
            let next = versions.last().map_or(1, |v| v.version + 1);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            let id = tx
                .insert_schema(&schema(&format!("r{i}"), &format!("{{\"n\":{i}}}")), None)
                .await
                .unwrap();
            tx.insert_version("race", next, id).await.unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut reads = store.read().await.unwrap();
    let versions: Vec<i32> = reads
        .versions("race")
        .await
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions, (1..=12).collect::<Vec<_>>());
}

async fn events_are_append_only(t: TestStore) {
    let store = &t.store;
    let mut tx = store.write(None).await.unwrap();
    tx.event(NewEvent {
        kind: "config.changed",
        subject: Some("s".into()),
        version: Some(3),
        schema_id: Some(9),
        detail: json!({"a": 1}),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let events = store.events(0, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "config.changed");
    assert_eq!(events[0].version, Some(3));
    assert_eq!(events[0].detail, json!({"a": 1}));
    assert!(store.events(events[0].seq, 10).await.unwrap().is_empty());
    // The database itself refuses to rewrite history.
    let url = accord_registry::store::sql::database_url(&t.url).unwrap();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let update = sqlx::query("UPDATE events SET kind = 'x'")
        .execute(&mut conn)
        .await;
    let delete = sqlx::query("DELETE FROM events").execute(&mut conn).await;
    assert!(update.is_err() && delete.is_err());
}

async fn reopening_keeps_everything(t: TestStore) {
    let mut tx = t.store.write(Some("s")).await.unwrap();
    let id = tx.insert_schema(&schema("k1", "{}"), None).await.unwrap();
    tx.insert_version("s", 1, id).await.unwrap();
    tx.commit().await.unwrap();
    t.store.close().await;
    let reopened = accord_registry::store::sql::SqlStore::connect(&t.url, &Default::default())
        .await
        .unwrap();
    assert_eq!(reopened.all_versions("").await.unwrap().len(), 1);
    assert_eq!(
        reopened
            .schema_by_id(id)
            .await
            .unwrap()
            .unwrap()
            .stored
            .schema,
        "{}"
    );
}

/// Regression: moving the PostgreSQL id sequence after every insert handed concurrent writers of
/// different subjects the same id (duplicate key on `schemas_pkey`).
async fn writers_of_different_subjects_get_distinct_ids(t: TestStore) {
    let store: Arc<dyn Store> = Arc::new(t.store.clone());
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..5 {
                let subject = format!("s{i}");
                let mut tx = store.write(Some(&subject)).await.unwrap();
                let id = tx
                    .insert_schema(
                        &schema(&format!("d{i}-{n}"), &format!("{{\"n\":{n}}}")),
                        None,
                    )
                    .await
                    .unwrap();
                tx.insert_version(&subject, n + 1, id).await.unwrap();
                tx.commit().await.unwrap();
                ids.push(id);
            }
            ids
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "every new schema got its own id");
}

/// A schema served by id stops being served once its last version is hard-deleted, also by a
/// second store on the same database (PostgreSQL: another instance).
async fn hard_delete_evicts_the_schema_by_id(t: TestStore) {
    let store = &t.store;
    let mut tx = store.write(Some("s")).await.unwrap();
    let id = tx.insert_schema(&schema("e1", "{}"), None).await.unwrap();
    tx.insert_version("s", 1, id).await.unwrap();
    tx.commit().await.unwrap();
    let other = accord_registry::store::sql::SqlStore::connect(&t.url, &Default::default())
        .await
        .unwrap();
    assert!(store.schema_by_id(id).await.unwrap().is_some());
    assert!(
        other.schema_by_id(id).await.unwrap().is_some(),
        "now cached there too"
    );
    let mut tx = store.write(Some("s")).await.unwrap();
    tx.soft_delete("s", 1).await.unwrap();
    tx.hard_delete("s", 1).await.unwrap();
    tx.commit().await.unwrap();
    assert!(store.schema_by_id(id).await.unwrap().is_none());
    if store.dialect() == accord_registry::store::sql::Dialect::Postgres {
        let mut gone = false;
        for _ in 0..100 {
            if other.schema_by_id(id).await.unwrap().is_none() {
                gone = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(gone, "the other instance evicted the hard-deleted schema");
    }
    other.close().await;
}

fn app_version(app: &str, version: &str, branch: &str, subjects: &[&str]) -> NewAppVersion {
    NewAppVersion {
        app: app.to_string(),
        version: version.to_string(),
        branch: branch.to_string(),
        contracts: subjects
            .iter()
            .map(|s| ContractRecord {
                app: app.to_string(),
                version: version.to_string(),
                subject: s.to_string(),
                reads: Some("[]".to_string()),
                reader: "{}".to_string(),
            })
            .collect(),
        produces: vec![ProducedRecord {
            subject: "out".to_string(),
            schema_version: Some(2),
        }],
    }
}

async fn applications_contracts_and_deployments(t: TestStore) {
    let store = &t.store;
    // An uncommitted publication leaves nothing.
    let mut tx = store.write(None).await.unwrap();
    tx.publish_app_version(&app_version("a", "1", "main", &["s"]))
        .await
        .unwrap();
    drop(tx);
    let mut reads = store.read().await.unwrap();
    assert!(reads.applications().await.unwrap().is_empty());
    assert!(reads.contracts_on("s").await.unwrap().is_empty());
    drop(reads);

    let mut tx = store.write(None).await.unwrap();
    tx.publish_app_version(&app_version("a", "2", "main", &["s", "t"]))
        .await
        .unwrap();
    tx.publish_app_version(&app_version("a", "1", "dev", &["s"]))
        .await
        .unwrap();
    tx.publish_app_version(&app_version("b", "x", "main", &["s"]))
        .await
        .unwrap();
    tx.record_deployment("prod", "a", "1").await.unwrap();
    tx.commit().await.unwrap();
    // Republishing replaces the contracts and keeps the publication order.
    let mut tx = store.write(None).await.unwrap();
    tx.publish_app_version(&app_version("a", "2", "hotfix", &["t"]))
        .await
        .unwrap();
    tx.record_deployment("prod", "a", "2").await.unwrap();
    tx.record_deployment("qa", "b", "x").await.unwrap();
    tx.commit().await.unwrap();

    let mut reads = store.read().await.unwrap();
    assert_eq!(reads.applications().await.unwrap(), ["a", "b"]);
    let versions = reads.app_versions("a").await.unwrap();
    let got: Vec<(&str, &str, i64)> = versions
        .iter()
        .map(|v| (v.version.as_str(), v.branch.as_str(), v.seq))
        .collect();
    assert_eq!(got, [("2", "hotfix", 1), ("1", "dev", 2)]);
    let on_s: Vec<(String, String)> = reads
        .contracts_on("s")
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.app, c.version))
        .collect();
    assert_eq!(
        on_s,
        [
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "x".to_string())
        ]
    );
    let of_a2: Vec<String> = reads
        .contracts_of("a", "2")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.subject)
        .collect();
    assert_eq!(of_a2, ["t"]);
    assert_eq!(
        reads.produces_of("a", "2").await.unwrap(),
        [ProducedRecord {
            subject: "out".to_string(),
            schema_version: Some(2)
        }]
    );
    let producers: Vec<(String, String, Option<i32>)> = reads
        .producers_on("out")
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.app, p.version, p.produced.schema_version))
        .collect();
    assert_eq!(
        producers,
        [
            ("a".to_string(), "1".to_string(), Some(2)),
            ("a".to_string(), "2".to_string(), Some(2)),
            ("b".to_string(), "x".to_string(), Some(2)),
        ]
    );
    assert!(reads.producers_on("s").await.unwrap().is_empty());
    let deployed: Vec<(String, String, String)> = reads
        .deployments(None)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.environment, d.app, d.version))
        .collect();
    assert_eq!(
        deployed,
        [
            ("prod".to_string(), "a".to_string(), "2".to_string()),
            ("qa".to_string(), "b".to_string(), "x".to_string())
        ]
    );
    assert_eq!(reads.deployments(Some("qa")).await.unwrap().len(), 1);
    assert!(reads.deployments(Some("dev")).await.unwrap().is_empty());
    drop(reads);
    // A deployment of an unpublished version is refused by the database.
    let mut tx = store.write(None).await.unwrap();
    assert!(tx.record_deployment("prod", "a", "9").await.is_err());
}
