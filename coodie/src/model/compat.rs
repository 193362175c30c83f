//! Which CQL types a model's field can use when the database holds another one:
//! the rule schema sync applies to a [`Drift::ColumnType`](super::drift::Drift),
//! on the types' text. The values themselves are adapted by the compatibility
//! layer of the generated code (`coodie::private::compat`), which follows the same
//! rule.

/// How a live column's CQL type relates to the one the model maps its field to.
///
/// ```
/// use coodie::model::{Compatibility, compatibility};
/// assert_eq!(compatibility("double", "double"), Compatibility::Same);
/// assert_eq!(compatibility("double", "float"), Compatibility::Adapted);
/// assert_eq!(compatibility("map<text, bigint>", "map<text, int>"), Compatibility::Adapted);
/// assert_eq!(compatibility("list<text>", "frozen<list<text>>"), Compatibility::Same);
/// assert_eq!(compatibility("int", "text"), Compatibility::Incompatible);
/// assert_eq!(compatibility("float", "double"), Compatibility::Incompatible);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compatibility {
    /// The same type, or one the driver reads and writes with the same Rust type
    /// (`frozen` or not, `text`/`varchar`/`ascii`).
    Same,
    /// A narrower type coodie adapts to: `float` for `double`, `int` for `bigint`,
    /// `timeuuid` for `uuid` (also as collection elements). Reads widen exactly;
    /// writes narrow, and a value that does not fit is
    /// [`Error::ValueOutOfRange`](crate::Error::ValueOutOfRange).
    Adapted,
    /// The field's Rust type cannot read or write the column:
    /// [`Error::ColumnTypeMismatch`](crate::Error::ColumnTypeMismatch).
    Incompatible,
}

/// How the live column type `live` relates to the model's `model` type.
pub fn compatibility(model: &str, live: &str) -> Compatibility {
    let (model, live) = (Tree::parse(model), Tree::parse(live));
    if model.same(&live, &|a, b| a == b) {
        Compatibility::Same
    } else if model.same(&live, &|m, l| narrower(m) == Some(l)) {
        Compatibility::Adapted
    } else {
        Compatibility::Incompatible
    }
}

/// The narrower live type coodie adapts a model type to.
fn narrower(model: &str) -> Option<&'static str> {
    match model {
        "double" => Some("float"),
        "bigint" => Some("int"),
        "uuid" => Some("timeuuid"),
        _ => None,
    }
}

/// A CQL type as a tree: `map<text, frozen<list<int>>>` is `map(text, list(int))`
/// (`frozen` dropped: the driver reads and writes both alike).
#[derive(Debug, PartialEq)]
struct Tree {
    name: String,
    args: Vec<Tree>,
}

impl Tree {
    fn parse(text: &str) -> Tree {
        let tokens: Vec<String> = tokens(text);
        let mut at = 0;
        Tree::parse_at(&tokens, &mut at)
    }

    fn parse_at(tokens: &[String], at: &mut usize) -> Tree {
        let name = tokens.get(*at).cloned().unwrap_or_default();
        *at += 1;
        let mut args = Vec::new();
        if tokens.get(*at).map(String::as_str) == Some("<") {
            *at += 1;
            loop {
                args.push(Tree::parse_at(tokens, at));
                match tokens.get(*at).map(String::as_str) {
                    Some(",") => *at += 1,
                    Some(">") => {
                        *at += 1;
                        break;
                    }
                    _ => break,
                }
            }
        }
        match (name.as_str(), args.len()) {
            ("frozen", 1) => args.remove(0),
            ("varchar" | "ascii", 0) => Tree {
                name: "text".into(),
                args,
            },
            _ => Tree { name, args },
        }
    }

    /// Whether `self` (the model) and `live` have the same shape, their leaves
    /// equal or related by `leaf`.
    fn same(&self, live: &Tree, leaf: &dyn Fn(&str, &str) -> bool) -> bool {
        let names =
            self.name == live.name || (self.args.is_empty() && leaf(&self.name, &live.name));
        names
            && self.args.len() == live.args.len()
            && self
                .args
                .iter()
                .zip(&live.args)
                .all(|(m, l)| m.same(l, leaf))
    }
}

/// Lower-case words and the punctuation `<`, `>`, `,` of a CQL type.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if matches!(c, '<' | '>' | ',') || c.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word).to_ascii_lowercase());
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Compatibility::*, compatibility};

    #[test]
    fn the_narrower_types_coodie_adapts_to() {
        assert_eq!(compatibility("double", "float"), Adapted);
        assert_eq!(compatibility("bigint", "int"), Adapted);
        assert_eq!(compatibility("uuid", "timeuuid"), Adapted);
        assert_eq!(compatibility("list<double>", "list<float>"), Adapted);
        assert_eq!(
            compatibility("map<text, double>", "frozen<map<text, float>>"),
            Adapted
        );
        assert_eq!(
            compatibility("frozen<tuple<bigint, text>>", "frozen<tuple<int, varchar>>"),
            Adapted
        );
    }

    #[test]
    fn the_same_type_in_other_words() {
        assert_eq!(compatibility("text", "varchar"), Same);
        assert_eq!(compatibility("text", "ascii"), Same);
        assert_eq!(
            compatibility("MAP<text,frozen<list<int>>>", "map<text, list<int>>"),
            Same
        );
        assert_eq!(compatibility("vector<float, 3>", "vector<float, 3>"), Same);
    }

    #[test]
    fn what_cannot_work_together() {
        for (model, live) in [
            ("int", "text"),
            ("text", "int"),
            ("float", "double"),
            ("int", "bigint"),
            ("list<int>", "set<int>"),
            ("map<text, int>", "map<int, text>"),
            ("vector<float, 3>", "vector<float, 4>"),
            ("frozen<tuple<int, text>>", "frozen<tuple<int>>"),
        ] {
            assert_eq!(
                compatibility(model, live),
                Incompatible,
                "{model} vs {live}"
            );
        }
    }
}
