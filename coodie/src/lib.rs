//! # coodie
//!
//! An object mapper for Cassandra and ScyllaDB on the [`scylla`] driver and tokio.
//! Declare a struct, derive [`Document`](derive@Document), and get the CQL schema,
//! schema sync and typed queries. Derive [`MaterializedView`](derive@MaterializedView)
//! for a read-only view of a document that the compiler keeps read-only.
//!
//! Users never need `scylla` in their own `Cargo.toml`: it is re-exported as
//! [`coodie::scylla`](mod@scylla).

pub mod error;
pub mod ident;
pub mod keyspace;
pub mod model;
mod model_ext;
pub mod prelude;
pub mod query;
pub mod schema;
pub mod session;
pub mod write;

#[doc(hidden)]
pub mod private;

#[doc = include_str!("doc/derive_document.md")]
pub use coodie_derive::Document;
#[doc = include_str!("doc/derive_materialized_view.md")]
pub use coodie_derive::MaterializedView;
pub use error::{Error, Result};
pub use keyspace::Replication;
pub use model_ext::Model;
pub use schema::view::SchemaSync;
pub use session::{Server, Session, SessionBuilder};

/// The `scylla` driver coodie is built on, re-exported so that generated code and
/// users reach it through `coodie::scylla`.
pub use scylla;

/// The `rustls` crate the `tls` feature connects with, re-exported for
/// [`SessionBuilder::tls_config`].
#[cfg(feature = "tls")]
pub use rustls;

// Lets the derives' `::coodie::...` paths resolve inside this crate's own tests.
extern crate self as coodie;
