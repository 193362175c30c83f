//! JSON answers written cheaply, byte for byte the same as `axum::Json` and serde's
//! defaults would write them: a list answer is serialized into one buffer sized
//! for its rows up front ([`rows`]), and a timestamp is formatted on the stack and
//! handed to the serializer as one string ([`timestamp`]).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Serialize, Serializer};

/// Bytes reserved per row of a list answer: a product row of the demo is about
/// 200 bytes of JSON, so most pages are written without growing the buffer.
pub const ROW_BYTES: usize = 256;

/// `rows` as a JSON array answer (`200`, `Content-Type: application/json`), the
/// body `axum::Json(rows)` makes, serialized into a buffer of [`ROW_BYTES`] per
/// row instead of one that starts at 128 bytes and grows as it is written. A
/// value that cannot be serialized is a `500` in plain text, as with `axum::Json`.
///
/// ```
/// let answer = materialized_views_demo::json::rows(&[serde_json::json!({"a": 1})]);
/// assert_eq!(answer.status(), 200);
/// assert_eq!(answer.headers()["content-type"], "application/json");
/// ```
pub fn rows<T: Serialize>(rows: &[T]) -> Response {
    let capacity = rows.len().saturating_mul(ROW_BYTES).saturating_add(2);
    let mut body = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut body, rows) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            e.to_string(),
        )
            .into_response(),
    }
}

/// Longest text [`timestamp`] formats itself: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
const TIMESTAMP_LEN: usize = 30;

/// Serializes a UTC timestamp as chrono's own `Serialize` does (RFC 3339 with `Z`,
/// and a fraction of 3, 6 or 9 digits only when the nanoseconds need it), for
/// `#[serde(serialize_with = "crate::json::timestamp")]`. chrono writes it with
/// `collect_str`, which serde_json escapes one formatted piece (often one
/// character) at a time; this formats it on the stack and serializes it as one
/// string. Years outside 0–9999 and leap seconds are left to chrono.
///
/// ```
/// use chrono::{DateTime, Utc};
/// #[derive(serde::Serialize)]
/// struct Row {
///     #[serde(serialize_with = "materialized_views_demo::json::timestamp")]
///     at: DateTime<Utc>,
/// }
/// let at = DateTime::from_timestamp_millis(1_764_547_200_123).unwrap();
/// assert_eq!(serde_json::to_string(&Row { at }).unwrap(), r#"{"at":"2025-12-01T00:00:00.123Z"}"#);
/// assert_eq!(serde_json::to_value(&Row { at }).unwrap()["at"], serde_json::to_value(at).unwrap());
/// ```
pub fn timestamp<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = [0u8; TIMESTAMP_LEN];
    match format_timestamp(at, &mut text) {
        Some(len) => match std::str::from_utf8(&text[..len]) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => at.serialize(serializer),
        },
        None => at.serialize(serializer),
    }
}

/// Writes `at` into `out` as chrono's `to_rfc3339_opts(SecondsFormat::AutoSi, true)`
/// does and returns its length; `None` (nothing to rely on in `out`) for a year
/// outside 0–9999 or a leap second, which chrono writes its own way.
fn format_timestamp(at: &DateTime<Utc>, out: &mut [u8; TIMESTAMP_LEN]) -> Option<usize> {
    let year = at.year();
    let nano = at.nanosecond();
    if !(0..=9999).contains(&year) || nano >= 1_000_000_000 {
        return None;
    }
    let year = year as u32;
    let fields = [
        (year / 100, b'\0'),
        (year % 100, b'-'),
        (at.month(), b'-'),
        (at.day(), b'T'),
        (at.hour(), b':'),
        (at.minute(), b':'),
        (at.second(), b'\0'),
    ];
    let mut len = 0;
    let mut push = |byte: u8| {
        out[len] = byte;
        len += 1;
    };
    for (value, separator) in fields {
        push(b'0' + (value / 10) as u8);
        push(b'0' + (value % 10) as u8);
        if separator != b'\0' {
            push(separator);
        }
    }
    let digits = match nano {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    };
    if digits > 0 {
        push(b'.');
        let fraction = nano / 10u32.pow(9 - digits);
        for place in (0..digits).rev() {
            push(b'0' + (fraction / 10u32.pow(place) % 10) as u8);
        }
    }
    push(b'Z');
    Some(len)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    #[derive(Serialize)]
    struct Fast(#[serde(serialize_with = "timestamp")] DateTime<Utc>);

    fn same_as_chrono(at: DateTime<Utc>) {
        assert_eq!(
            serde_json::to_string(&Fast(at)).unwrap(),
            serde_json::to_string(&at).unwrap(),
            "{at:?}"
        );
    }

    #[test]
    fn timestamps_are_written_as_chrono_writes_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for date in [
            day(0, 1, 1),
            day(1, 2, 3),
            day(999, 12, 31),
            day(2026, 12, 1),
        ] {
            for (h, min, s) in [(0, 0, 0), (9, 5, 7), (23, 59, 59)] {
                for nano in [
                    0,
                    1,
                    999,
                    1_000,
                    123_000,
                    1_000_000,
                    120_000_000,
                    123_456_000,
                    123_456_789,
                    999_999_999,
                ] {
                    let naive = date.and_hms_nano_opt(h, min, s, nano).unwrap();
                    same_as_chrono(Utc.from_utc_datetime(&naive));
                }
            }
        }
        // chrono's own way: a leap second, years of five digits and before year 0.
        let leap = day(2016, 12, 31).and_hms_nano_opt(23, 59, 59, 1_500_000_000);
        same_as_chrono(Utc.from_utc_datetime(&leap.unwrap()));
        same_as_chrono(Utc.from_utc_datetime(&day(10_000, 1, 1).and_hms_opt(0, 0, 0).unwrap()));
        same_as_chrono(Utc.from_utc_datetime(&day(-1, 6, 1).and_hms_opt(1, 2, 3).unwrap()));
        // And at random over the years 0 to 9999, to the millisecond (what CQL keeps)
        // and to the nanosecond.
        let span = day(9999, 12, 31)
            .and_hms_opt(23, 59, 59)
            .unwrap()
            .and_utc()
            .timestamp()
            - day(0, 1, 1)
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp();
        let start = day(0, 1, 1)
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        for _ in 0..20_000 {
            let secs = start + rand::random_range(0..=span);
            let nano = match rand::random_range(0..3) {
                0 => rand::random_range(0..1000) * 1_000_000,
                1 => rand::random_range(0..1_000_000) * 1_000,
                _ => rand::random_range(0..1_000_000_000),
            };
            same_as_chrono(DateTime::from_timestamp(secs, nano).unwrap());
        }
    }

    #[tokio::test]
    async fn a_list_answer_is_the_answer_axum_json_makes() {
        use axum::body::to_bytes;
        let rows = vec![
            serde_json::json!({"name": "Tab\t \"quoted\" \u{1F52E} \\", "price": 2999.99, "none": null}),
            serde_json::json!({"price": 1e300, "small": 0.1, "n": -7}),
        ];
        for rows in [rows.clone(), Vec::new(), vec![rows[0].clone(); 50]] {
            let ours = super::rows(&rows);
            let theirs = axum::Json(rows.clone()).into_response();
            assert_eq!(ours.status(), theirs.status());
            assert_eq!(ours.headers(), theirs.headers());
            let ours = to_bytes(ours.into_body(), usize::MAX).await.unwrap();
            let theirs = to_bytes(theirs.into_body(), usize::MAX).await.unwrap();
            assert_eq!(ours, theirs);
        }
    }
}
