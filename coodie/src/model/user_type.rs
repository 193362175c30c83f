//! User-defined types: the schema of a `#[derive(UserType)]` struct
//! ([`UserTypeSchema`]), the trait the derive implements ([`UserType`]) and the
//! walk that finds every user type a table uses, nested ones first
//! ([`UserTypes`]).

use scylla::deserialize::value::DeserializeValue;
use scylla::serialize::value::SerializeValue;

use super::CqlType;

/// One field of a user-defined type: its CQL name and CQL type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserTypeField {
    /// The field's name in CQL (after `rename`), unquoted.
    pub name: &'static str,
    /// The Rust field it maps to.
    pub field: &'static str,
    /// The CQL type as `CREATE TYPE` spells it; nested user types and
    /// collections are frozen, e.g. `frozen<geo_point>`, `frozen<list<text>>`.
    pub cql_type: String,
}

/// The schema of a user-defined type, built once per type by
/// `#[derive(UserType)]`.
///
/// A user type lives in the keyspace of the table that uses it: sync creates it
/// there, before the table.
///
/// ```
/// use coodie::model::{UserTypeField, UserTypeSchema};
/// let address = UserTypeSchema {
///     name: "address",
///     fields: vec![UserTypeField { name: "city", field: "city", cql_type: "text".into() }],
/// };
/// assert_eq!(address.field("city").map(|f| f.cql_type.as_str()), Some("text"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserTypeSchema {
    /// The type's name (default: the struct's name in snake_case).
    pub name: &'static str,
    /// Every field, in declaration order (the order of `CREATE TYPE`).
    pub fields: Vec<UserTypeField>,
}

impl UserTypeSchema {
    /// The field with this CQL name.
    pub fn field(&self, name: &str) -> Option<&UserTypeField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A user-defined type. Implemented by `#[derive(UserType)]`, with
/// [`CqlType`] (its column type is its name, `frozen<…>` where it is frozen) and
/// the driver's `SerializeValue` / `DeserializeValue`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a user-defined type",
    label = "expected a #[derive(UserType)] struct",
    note = "derive it: #[derive(coodie::UserType)]"
)]
pub trait UserType:
    CqlType + SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm> + Send + Sync + 'static
{
    /// The type's schema, built once.
    fn schema() -> &'static UserTypeSchema;
}

/// The user types a table (or a user type) uses, each once, every type after the
/// types its own fields use: the order they must be created in.
///
/// Collected through [`CqlType::user_types`], which collections and `Option`
/// forward to their element types.
///
/// ```
/// use coodie::model::UserTypes;
/// let types = UserTypes::new();
/// assert!(types.into_vec().is_empty());
/// ```
#[derive(Debug, Default)]
pub struct UserTypes {
    done: Vec<&'static UserTypeSchema>,
    visiting: Vec<&'static str>,
}

impl UserTypes {
    /// No types yet.
    pub fn new() -> Self {
        UserTypes::default()
    }

    /// Adds `T` after the types its fields use (once; a type that contains itself
    /// is added once and left to the server to refuse).
    pub fn add<T: UserType>(&mut self, fields: impl FnOnce(&mut UserTypes)) {
        let schema = T::schema();
        if self.done.iter().any(|s| std::ptr::eq(*s, schema))
            || self.visiting.contains(&schema.name)
        {
            return;
        }
        self.visiting.push(schema.name);
        fields(self);
        self.visiting.pop();
        self.done.push(schema);
    }

    /// The types, nested ones first.
    pub fn into_vec(self) -> Vec<&'static UserTypeSchema> {
        self.done
    }
}
