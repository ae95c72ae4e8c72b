//! CNIC and B-form numbers: parsing never panics, a number it accepts is
//! `XXXXX-XXXXXXX-X` made of the input's own digits and parses again to
//! itself, and both kinds accept exactly the same texts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zainab_api::domain::nadra::{BFormNumber, Cnic};

fuzz_target!(|input: &str| {
    let cnic = Cnic::parse(input);
    let b_form = BFormNumber::parse(input);
    assert_eq!(
        cnic.as_ref().map(Cnic::as_str),
        b_form.as_ref().map(BFormNumber::as_str),
        "{input:?}"
    );
    let Ok(cnic) = cnic else {
        return;
    };

    let text = cnic.as_str();
    let bytes = text.as_bytes();
    assert_eq!(bytes.len(), 15, "{input:?} gave {text}");
    for (index, byte) in bytes.iter().enumerate() {
        if index == 5 || index == 13 {
            assert_eq!(*byte, b'-', "{input:?} gave {text}");
        } else {
            assert!(byte.is_ascii_digit(), "{input:?} gave {text}");
        }
    }
    // The first digit is the region of issue, never 0.
    assert_ne!(bytes[0], b'0', "{input:?} gave {text}");

    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    assert_eq!(digits(text), digits(input), "{input:?} gave {text}");
    assert_eq!(Cnic::parse(text).as_ref(), Ok(&cnic), "{text}");
});
