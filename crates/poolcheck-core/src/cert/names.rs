//! Distinguished names: attribute short names, string decoding, and the bindings a
//! certificate pool filter reads.

use der::asn1::ObjectIdentifier as Oid;
use der::{Tag, Tagged as _};
use serde::Serialize;
use serde_json::{Map, Value};
use x509_cert::name::Name;

/// Short names for the attribute types. Upper-case SERIALNUMBER and STREET follow RFC 4514 and
/// the names Confluent Cloud documents for certificate filters; the rest follow OpenSSL. The
/// full table Confluent Cloud uses is not public (an assumption): unknown types show as OIDs.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "SERIALNUMBER"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "initials"),
    ("2.5.4.44", "generationQualifier"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.65", "pseudonym"),
    ("2.5.4.97", "organizationIdentifier"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
    ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
];

/// A name, attribute by attribute, in the order of the DER (the root-most RDN first, as
/// `openssl x509 -subject` prints it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DistinguishedName {
    /// One line: RDNs joined by ", ", attributes of a multi-valued RDN by "+".
    pub text: String,
    pub rdns: Vec<Rdn>,
}

/// A relative distinguished name: usually one attribute, several when multi-valued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Rdn {
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Attribute {
    pub oid: String,
    /// Short name (`CN`, `O`, `emailAddress`, …), or the dotted OID when it has none.
    pub name: String,
    /// Whether `name` is a short name a filter can use as an identifier.
    pub known: bool,
    /// The decoded text; a value that is not a string shows as `#` and its DER in hex
    /// (RFC 4514).
    pub value: String,
    /// The ASN.1 string type (`UTF8String`, `PrintableString`, `BMPString`, …).
    pub string_type: String,
}

impl DistinguishedName {
    pub(crate) fn from_name(name: &Name) -> Self {
        let rdns: Vec<Rdn> = name
            .0
            .iter()
            .map(|rdn| Rdn { attributes: rdn.0.iter().map(attribute).collect() })
            .collect();
        let text = rdns
            .iter()
            .map(|rdn| {
                rdn.attributes
                    .iter()
                    .map(|a| format!("{}={}", a.name, a.value))
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect::<Vec<_>>()
            .join(", ");
        Self { text, rdns }
    }

    /// Every attribute, in order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.rdns.iter().flat_map(|rdn| rdn.attributes.iter())
    }

    /// The most specific CN, else the whole name, else a placeholder.
    pub fn display_name(&self) -> String {
        match self.attributes().filter(|a| a.name == "CN").last() {
            Some(cn) => cn.value.clone(),
            None if self.text.is_empty() => "(empty name)".to_owned(),
            None => self.text.clone(),
        }
    }
}

fn attribute(atv: &x509_cert::attr::AttributeTypeAndValue) -> Attribute {
    let oid = atv.oid.to_string();
    let short = short_name(&atv.oid);
    let (value, string_type) = decode_value(&atv.value);
    Attribute {
        name: short.map_or_else(|| oid.clone(), str::to_owned),
        known: short.is_some(),
        oid,
        value,
        string_type,
    }
}

fn short_name(oid: &Oid) -> Option<&'static str> {
    let dotted = oid.to_string();
    ATTRIBUTE_NAMES.iter().find(|(o, _)| *o == dotted).map(|(_, name)| *name)
}

/// Decodes a directory string. TeletexString is read as Latin-1, which is what producers
/// (OpenSSL included) actually put in it, rather than the T.61 character set.
fn decode_value(value: &der::Any) -> (String, String) {
    let bytes = value.value();
    let (text, kind) = match value.tag() {
        Tag::Utf8String => (String::from_utf8(bytes.to_vec()).ok(), "UTF8String"),
        Tag::PrintableString => (ascii(bytes), "PrintableString"),
        Tag::Ia5String => (ascii(bytes), "IA5String"),
        Tag::VisibleString => (ascii(bytes), "VisibleString"),
        Tag::TeletexString => {
            (Some(bytes.iter().map(|&b| char::from(b)).collect()), "TeletexString")
        }
        Tag::BmpString => (utf16_be(bytes), "BMPString"),
        Tag::NumericString => (ascii(bytes), "NumericString"),
        tag => {
            let der = super::to_der_or_empty(value);
            return (format!("#{}", super::hex(&der)), tag.to_string());
        }
    };
    match text {
        Some(text) => (text, kind.to_owned()),
        // Bytes the declared type does not allow: show them rather than guess.
        None => (format!("#{}", super::hex(&super::to_der_or_empty(value))), kind.to_owned()),
    }
}

fn ascii(bytes: &[u8]) -> Option<String> {
    bytes.is_ascii().then(|| bytes.iter().map(|&b| char::from(b)).collect())
}

fn utf16_be(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().ok()
}

/// What a certificate pool filter sees of a subject.
///
/// Each known attribute binds its short name to a **string**, even when the attribute
/// appears several times. Filters in Confluent Cloud's documentation treat attributes as
/// single strings (`OU.startsWith("kafka")`, `CN == "test"`); binding a list only when an
/// attribute repeats would make the same filter fail with a type error on some certificates
/// and not others. The value bound is the **most specific** occurrence: the last in DER order,
/// which is the first in the RFC 4514 form (`CN=…,OU=…,O=…`) that Java, and so Kafka, shows
/// for a principal. Which occurrence Confluent Cloud binds is not documented (an assumption):
/// `repeated` lists every such attribute so the caller can show the choice.
///
/// Attributes without a short name (shown as dotted OIDs) are not bound: a CEL identifier
/// cannot be an OID. A filter that reads an attribute the certificate lacks fails to
/// evaluate, which counts as no match; that is the filter engine's to report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DnBindings {
    /// Bare attribute name → string value, ready for the filter engine.
    pub values: Map<String, Value>,
    pub repeated: Vec<RepeatedAttribute>,
}

/// An attribute that occurs more than once in the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RepeatedAttribute {
    pub name: String,
    /// Every value, in DER order.
    pub values: Vec<String>,
    /// The one bound for the filter (the last of `values`).
    pub bound: String,
}

/// The subject of `certificate` as filter bindings (see [`DnBindings`] for the rules).
pub fn dn_bindings(certificate: &super::Certificate) -> DnBindings {
    bindings_of(&certificate.subject())
}

pub(crate) fn bindings_of(name: &DistinguishedName) -> DnBindings {
    let mut all: Vec<(String, Vec<String>)> = Vec::new();
    for attribute in name.attributes().filter(|a| a.known) {
        match all.iter_mut().find(|(n, _)| *n == attribute.name) {
            Some((_, values)) => values.push(attribute.value.clone()),
            None => all.push((attribute.name.clone(), vec![attribute.value.clone()])),
        }
    }
    let mut values = Map::new();
    let mut repeated = Vec::new();
    for (name, occurrences) in all {
        let Some(bound) = occurrences.last().cloned() else { continue };
        if occurrences.len() > 1 {
            repeated.push(RepeatedAttribute {
                name: name.clone(),
                values: occurrences,
                bound: bound.clone(),
            });
        }
        values.insert(name, Value::String(bound));
    }
    DnBindings { values, repeated }
}

/// RFC 5280 name matching, reduced to what matters in practice: identical encodings match;
/// otherwise the same attributes in the same order whose decoded values are equal after
/// trimming, collapsing inner spaces and ignoring case (RFC 4518's main rules).
pub(crate) fn names_match(a: &Name, b: &Name) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (DistinguishedName::from_name(a), DistinguishedName::from_name(b));
    a.rdns.len() == b.rdns.len() && rdns_match(&a.rdns, &b.rdns)
}

/// Whether `name` lies in the subtree `base` names: `base`'s RDNs begin `name`'s
/// (RFC 5280 §4.2.1.10 directoryName), compared as [`names_match`] does.
pub(crate) fn names_within(name: &Name, base: &Name) -> bool {
    let (name, base) = (DistinguishedName::from_name(name), DistinguishedName::from_name(base));
    name.rdns.len() >= base.rdns.len() && rdns_match(&name.rdns, &base.rdns)
}

/// Pairwise equality of the RDNs both sequences have.
fn rdns_match(a: &[Rdn], b: &[Rdn]) -> bool {
    a.iter().zip(b).all(|(x, y)| {
        x.attributes.len() == y.attributes.len()
            && x.attributes
                .iter()
                .zip(&y.attributes)
                .all(|(p, q)| p.oid == q.oid && normalize(&p.value) == normalize(&q.value))
    })
}

fn normalize(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
