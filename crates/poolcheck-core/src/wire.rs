//! How fieldless enums are named on the wire: each writes its names once, in `as_str`, and
//! serializes through it, so JSON, the CLI's text and the app always agree.

/// Implements `Serialize` for enums with an `as_str(self) -> &'static str` method.
macro_rules! serialize_as_str {
    ($($enum:ty),+ $(,)?) => {
        $(
            impl serde::Serialize for $enum {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        )+
    };
}

pub(crate) use serialize_as_str;
