//! The 31 PII entity types of Amazon Bedrock Guardrails.

use std::fmt;
use std::str::FromStr;

macro_rules! pii_types {
    ($($variant:ident => $name:literal,)*) => {
        /// A PII entity type, named exactly as Bedrock's `GuardrailPiiEntityType`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(non_camel_case_types, missing_docs)]
        pub enum PiiType {
            $($variant,)*
        }

        impl PiiType {
            /// Every type, in Bedrock's (alphabetical) order.
            pub const ALL: &'static [PiiType] = &[$(PiiType::$variant,)*];

            /// The wire name, e.g. `US_SOCIAL_SECURITY_NUMBER`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(PiiType::$variant => $name,)*
                }
            }
        }

        impl FromStr for PiiType {
            type Err = UnknownPiiType;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(PiiType::$variant),)*
                    _ => Err(UnknownPiiType(s.to_string())),
                }
            }
        }
    };
}

pii_types! {
    ADDRESS => "ADDRESS",
    AGE => "AGE",
    AWS_ACCESS_KEY => "AWS_ACCESS_KEY",
    AWS_SECRET_KEY => "AWS_SECRET_KEY",
    CA_HEALTH_NUMBER => "CA_HEALTH_NUMBER",
    CA_SOCIAL_INSURANCE_NUMBER => "CA_SOCIAL_INSURANCE_NUMBER",
    CREDIT_DEBIT_CARD_CVV => "CREDIT_DEBIT_CARD_CVV",
    CREDIT_DEBIT_CARD_EXPIRY => "CREDIT_DEBIT_CARD_EXPIRY",
    CREDIT_DEBIT_CARD_NUMBER => "CREDIT_DEBIT_CARD_NUMBER",
    DRIVER_ID => "DRIVER_ID",
    EMAIL => "EMAIL",
    INTERNATIONAL_BANK_ACCOUNT_NUMBER => "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    IP_ADDRESS => "IP_ADDRESS",
    LICENSE_PLATE => "LICENSE_PLATE",
    MAC_ADDRESS => "MAC_ADDRESS",
    NAME => "NAME",
    PASSWORD => "PASSWORD",
    PHONE => "PHONE",
    PIN => "PIN",
    SWIFT_CODE => "SWIFT_CODE",
    UK_NATIONAL_HEALTH_SERVICE_NUMBER => "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    UK_NATIONAL_INSURANCE_NUMBER => "UK_NATIONAL_INSURANCE_NUMBER",
    UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER => "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    URL => "URL",
    USERNAME => "USERNAME",
    US_BANK_ACCOUNT_NUMBER => "US_BANK_ACCOUNT_NUMBER",
    US_BANK_ROUTING_NUMBER => "US_BANK_ROUTING_NUMBER",
    US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER => "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    US_PASSPORT_NUMBER => "US_PASSPORT_NUMBER",
    US_SOCIAL_SECURITY_NUMBER => "US_SOCIAL_SECURITY_NUMBER",
    VEHICLE_IDENTIFICATION_NUMBER => "VEHICLE_IDENTIFICATION_NUMBER",
}

/// A name that is not one of the 31 PII types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPiiType(pub String);

impl fmt::Display for UnknownPiiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown PII type {:?}", self.0)
    }
}

impl std::error::Error for UnknownPiiType {}

impl fmt::Display for PiiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for PiiType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for PiiType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_one_types_round_trip() {
        assert_eq!(PiiType::ALL.len(), 31);
        for t in PiiType::ALL {
            assert_eq!(t.as_str().parse::<PiiType>(), Ok(*t));
        }
        assert_eq!(
            "SSN".parse::<PiiType>(),
            Err(UnknownPiiType("SSN".to_string()))
        );
    }
}
