//! `Ascii`: text that is ASCII by construction, for `ascii` columns.

use scylla::cluster::metadata::{ColumnType, NativeType};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::serialize::SerializationError;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};

/// A string of ASCII characters only, stored in an `ascii` column.
///
/// The check happens once, when the value is made ([`Ascii::new`], `TryFrom`), so
/// a value the server would refuse never reaches it. It reads from `ascii`
/// columns; a `String` field reads and writes `ascii` columns too, unchecked.
///
/// ```
/// use coodie::types::Ascii;
/// let code = Ascii::new("SKU-42").unwrap();
/// assert_eq!(code.as_str(), "SKU-42");
/// assert_eq!(Ascii::new("ünïcødé").unwrap_err().to_string(),
///            "`ünïcødé` is not ASCII (byte 0 is not): an `ascii` column holds ASCII only");
/// let code: Ascii = "A1".parse().unwrap();
/// assert_eq!(String::from(code), "A1");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ascii(String);

/// A string that is not ASCII, refused by [`Ascii::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not ASCII (byte {at} is not): an `ascii` column holds ASCII only")]
pub struct NotAscii {
    /// The refused text.
    pub text: String,
    /// The index of the first byte that is not ASCII.
    pub at: usize,
}

impl Ascii {
    /// `text` when it is ASCII only.
    ///
    /// ```
    /// assert!(coodie::types::Ascii::new("plain").is_ok());
    /// assert_eq!(coodie::types::Ascii::new("naïve").unwrap_err().at, 2);
    /// ```
    pub fn new(text: impl Into<String>) -> Result<Ascii, NotAscii> {
        let text = text.into();
        match text.bytes().position(|b| !b.is_ascii()) {
            None => Ok(Ascii(text)),
            Some(at) => Err(NotAscii { text, at }),
        }
    }

    /// The text.
    ///
    /// ```
    /// assert_eq!(coodie::types::Ascii::new("x").unwrap().as_str(), "x");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Ascii {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Ascii {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Ascii {
    type Error = NotAscii;
    fn try_from(text: String) -> Result<Ascii, NotAscii> {
        Ascii::new(text)
    }
}

impl TryFrom<&str> for Ascii {
    type Error = NotAscii;
    fn try_from(text: &str) -> Result<Ascii, NotAscii> {
        Ascii::new(text)
    }
}

impl std::str::FromStr for Ascii {
    type Err = NotAscii;
    fn from_str(text: &str) -> Result<Ascii, NotAscii> {
        Ascii::new(text)
    }
}

impl From<Ascii> for String {
    fn from(ascii: Ascii) -> String {
        ascii.0
    }
}

impl SerializeValue for Ascii {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        self.0.serialize(typ, writer)
    }
}

impl<'f, 'm> DeserializeValue<'f, 'm> for Ascii {
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        match typ {
            ColumnType::Native(NativeType::Ascii) => Ok(()),
            _ => <String as DeserializeValue>::type_check(typ),
        }
    }

    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        let text = <String as DeserializeValue>::deserialize(typ, v)?;
        Ascii::new(text).map_err(DeserializationError::new)
    }
}
