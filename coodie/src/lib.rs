//! # coodie
//!
//! An object mapper for Cassandra and ScyllaDB on the [`scylla`] driver and tokio.
//! Declare a struct, derive [`Document`](derive@Document), and get the CQL schema,
//! schema sync and typed queries. Derive [`MaterializedView`](derive@MaterializedView)
//! for a read-only view of a document that the compiler keeps read-only.
//!
//! The traits the derives implement live here too, under the same names (as
//! `serde::Serialize` is both): a bound reads `T: coodie::Document`.
//!
//! Users never need `scylla` in their own `Cargo.toml`: it is re-exported as
//! [`coodie::scylla`](mod@scylla).
//!
//! # Layout
//!
//! The modules build on each other from the bottom up, none reaching back:
//!
//! 1. [`model`]: what a derive produces (schemas, traits), [`ident`] and
//!    [`error`];
//! 2. typed column expressions (re-exported in [`query`]), then [`cql`]: the text
//!    of every statement and the checks that refuse an invalid one;
//! 3. [`session`]: running statements, prepared once and cached;
//! 4. the calls users make: [`query`] (reads), [`write`](mod@write) (writes, batches),
//!    [`schema`] (sync), [`keyspace`], and [`Model`], which gathers them on each
//!    document and view.

pub mod cql;
mod document_writes;
pub mod error;
mod exec;
mod expr;
pub mod ident;
pub mod keyspace;
pub mod model;
mod model_ext;
pub mod prelude;
pub mod query;
pub mod schema;
pub mod session;
pub mod types;
pub mod verify;
pub mod write;

#[doc(hidden)]
pub mod private;

#[doc = include_str!("doc/derive_document.md")]
pub use coodie_derive::Document;
#[doc = include_str!("doc/derive_materialized_view.md")]
pub use coodie_derive::MaterializedView;
#[doc = include_str!("doc/derive_projection.md")]
pub use coodie_derive::Projection;
#[doc = include_str!("doc/derive_user_type.md")]
pub use coodie_derive::UserType;
pub use document_writes::{DeleteDocument, InsertDocument};
pub use error::{Error, InvalidQuery, InvalidQueryKind, Result};
pub use keyspace::Replication;
pub use model::{Document, MaterializedView, Projection, Table};
pub use model_ext::Model;
pub use schema::SchemaSync;
pub use session::{Server, Session, SessionBuilder};

/// The `scylla` driver coodie is built on, re-exported so that generated code and
/// users reach it through `coodie::scylla`.
pub use scylla;

/// The `rustls` crate the `tls` feature connects with, re-exported for
/// [`SessionBuilder::tls_config`].
#[cfg(feature = "tls")]
pub use rustls;

/// The `bigdecimal` crate whose `BigDecimal` the `bigdecimal` feature maps to
/// `decimal` columns.
#[cfg(feature = "bigdecimal")]
pub use bigdecimal;

/// The `num-bigint` crate whose `BigInt` the `num-bigint` feature maps to `varint`
/// columns.
#[cfg(feature = "num-bigint")]
pub use num_bigint;

// Lets the derives' `::coodie::...` paths resolve inside this crate's own tests.
extern crate self as coodie;
