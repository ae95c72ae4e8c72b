//! Identity numbers issued by NADRA: the CNIC of an adult and the B-form
//! (Child Registration Certificate) number of a child. Both are 13 digits,
//! written `XXXXX-XXXXXXX-X`.

use std::fmt;

/// A Computerised National Identity Card number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cnic(String);

/// A child's B-form (CRC) number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BFormNumber(String);

impl Cnic {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        parse_13_digits(input).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BFormNumber {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        parse_13_digits(input).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cnic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for BFormNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Accepts `3520212345671` or `35202-1234567-1`; returns the dashed form.
fn parse_13_digits(input: &str) -> Result<String, &'static str> {
    const FORMAT: &str = "must be 13 digits written like 35202-1234567-1";
    let input = input.trim();
    let digits: String = match input.len() {
        13 => input.to_owned(),
        15 if input.as_bytes()[5] == b'-' && input.as_bytes()[13] == b'-' => {
            input.chars().filter(|c| *c != '-').collect()
        }
        _ => return Err(FORMAT),
    };
    if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FORMAT);
    }
    // The first digit is the region of issue; none is numbered 0.
    if digits.starts_with('0') {
        return Err("cannot start with 0: the first digit is the region of issue");
    }
    Ok(format!(
        "{}-{}-{}",
        &digits[..5],
        &digits[5..12],
        &digits[12..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnic_with_or_without_dashes_normalises() {
        assert_eq!(
            Cnic::parse("3520212345671").map(|c| c.0),
            Ok("35202-1234567-1".into())
        );
        assert_eq!(
            Cnic::parse(" 35202-1234567-1 ").map(|c| c.0),
            Ok("35202-1234567-1".into())
        );
        assert_eq!(
            BFormNumber::parse("4210112345672").map(|c| c.0),
            Ok("42101-1234567-2".into())
        );
    }

    #[test]
    fn malformed_identity_numbers_are_refused() {
        for input in [
            "",
            "352021234567",
            "35202123456712",
            "35202-12345671",
            "3520-21234567-1",
            "35202_1234567_1",
            "0520212345671",
            "35202-123456a-1",
            "३५२०२१२३४५६७१",
        ] {
            assert!(Cnic::parse(input).is_err(), "{input}");
        }
    }
}
