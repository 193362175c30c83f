//! Schema: the CQL that creates tables and views, and syncing it with the database.

pub mod view;
