//! User-defined types, as in the README's "User-defined types" section: a nested
//! type, frozen and non-frozen columns, a list of a user type, sync and a round
//! trip. Run against the local node with
//! `cargo run -p coodie --example user_types` (`make db-up` first).

use coodie::prelude::*;
use uuid::Uuid;

#[derive(UserType, Debug, Clone, PartialEq)]
pub struct GeoPoint {
    pub lat: f32,
    pub lon: f32,
}

#[derive(UserType, Debug, Clone, PartialEq)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub zipcode: Option<i32>, // a field null in the database reads as None
    pub location: Option<GeoPoint>, // nested: frozen<geo_point> inside the type
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "customers")]
pub struct Customer {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    #[coodie(frozen)]
    pub address: Option<Address>, // frozen<address>, as Python coodie declares it
    pub billing: Option<Address>, // address: non-frozen
    pub previous: Vec<Address>,   // list<frozen<address>>
}

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let db = coodie::Session::from_env("coodie_examples").await?;
    db.create_keyspace(db.keyspace(), &coodie::Replication::Simple(1))
        .await?;

    // CREATE TYPE geo_point, CREATE TYPE address, then CREATE TABLE customers.
    let report = Customer::sync_table(&db).await?;
    for statement in report.ran() {
        println!("ran: {statement}");
    }
    for drift in &report.drift {
        println!("drift: {drift}");
    }

    let customer = Customer {
        id: Uuid::new_v4(),
        name: "Ada".into(),
        address: Some(Address {
            street: "12 Analytical Row".into(),
            city: "London".into(),
            zipcode: None,
            location: Some(GeoPoint {
                lat: 51.5,
                lon: -0.125,
            }),
        }),
        billing: None,
        previous: vec![],
    };
    customer.save(&db).await?;
    let read = Customer::get(&db, customer.id).await?;
    assert_eq!(read.as_ref(), Some(&customer));
    println!("read back: {read:?}");
    Ok(())
}
