//! Syncing the user-defined types a table uses, before the table: create a
//! missing type, add the fields the model has and the database lacks
//! (`ALTER TYPE … ADD`), and report a changed or extra field as [`Drift`]: a
//! field's type is never altered.
//!
//! The live type is read from `system_schema.types`; field types are compared
//! with the one comparison of CQL types ([`compare::same_type`]).

use scylla::response::query_result::QueryRowsResult;

use super::compare;
use super::live;
use super::table::Plan;
use crate::Result;
use crate::Session;
use crate::cql::ddl;
use crate::model::UserTypeSchema;
use crate::model::drift::Drift;

/// A user type as `system_schema.types` describes it: its fields in order, each
/// `(name, CQL type)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LiveUserType {
    pub(crate) fields: Vec<(String, String)>,
}

/// A row of `system_schema.types`: field names, field types.
type TypeRow = (Option<Vec<String>>, Option<Vec<String>>);

/// The type `rows` (of `system_schema.types`, from [`live::type_rows`]) describe;
/// `None` when there is no such type.
fn live_type(rows: &QueryRowsResult) -> Result<Option<LiveUserType>> {
    let rows: Vec<TypeRow> = live::read_type_rows(rows)?;
    Ok(rows.into_iter().next().map(|(names, types)| LiveUserType {
        fields: names
            .unwrap_or_default()
            .into_iter()
            .zip(types.unwrap_or_default())
            .collect(),
    }))
}

/// Compares the model's type with the one the database holds (`None`: no such
/// type) and plans the statements, in `keyspace`.
pub(crate) fn plan(schema: &UserTypeSchema, keyspace: &str, live: Option<&LiveUserType>) -> Plan {
    let Some(live) = live else {
        return Plan {
            created: true,
            statements: vec![ddl::create_type(schema, keyspace)],
            drift: Vec::new(),
        };
    };
    let mut plan = Plan::default();
    for field in &schema.fields {
        match live.fields.iter().find(|(name, _)| name == field.name) {
            None => plan
                .statements
                .push(ddl::add_type_field(schema, field, keyspace)),
            Some((_, actual)) if !compare::same_type(actual, &field.cql_type) => {
                plan.drift.push(Drift::UserTypeField {
                    user_type: schema.name.to_string(),
                    field: field.name.to_string(),
                    expected: field.cql_type.clone(),
                    actual: actual.clone(),
                });
            }
            Some(_) => {}
        }
    }
    for (name, cql_type) in &live.fields {
        if schema.field(name).is_none() {
            plan.drift.push(Drift::ExtraUserTypeField {
                user_type: schema.name.to_string(),
                field: name.clone(),
                cql_type: cql_type.clone(),
            });
        }
    }
    plan
}

/// The rows of `system_schema.types` that describe each type of `types`, in
/// order, as the database stands now.
pub(crate) async fn rows_now(
    db: &Session,
    keyspace: &str,
    types: &[&'static UserTypeSchema],
) -> Result<Vec<QueryRowsResult>> {
    let mut rows = Vec::with_capacity(types.len());
    for schema in types {
        rows.push(live::type_rows(db, keyspace, schema.name).await?);
    }
    Ok(rows)
}

/// The plan for every type of `types` (nested ones first, as
/// [`Table::user_types`](crate::Table::user_types) lists them), from the rows
/// [`rows_now`] read for them: their statements in that order, and their drift.
pub(crate) fn plan_all(
    keyspace: &str,
    types: &[&'static UserTypeSchema],
    rows: &[QueryRowsResult],
) -> Result<Plan> {
    let mut all = Plan::default();
    for (schema, rows) in types.iter().zip(rows) {
        let live = live_type(rows)?;
        let plan = plan(schema, keyspace, live.as_ref());
        all.statements.extend(plan.statements);
        all.drift.extend(plan.drift);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserTypeField;

    fn schema() -> UserTypeSchema {
        let field = |name, cql: &str| UserTypeField {
            name,
            field: name,
            cql_type: cql.into(),
        };
        UserTypeSchema {
            name: "address",
            fields: vec![
                field("street", "text"),
                field("zipcode", "int"),
                field("location", "frozen<geo_point>"),
            ],
        }
    }

    fn live(fields: &[(&str, &str)]) -> LiveUserType {
        LiveUserType {
            fields: fields
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    #[test]
    fn a_missing_type_is_created() {
        let plan = plan(&schema(), "ks", None);
        assert!(plan.created);
        assert_eq!(
            plan.statements,
            [
                "CREATE TYPE IF NOT EXISTS ks.address (\"street\" text, \"zipcode\" int, \"location\" frozen<geo_point>)"
            ]
        );
    }

    #[test]
    fn a_matching_type_needs_nothing() {
        let same = live(&[
            ("street", "varchar"),
            ("zipcode", "int"),
            ("location", "frozen<geo_point>"),
        ]);
        assert_eq!(plan(&schema(), "ks", Some(&same)), Plan::default());
    }

    #[test]
    fn missing_fields_are_added_changed_and_extra_ones_reported() {
        let older = live(&[("street", "text"), ("zipcode", "bigint"), ("note", "text")]);
        let plan = plan(&schema(), "ks", Some(&older));
        assert_eq!(
            plan.statements,
            ["ALTER TYPE ks.address ADD \"location\" frozen<geo_point>"]
        );
        assert_eq!(
            plan.drift,
            [
                Drift::UserTypeField {
                    user_type: "address".into(),
                    field: "zipcode".into(),
                    expected: "int".into(),
                    actual: "bigint".into(),
                },
                Drift::ExtraUserTypeField {
                    user_type: "address".into(),
                    field: "note".into(),
                    cql_type: "text".into(),
                },
            ]
        );
    }
}
