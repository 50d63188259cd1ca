//! Enums over the API's status words that keep values this version does not know.

/// Declares an enum of known wire words plus `Other(String)`.
///
/// Each variant lists its canonical word first (what `Serialize` writes) and then any
/// other spelling the API uses; matching is case-insensitive and ignores surrounding
/// spaces. An unknown word becomes `Other` with the text as sent, never an error.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = [$canonical:literal $(, $alias:literal)* $(,)?] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The canonical wire word (the text as sent for `Other`).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $canonical, )+
                    Self::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                let word = text.trim();
                $(
                    if word.eq_ignore_ascii_case($canonical) $(|| word.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )+
                Self::Other(text.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = $crate::models::lenient::string(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }
    };
}
