//! Mobile numbers as people type them: parsing never panics, and a number
//! it accepts is `+923` and nine more digits, made of the input's own
//! digits, and parses again to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zainab_api::domain::phone::PhoneNumber;

fuzz_target!(|input: &str| {
    let Ok(phone) = PhoneNumber::parse(input) else {
        return;
    };
    let text = phone.as_str();
    let national = text.strip_prefix("+92").expect("the international form");
    assert_eq!(national.len(), 10, "{input:?} gave {text}");
    assert!(
        national.bytes().all(|b| b.is_ascii_digit()),
        "{input:?} gave {text}"
    );
    // Mobile networks are 030x to 035x.
    assert!(
        national.starts_with('3') && (b'0'..=b'5').contains(&national.as_bytes()[1]),
        "{input:?} gave {text}"
    );

    // Nothing is made up: the number ends the digits that were typed.
    let typed: String = input.chars().filter(char::is_ascii_digit).collect();
    assert!(typed.ends_with(national), "{input:?} gave {text}");

    assert_eq!(PhoneNumber::parse(text).as_ref(), Ok(&phone), "{text}");
});
