//! User-defined types on the real database: created before the table that uses
//! them (nested first), round trips of frozen and non-frozen columns, collections
//! of user types, a frozen user type in the primary key, fields null in the
//! database, a field added with `ALTER TYPE … ADD`, and a changed field reported
//! as drift.

use std::collections::BTreeMap;

use coodie::prelude::*;
use coodie::schema::Drift;
use coodie::{Error, Session};
use coodie_test_support::fresh_keyspace;
use uuid::Uuid;

#[derive(UserType, Debug, Clone, PartialEq)]
struct GeoPoint {
    lat: f32,
    lon: f32,
}

#[derive(UserType, Debug, Clone, PartialEq)]
struct Address {
    street: String,
    city: String,
    zipcode: Option<i32>,
    location: Option<GeoPoint>,
    #[coodie(rename = "lines")]
    extra_lines: Vec<String>,
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "customers")]
struct Customer {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    #[coodie(frozen)]
    address: Option<Address>,
    /// Non-frozen: each field its own cell.
    billing: Option<Address>,
    previous: Vec<Address>,
    by_label: BTreeMap<String, Address>,
    #[coodie(frozen)]
    route: Option<Vec<GeoPoint>>,
}

fn address(street: &str) -> Address {
    Address {
        street: street.into(),
        city: "Springfield".into(),
        zipcode: Some(49007),
        location: Some(GeoPoint {
            lat: 42.25,
            lon: -85.5,
        }),
        extra_lines: vec!["c/o Ünïcødé".into()],
    }
}

async fn sync_ok<T: Document>(db: &Session) -> coodie::schema::SyncReport {
    let report = T::sync_table(db).await.expect("sync_table");
    assert!(report.drift.is_empty(), "{}", Drift::list(&report.drift));
    report
}

#[tokio::test]
async fn types_are_created_nested_first_and_values_round_trip() {
    let db = fresh_keyspace("udt_create").await;
    let report = sync_ok::<Customer>(&db).await;
    assert_eq!(
        report.executed,
        [
            "CREATE TYPE IF NOT EXISTS udt_create.geo_point (\"lat\" float, \"lon\" float)",
            "CREATE TYPE IF NOT EXISTS udt_create.address (\"street\" text, \"city\" text, \
             \"zipcode\" int, \"location\" frozen<geo_point>, \"lines\" frozen<list<text>>)",
            "CREATE TABLE IF NOT EXISTS udt_create.customers (\"id\" uuid, \"name\" text, \
             \"address\" frozen<address>, \"billing\" address, \"previous\" list<frozen<address>>, \
             \"by_label\" map<text, frozen<address>>, \"route\" frozen<list<frozen<geo_point>>>, \
             PRIMARY KEY (\"id\"))",
        ]
    );
    assert!(
        Customer::sync_table(&db).await.unwrap().is_in_sync(),
        "a second sync finds the types and the table as the model declares them"
    );

    let customer = Customer {
        id: Uuid::new_v4(),
        name: "Homer".into(),
        address: Some(address("742 Evergreen Terrace")),
        billing: Some(Address {
            zipcode: None,
            location: None,
            extra_lines: vec![],
            ..address("1 Plant Road")
        }),
        previous: vec![address("Old Road 1"), address("Old Road 2")],
        by_label: BTreeMap::from([("work".to_string(), address("1 Plant Road"))]),
        route: Some(vec![
            GeoPoint { lat: 0.5, lon: 1.5 },
            GeoPoint {
                lat: -90.0,
                lon: 180.0,
            },
        ]),
    };
    customer.save(&db).await.unwrap();
    let read = Customer::get(&db, customer.id).await.unwrap();
    assert_eq!(read.as_ref(), Some(&customer));

    // A non-frozen user type column is set as a whole value too.
    let moved = address("Moved Lane 3");
    Customer::update(customer.id)
        .set(|c| c.billing.to(moved.clone()))
        .execute(&db)
        .await
        .unwrap();
    let read = Customer::get(&db, customer.id).await.unwrap().unwrap();
    assert_eq!(read.billing, Some(moved));
}

/// A frozen user type as partition and clustering key.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "visits")]
struct Visit {
    #[coodie(partition_key, frozen)]
    place: GeoPoint,
    #[coodie(clustering_key, frozen)]
    at: Address,
    note: String,
}

#[tokio::test]
async fn a_frozen_user_type_is_a_key() {
    let db = fresh_keyspace("udt_frozen_key").await;
    let report = sync_ok::<Visit>(&db).await;
    assert_eq!(
        report.executed.last().map(String::as_str),
        Some(
            "CREATE TABLE IF NOT EXISTS udt_frozen_key.visits (\"place\" frozen<geo_point>, \
             \"at\" frozen<address>, \"note\" text, PRIMARY KEY (\"place\", \"at\"))"
        )
    );
    let place = GeoPoint { lat: 1.0, lon: 2.0 };
    for (street, note) in [("A", "first"), ("B", "second")] {
        Visit {
            place: place.clone(),
            at: address(street),
            note: note.into(),
        }
        .save(&db)
        .await
        .unwrap();
    }
    let key = (place.clone(), address("B"));
    let found = Visit::get(&db, key).await.unwrap().unwrap();
    assert_eq!(found.note, "second");
    let all = Visit::find()
        .filter(|c| c.place.eq(place.clone()))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn fields_null_in_the_database_read_as_none() {
    let db = fresh_keyspace("udt_nulls").await;
    sync_ok::<Customer>(&db).await;
    let id = Uuid::new_v4();
    // Written by hand: a value that names only two fields leaves the others null.
    db.execute_ddl(&format!(
        "INSERT INTO udt_nulls.customers (\"id\", \"name\", \"address\", \"billing\") \
         VALUES ({id}, 'Marge', {{street: 'Main', city: 'Ogdenville'}}, \
         {{street: 'Elm', city: 'Shelbyville'}})"
    ))
    .await
    .unwrap();
    let read = Customer::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        read.address,
        Some(Address {
            street: "Main".into(),
            city: "Ogdenville".into(),
            zipcode: None,
            location: None,
            extra_lines: vec![],
        })
    );
    let billing = read.billing.expect("a non-frozen value with some fields");
    assert_eq!(billing.city, "Shelbyville");
    assert_eq!((billing.zipcode, billing.location), (None, None));
    assert_eq!(read.previous, []);

    // Written by coodie with `None` fields: they read back as `None`.
    let sparse = Customer {
        id: Uuid::new_v4(),
        name: "Bart".into(),
        address: Some(Address {
            zipcode: None,
            location: None,
            ..address("Treehouse")
        }),
        billing: None,
        previous: vec![],
        by_label: BTreeMap::new(),
        route: None,
    };
    sparse.save(&db).await.unwrap();
    assert_eq!(Customer::get(&db, sparse.id).await.unwrap(), Some(sparse));
}

mod v1 {
    use super::*;

    #[derive(UserType, Debug, Clone, PartialEq)]
    #[coodie(type_name = "contact")]
    pub struct Contact {
        pub email: String,
        pub phone: Option<String>,
    }

    #[derive(Document, Debug, Clone, PartialEq)]
    #[coodie(table = "people")]
    pub struct Person {
        #[coodie(partition_key)]
        pub id: Uuid,
        #[coodie(frozen)]
        pub contact: Option<Contact>,
    }
}

mod v2 {
    use super::*;

    /// `contact` with one more field.
    #[derive(UserType, Debug, Clone, PartialEq)]
    #[coodie(type_name = "contact")]
    pub struct Contact {
        pub email: String,
        pub phone: Option<String>,
        pub verified: Option<bool>,
    }

    #[derive(Document, Debug, Clone, PartialEq)]
    #[coodie(table = "people")]
    pub struct Person {
        #[coodie(partition_key)]
        pub id: Uuid,
        #[coodie(frozen)]
        pub contact: Option<Contact>,
    }
}

mod changed {
    use super::*;

    /// `contact` with `phone` of another type.
    #[derive(UserType, Debug, Clone, PartialEq)]
    #[coodie(type_name = "contact")]
    pub struct Contact {
        pub email: String,
        pub phone: Option<i64>,
        pub verified: Option<bool>,
    }

    #[derive(Document, Debug, Clone, PartialEq)]
    #[coodie(table = "people")]
    pub struct Person {
        #[coodie(partition_key)]
        pub id: Uuid,
        #[coodie(frozen)]
        pub contact: Option<Contact>,
    }
}

#[tokio::test]
async fn a_new_field_is_added_with_alter_type_and_old_values_read_it_as_none() {
    let db = fresh_keyspace("udt_alter").await;
    sync_ok::<v1::Person>(&db).await;
    let old = v1::Person {
        id: Uuid::new_v4(),
        contact: Some(v1::Contact {
            email: "lisa@example.com".into(),
            phone: Some("555-0100".into()),
        }),
    };
    old.save(&db).await.unwrap();

    let report = sync_ok::<v2::Person>(&db).await;
    assert_eq!(
        report.executed,
        ["ALTER TYPE udt_alter.contact ADD \"verified\" boolean"]
    );
    assert!(!report.created);
    let read = v2::Person::get(&db, old.id).await.unwrap().unwrap();
    assert_eq!(
        read.contact,
        Some(v2::Contact {
            email: "lisa@example.com".into(),
            phone: Some("555-0100".into()),
            verified: None,
        })
    );
    let new = v2::Person {
        id: Uuid::new_v4(),
        contact: Some(v2::Contact {
            email: "maggie@example.com".into(),
            phone: None,
            verified: Some(true),
        }),
    };
    // This session prepared its INSERT before the type had `verified`, and the
    // driver binds with the definition it prepared with: the write is refused
    // (nothing is lost silently); a session that prepares it anew writes it.
    let stale = new.save(&db).await.unwrap_err().to_string();
    assert!(stale.contains("verified"), "{stale}");
    let db = coodie_test_support::connect("udt_alter").await;
    new.save(&db).await.unwrap();
    assert_eq!(v2::Person::get(&db, new.id).await.unwrap(), Some(new));
    // The older model still reads the newer type (the extra field is ignored)...
    assert!(v1::Person::get(&db, old.id).await.unwrap().is_some());
    // ...and its sync reports the field it lacks, without dropping it.
    let report = v1::Person::sync_table(&db).await.unwrap();
    assert!(report.executed.is_empty());
    assert_eq!(
        report.drift,
        [Drift::ExtraUserTypeField {
            user_type: "contact".into(),
            field: "verified".into(),
            cql_type: "boolean".into(),
        }]
    );
}

#[tokio::test]
async fn a_changed_field_type_is_drift_and_never_altered() {
    let db = fresh_keyspace("udt_drift").await;
    sync_ok::<v2::Person>(&db).await;
    let report = changed::Person::sync_table(&db).await.unwrap();
    assert!(report.executed.is_empty(), "{:?}", report.executed);
    let expected = Drift::UserTypeField {
        user_type: "contact".into(),
        field: "phone".into(),
        expected: "bigint".into(),
        actual: "text".into(),
    };
    assert_eq!(report.drift, std::slice::from_ref(&expected));
    assert_eq!(
        expected.to_string(),
        "field `phone` of type `contact` is `text` in the database but `bigint` in the model"
    );
    let strict = SyncOptions::default().fail_on_drift(true);
    match changed::Person::sync_table_with(&db, strict).await {
        Err(Error::SchemaDrift { drift, .. }) => assert_eq!(drift, [expected]),
        other => panic!("expected SchemaDrift, got {other:?}"),
    }
    // The type is as it was.
    assert!(v2::Person::sync_table(&db).await.unwrap().is_in_sync());
}

#[tokio::test]
async fn schema_sync_creates_the_types_before_each_table_once() {
    let db = fresh_keyspace("udt_schema_sync").await;
    let report = SchemaSync::new()
        .table::<Customer>()
        .table::<Visit>()
        .run(&db)
        .await
        .unwrap();
    let executed: Vec<&str> = report.executed().collect();
    assert_eq!(executed.len(), 4, "{executed:#?}");
    assert!(executed[0].starts_with("CREATE TYPE IF NOT EXISTS udt_schema_sync.geo_point "));
    assert!(executed[1].starts_with("CREATE TYPE IF NOT EXISTS udt_schema_sync.address "));
    assert!(executed[2].starts_with("CREATE TABLE IF NOT EXISTS udt_schema_sync.customers "));
    assert!(executed[3].starts_with("CREATE TABLE IF NOT EXISTS udt_schema_sync.visits "));
    let dry = SyncOptions::default().dry_run(true);
    let again = SchemaSync::new()
        .table::<Customer>()
        .table::<Visit>()
        .run_with(&db, dry)
        .await
        .unwrap();
    assert!(again.is_in_sync(), "{:?}", again);
}
