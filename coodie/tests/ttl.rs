//! Time to live and write timestamps, per statement.

use std::time::Duration;

use coodie::prelude::*;
use uuid::Uuid;

const KS: &str = "coodie_ttl";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "sessions")]
struct Login {
    #[coodie(partition_key)]
    token: Uuid,
    user: String,
    hits: Option<i32>,
}

/// A table-level default TTL.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "otps", default_ttl = 1)]
struct Otp {
    #[coodie(partition_key)]
    user: String,
    code: String,
}

fn login(user: &str) -> Login {
    Login {
        token: Uuid::new_v4(),
        user: user.into(),
        hits: Some(0),
    }
}

#[tokio::test]
async fn ttl_and_timestamps() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    Login::sync_table(&db).await.unwrap();
    Otp::sync_table(&db).await.unwrap();

    // A row saved with a 1 s TTL is there, then gone.
    let short = login("ann");
    let kept = login("bob");
    short
        .save_with(&db, WriteOptions::new().ttl(Duration::from_secs(1)))
        .await
        .unwrap();
    kept.save(&db).await.unwrap();
    let (ttl,): (Option<i32>,) = db
        .execute(
            &format!("SELECT TTL(\"user\") FROM {KS}.sessions WHERE \"token\" = ?"),
            (short.token,),
        )
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .single_row()
        .unwrap();
    assert!(matches!(ttl, Some(0..=1)), "{ttl:?}");
    assert!(Login::get(&db, short.token).await.unwrap().is_some());

    // An update with a TTL expires only the cells it wrote.
    Login::update(kept.token)
        .set(|c| c.hits.to(7))
        .ttl(Duration::from_secs(1))
        .execute(&db)
        .await
        .unwrap();
    // A table default TTL applies without asking.
    Otp {
        user: "ann".into(),
        code: "123456".into(),
    }
    .save(&db)
    .await
    .unwrap();

    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(Login::get(&db, short.token).await.unwrap(), None, "expired");
    let still = Login::get(&db, kept.token).await.unwrap().unwrap();
    assert_eq!(still.user, "bob");
    assert_eq!(
        still.hits, None,
        "the updated cell expired, the others stay"
    );
    assert_eq!(Otp::get(&db, "ann".to_string()).await.unwrap(), None);

    // Write timestamps: an older write loses, whatever the order of arrival.
    let doc = login("cy");
    let now = chrono::Utc::now().timestamp_micros();
    Login {
        hits: Some(2),
        ..doc.clone()
    }
    .save_with(&db, WriteOptions::new().timestamp(now))
    .await
    .unwrap();
    Login {
        hits: Some(1),
        ..doc.clone()
    }
    .save_with(&db, WriteOptions::new().timestamp(now - 1_000_000))
    .await
    .unwrap();
    assert_eq!(
        Login::get(&db, doc.token).await.unwrap().unwrap().hits,
        Some(2)
    );
    Login::update(doc.token)
        .set(|c| c.hits.to(3))
        .timestamp(now + 1)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        Login::get(&db, doc.token).await.unwrap().unwrap().hits,
        Some(3)
    );

    // A delete with an older timestamp leaves newer cells alone.
    doc.delete_with(&db, WriteOptions::new().timestamp(now - 5))
        .await
        .unwrap();
    assert_eq!(
        Login::get(&db, doc.token).await.unwrap().unwrap().hits,
        Some(3)
    );
    doc.delete_with(&db, WriteOptions::new().timestamp(now + 10))
        .await
        .unwrap();
    assert_eq!(Login::get(&db, doc.token).await.unwrap(), None);

    // A delete cannot carry a TTL.
    let err = doc
        .delete_with(&db, WriteOptions::new().ttl(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(matches!(err, coodie::Error::InvalidQuery(_)));
}
