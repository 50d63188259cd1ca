//! Serde readers for the API's loosely typed fields (numbers as strings, strings as
//! numbers, blanks for "not given").

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A string, also from a JSON number or bool (`"level": 12` vs `"12"`); `null` is `""`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(SCALAR).map(Option::unwrap_or_default)
}

/// Absent, `null` and blank strings are `None`; numbers are rendered as text.
pub fn blank_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(d.deserialize_any(SCALAR)?.filter(|s| !s.trim().is_empty()))
}

/// An integer from a JSON number or a numeric string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    optional_int(d)?.ok_or_else(|| de::Error::custom("a number is missing"))
}

/// An integer from a JSON number or a numeric string; `null` or `""` is `None`.
pub fn optional_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match d.deserialize_any(SCALAR)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("{text:?} is not a whole number"))),
    }
}

/// A flag from a JSON bool or the strings `"true"`/`"false"` (any case), `1`/`0`.
pub fn optional_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match d.deserialize_any(SCALAR)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.eq_ignore_ascii_case("true") || t == "1" => Ok(Some(true)),
        Some(t) if t.eq_ignore_ascii_case("false") || t == "0" => Ok(Some(false)),
        Some(t) => Err(de::Error::custom(format!("{t:?} is not true or false"))),
    }
}

/// A list where `null` means empty.
pub fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Reads any scalar as its text; `None` for `null`. An object or an array is an
/// error, unless `containers_as_none`.
struct TextVisitor {
    containers_as_none: bool,
}

const SCALAR: TextVisitor = TextVisitor {
    containers_as_none: false,
};

/// Any JSON value: a scalar as its text, `null`, an object or an array as `None`.
/// For fields that must never fail their reply (see `forgiving`).
pub(super) fn any_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor {
        containers_as_none: true,
    })
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a bool or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // `Display` prints the shortest text that reads back as the same f64, i.e. the
        // decimal the server wrote, which is what makes money read from numbers exact.
        Ok(Some(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if !self.containers_as_none {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if !self.containers_as_none {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Loose {
        #[serde(default, deserialize_with = "string")]
        s: String,
        #[serde(default, deserialize_with = "blank_as_none")]
        b: Option<String>,
        #[serde(default, deserialize_with = "optional_int")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "optional_bool")]
        f: Option<bool>,
    }

    fn loose(json: &str) -> Loose {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn scalars_in_either_shape() {
        let l = loose(r#"{"s":12,"b":"","i":"200","f":"false"}"#);
        assert_eq!(
            (l.s.as_str(), l.b, l.i, l.f),
            ("12", None, Some(200), Some(false))
        );
        let l = loose(r#"{"s":"12","b":"x","i":200,"f":true}"#);
        assert_eq!(
            (l.s.as_str(), l.b.as_deref(), l.i, l.f),
            ("12", Some("x"), Some(200), Some(true))
        );
        let l = loose(r#"{"s":null,"b":null,"i":null,"f":null}"#);
        assert_eq!((l.s.as_str(), l.b, l.i, l.f), ("", None, None, None));
    }

    #[test]
    fn wrong_scalars_are_errors_not_panics() {
        assert!(serde_json::from_str::<Loose>(r#"{"i":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Loose>(r#"{"f":"maybe"}"#).is_err());
        assert!(serde_json::from_str::<Loose>(r#"{"s":{}}"#).is_err());
    }
}
