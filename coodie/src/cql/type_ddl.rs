//! The CQL text of user-defined type statements, rendered from a
//! [`UserTypeSchema`]; re-exported by [`ddl`](super::ddl) with the table and view
//! statements. Field names are always quoted; keyspace and type names are quoted
//! when CQL requires it.

use crate::ident;
use crate::model::{UserTypeField, UserTypeSchema};

/// `keyspace.type`.
fn type_ref(schema: &UserTypeSchema, keyspace: &str) -> String {
    ident::qualified(keyspace, schema.name)
}

/// One field definition: `"name" type`.
fn field_definition(field: &UserTypeField) -> String {
    format!("{} {}", ident::quote(field.name), field.cql_type)
}

/// `CREATE TYPE IF NOT EXISTS keyspace.type ("field" type, …)`.
///
/// ```
/// use coodie::model::{UserTypeField, UserTypeSchema};
/// let field = |name, cql: &str| UserTypeField { name, field: name, cql_type: cql.into() };
/// let schema = UserTypeSchema {
///     name: "address",
///     fields: vec![field("street", "text"), field("location", "frozen<geo_point>")],
/// };
/// assert_eq!(
///     coodie::cql::ddl::create_type(&schema, "shop"),
///     "CREATE TYPE IF NOT EXISTS shop.address (\"street\" text, \"location\" frozen<geo_point>)"
/// );
/// ```
pub fn create_type(schema: &UserTypeSchema, keyspace: &str) -> String {
    let fields: Vec<String> = schema.fields.iter().map(field_definition).collect();
    format!(
        "CREATE TYPE IF NOT EXISTS {} ({})",
        type_ref(schema, keyspace),
        fields.join(", ")
    )
}

/// `ALTER TYPE keyspace.type ADD "field" type`.
///
/// ```
/// use coodie::model::{UserTypeField, UserTypeSchema};
/// let zipcode = UserTypeField { name: "zipcode", field: "zipcode", cql_type: "int".into() };
/// let schema = UserTypeSchema { name: "address", fields: vec![zipcode.clone()] };
/// assert_eq!(
///     coodie::cql::ddl::add_type_field(&schema, &zipcode, "shop"),
///     "ALTER TYPE shop.address ADD \"zipcode\" int"
/// );
/// ```
pub fn add_type_field(schema: &UserTypeSchema, field: &UserTypeField, keyspace: &str) -> String {
    format!(
        "ALTER TYPE {} ADD {}",
        type_ref(schema, keyspace),
        field_definition(field)
    )
}
