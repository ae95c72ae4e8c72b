//! Case numbers people can read aloud and text: `ZA-2026-000123`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseNumber(String);

impl CaseNumber {
    /// The `number`th case of `year`.
    pub fn new(year: i32, number: i64) -> Self {
        Self(format!("ZA-{year:04}-{number:06}"))
    }

    /// Accepts any letter case and surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        const FORMAT: &str = "a case number looks like ZA-2026-000123";
        let upper = input.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("ZA-").ok_or(FORMAT)?;
        let (year, number) = rest.split_once('-').ok_or(FORMAT)?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4
            || !all_digits(year)
            || number.len() < 6
            || number.len() > 9
            || !all_digits(number)
        {
            return Err(FORMAT);
        }
        Ok(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_and_parse_back() {
        let number = CaseNumber::new(2026, 123);
        assert_eq!(number.as_str(), "ZA-2026-000123");
        assert_eq!(CaseNumber::parse(" za-2026-000123 "), Ok(number));
        assert_eq!(CaseNumber::new(2026, 1_234_567).as_str(), "ZA-2026-1234567");
    }

    #[test]
    fn malformed_case_numbers_are_refused() {
        for input in [
            "",
            "ZA-2026",
            "ZA-26-000123",
            "XX-2026-000123",
            "ZA-2026-12",
            "ZA-2026-00012a",
            "ZA-2026-000123-1",
        ] {
            assert!(CaseNumber::parse(input).is_err(), "{input}");
        }
    }
}
