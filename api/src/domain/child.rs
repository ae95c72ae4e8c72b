//! The age of a child, from a date of birth or an age in years.

use chrono::{Datelike, NaiveDate};

/// The oldest age the platform accepts: the law protects children under 18.
pub const MAX_AGE_YEARS: i32 = 17;

/// Full years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// Why the age given was refused, and which field to blame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeError {
    pub field: &'static str,
    pub message: &'static str,
}

/// Works out the child's age in years, checking what was given: at least one
/// of date of birth and age, a birth date not in the future, an age from 0
/// to 17, and the two in agreement when both are given.
pub fn resolve_age(
    date_of_birth: Option<NaiveDate>,
    age_years: Option<i32>,
    today: NaiveDate,
) -> Result<i32, AgeError> {
    const FIELD_DOB: &str = "child.dateOfBirth";
    const FIELD_AGE: &str = "child.ageYears";
    match (date_of_birth, age_years) {
        (None, None) => Err(AgeError {
            field: FIELD_AGE,
            message: "give the child's date of birth or age",
        }),
        (Some(born), given) => {
            if born > today {
                return Err(AgeError {
                    field: FIELD_DOB,
                    message: "the date of birth is in the future",
                });
            }
            let age = age_on(born, today);
            if age > MAX_AGE_YEARS {
                return Err(AgeError {
                    field: FIELD_DOB,
                    message: "the platform is for children under 18",
                });
            }
            if let Some(given) = given
                && (given - age).abs() > 1
            {
                return Err(AgeError {
                    field: FIELD_AGE,
                    message: "the age does not match the date of birth",
                });
            }
            Ok(age)
        }
        (None, Some(age)) if (0..=MAX_AGE_YEARS).contains(&age) => Ok(age),
        (None, Some(_)) => Err(AgeError {
            field: FIELD_AGE,
            message: "the age must be from 0 to 17 years",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn age_counts_full_years_only() {
        assert_eq!(age_on(date(2016, 12, 4), date(2026, 12, 3)), 9);
        assert_eq!(age_on(date(2016, 12, 3), date(2026, 12, 3)), 10);
        assert_eq!(age_on(date(2024, 2, 29), date(2025, 2, 28)), 0);
    }

    #[test]
    fn a_date_of_birth_or_an_age_is_enough() {
        let today = date(2026, 12, 3);
        assert_eq!(resolve_age(Some(date(2019, 1, 1)), None, today), Ok(7));
        assert_eq!(resolve_age(None, Some(0), today), Ok(0));
        assert_eq!(resolve_age(None, Some(17), today), Ok(17));
        assert_eq!(resolve_age(Some(date(2019, 1, 1)), Some(8), today), Ok(7));
    }

    #[test]
    fn impossible_ages_are_refused_with_the_field_to_blame() {
        let today = date(2026, 12, 3);
        let field = |r: Result<i32, AgeError>| r.unwrap_err().field;
        assert_eq!(field(resolve_age(None, None, today)), "child.ageYears");
        assert_eq!(field(resolve_age(None, Some(18), today)), "child.ageYears");
        assert_eq!(field(resolve_age(None, Some(-1), today)), "child.ageYears");
        assert_eq!(
            field(resolve_age(Some(date(2026, 12, 4)), None, today)),
            "child.dateOfBirth"
        );
        assert_eq!(
            field(resolve_age(Some(date(2000, 1, 1)), None, today)),
            "child.dateOfBirth"
        );
        assert_eq!(
            field(resolve_age(Some(date(2019, 1, 1)), Some(3), today)),
            "child.ageYears"
        );
    }
}
