//! Pakistani mobile numbers, normalised to `+923XXXXXXXXX`.

use std::fmt;

/// A Pakistani mobile number in international form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts the ways people write a mobile number (`0300 1234567`,
    /// `+92-300-1234567`, `0092300...`, `300...`) and refuses anything that
    /// is not a Pakistani mobile number.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let mut digits = String::with_capacity(16);
        for (index, c) in input.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if index == 0 => {}
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => {
                    return Err(
                        "a phone number may hold only digits, spaces, dashes and a leading +",
                    );
                }
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("0092") {
            rest
        } else if let Some(rest) = digits.strip_prefix("92").filter(|rest| rest.len() == 10) {
            rest
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            digits.as_str()
        };
        let bytes = national.as_bytes();
        if bytes.len() != 10 {
            return Err("a Pakistani mobile number has 11 digits, like 0300 1234567");
        }
        // Mobile networks use 030x to 035x.
        if bytes[0] != b'3' || !(b'0'..=b'5').contains(&bytes[1]) {
            return Err("not a Pakistani mobile number: it should start 03, like 0300 1234567");
        }
        Ok(Self(format!("+92{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_normalise_to_one_form() {
        for input in [
            "03001234567",
            "0300 1234567",
            "0300-1234567",
            "+923001234567",
            "+92 300 1234567",
            "923001234567",
            "00923001234567",
            "3001234567",
            "(0300) 123-4567",
        ] {
            assert_eq!(
                PhoneNumber::parse(input).map(|p| p.0),
                Ok("+923001234567".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn landlines_foreign_and_malformed_numbers_are_refused() {
        for input in [
            "",
            "0421234567",
            "+442071234567",
            "0300123456",
            "030012345678",
            "0390 1234567",
            "03OO1234567",
            "0300+1234567",
            "+",
            "92300123456",
        ] {
            assert!(PhoneNumber::parse(input).is_err(), "{input}");
        }
    }
}
