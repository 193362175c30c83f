//! A driver `ColumnType` spelled as CQL spells it, for messages.

use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};

/// `typ` as CQL writes it: `float`, `map<text, frozen<list<int>>>`.
pub fn cql_text(typ: &ColumnType<'_>) -> String {
    match typ {
        ColumnType::Native(native) => native_text(native).to_string(),
        ColumnType::Collection { frozen, typ } => {
            let inner = match typ {
                CollectionType::List(e) => format!("list<{}>", cql_text(e)),
                CollectionType::Set(e) => format!("set<{}>", cql_text(e)),
                CollectionType::Map(k, v) => format!("map<{}, {}>", cql_text(k), cql_text(v)),
                _ => "collection".to_string(),
            };
            if *frozen {
                format!("frozen<{inner}>")
            } else {
                inner
            }
        }
        ColumnType::Vector { typ, dimensions } => {
            format!("vector<{}, {dimensions}>", cql_text(typ))
        }
        ColumnType::UserDefinedType { frozen, definition } => {
            let name = definition.name.to_string();
            if *frozen {
                format!("frozen<{name}>")
            } else {
                name
            }
        }
        ColumnType::Tuple(elements) => format!(
            "frozen<tuple<{}>>",
            elements.iter().map(cql_text).collect::<Vec<_>>().join(", ")
        ),
        _ => "unknown".to_string(),
    }
}

fn native_text(native: &NativeType) -> &'static str {
    match native {
        NativeType::Ascii => "ascii",
        NativeType::Boolean => "boolean",
        NativeType::Blob => "blob",
        NativeType::Counter => "counter",
        NativeType::Date => "date",
        NativeType::Decimal => "decimal",
        NativeType::Double => "double",
        NativeType::Duration => "duration",
        NativeType::Float => "float",
        NativeType::Int => "int",
        NativeType::BigInt => "bigint",
        NativeType::Text => "text",
        NativeType::Timestamp => "timestamp",
        NativeType::Inet => "inet",
        NativeType::SmallInt => "smallint",
        NativeType::TinyInt => "tinyint",
        NativeType::Time => "time",
        NativeType::Timeuuid => "timeuuid",
        NativeType::Uuid => "uuid",
        NativeType::Varint => "varint",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_cql_spells_them() {
        let list = ColumnType::Collection {
            frozen: true,
            typ: CollectionType::List(Box::new(ColumnType::Native(NativeType::Int))),
        };
        let map = ColumnType::Collection {
            frozen: false,
            typ: CollectionType::Map(
                Box::new(ColumnType::Native(NativeType::Text)),
                Box::new(list),
            ),
        };
        assert_eq!(cql_text(&map), "map<text, frozen<list<int>>>");
        assert_eq!(cql_text(&ColumnType::Native(NativeType::Float)), "float");
    }
}
