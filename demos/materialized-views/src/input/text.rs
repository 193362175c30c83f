//! Text fields, checked while they are deserialized: what passes is trimmed and
//! within its length, so the handlers only see good values. The OpenAPI schema of
//! each type is made from the same constants, so the document says what the server
//! really accepts.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, de};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

/// What [`Line`] accepts, as an ECMA-262 / Python / Rust regular expression: at least
/// one character that is neither whitespace nor a control character, and no control
/// characters (`char::is_control`: U+0000–U+001F, U+007F–U+009F). The whitespace
/// excluded in the middle is Unicode's `White_Space`, what `str::trim` removes.
pub const LINE_PATTERN: &str = "^[^\\x00-\\x1F\\x7F-\\x9F]*\
    [^\\x00-\\x20\\x7F-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]\
    [^\\x00-\\x1F\\x7F-\\x9F]*$";

/// One line of text of at most `MAX` characters (Unicode scalar values, as JSON
/// Schema counts them), not blank and without control characters; kept trimmed.
///
/// ```
/// use materialized_views_demo::input::Line;
/// assert_eq!(Line::<10>::parse("  Boots ").unwrap().as_str(), "Boots");
/// assert_eq!(Line::<10>::parse("   ").unwrap_err(), "must not be empty");
/// assert_eq!(Line::<3>::parse("Boots").unwrap_err(), "must be at most 3 characters");
/// assert_eq!(Line::<10>::parse("a\nb").unwrap_err(), "must not contain control characters");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<const MAX: usize>(String);

impl<const MAX: usize> Line<MAX> {
    /// Checks `value`; the error says what is wrong, without the field's name.
    pub fn parse(value: &str) -> Result<Self, Cow<'static, str>> {
        if value.chars().any(char::is_control) {
            return Err("must not contain control characters".into());
        }
        if value.chars().count() > MAX {
            return Err(too_long(MAX));
        }
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err("must not be empty".into());
        }
        Ok(Line(trimmed.to_string()))
    }

    /// The trimmed text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The trimmed text, owned.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Line<MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Line::parse(&text).map_err(de::Error::custom)
    }
}

/// `#[serde(deserialize_with)]` for an optional line where a blank value means "not
/// given" (the page's search boxes): `None` for blank text, else a checked [`Line`].
pub fn blank_as_none<'de, D: Deserializer<'de>, const MAX: usize>(
    deserializer: D,
) -> Result<Option<Line<MAX>>, D::Error> {
    let text = Cow::<str>::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    Line::parse(&text).map(Some).map_err(de::Error::custom)
}

impl<const MAX: usize> PartialSchema for Line<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .min_length(Some(1))
            .max_length(Some(MAX))
            .pattern(Some(LINE_PATTERN))
            .description(Some(format!(
                "1 to {MAX} characters, not blank, no control characters; stored trimmed"
            )))
            .into()
    }
}

impl<const MAX: usize> ToSchema for Line<MAX> {}

/// Free text of at most `MAX` characters (line breaks allowed); kept trimmed, and
/// blank text is no text.
///
/// ```
/// use materialized_views_demo::input::Notes;
/// assert_eq!(Notes::<20>::parse(" one\ntwo ").unwrap().into_text().as_deref(), Some("one\ntwo"));
/// assert_eq!(Notes::<20>::parse("  ").unwrap().into_text(), None);
/// assert!(Notes::<2>::parse("abc").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes<const MAX: usize>(String);

impl<const MAX: usize> Notes<MAX> {
    /// Checks `value`; the error says what is wrong, without the field's name.
    pub fn parse(value: &str) -> Result<Self, Cow<'static, str>> {
        if value.chars().count() > MAX {
            return Err(too_long(MAX));
        }
        Ok(Notes(value.trim().to_string()))
    }

    /// The trimmed text; `None` when it is blank.
    pub fn into_text(self) -> Option<String> {
        (!self.0.is_empty()).then_some(self.0)
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Notes<MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Notes::parse(&text).map_err(de::Error::custom)
    }
}

impl<const MAX: usize> PartialSchema for Notes<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .max_length(Some(MAX))
            .description(Some(format!(
                "Up to {MAX} characters; stored trimmed, blank means none"
            )))
            .into()
    }
}

impl<const MAX: usize> ToSchema for Notes<MAX> {}

fn too_long(max: usize) -> Cow<'static, str> {
    format!("must be at most {max} characters").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`LINE_PATTERN`] (what the document promises) and [`Line::parse`] (what the
    /// server does) agree, on every character where they could differ.
    #[test]
    fn the_pattern_and_the_check_agree() {
        let pattern = regex::Regex::new(LINE_PATTERN).unwrap();
        let mut samples: Vec<String> = vec!["a".into(), " a ".into(), String::new()];
        for c in (0u32..0x3100)
            .chain([0xFEFF, 0x1_F600])
            .filter_map(char::from_u32)
        {
            samples.push(c.to_string());
            samples.push(format!("x{c}"));
            samples.push(format!(" {c} "));
        }
        for s in samples {
            assert_eq!(
                pattern.is_match(&s),
                Line::<100>::parse(&s).is_ok(),
                "{s:?} (U+{:04X})",
                s.chars()
                    .find(|c| *c != 'x' && *c != ' ')
                    .map_or(0, u32::from)
            );
        }
    }
}
