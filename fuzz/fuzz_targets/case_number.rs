//! Case numbers as typed into the tracking form and share links: parsing
//! never panics, a number it accepts is `ZA-YYYY-NNNNNN` in capitals and
//! parses again to itself, and every number the server hands out (a year
//! of four digits, up to 999,999,999 cases in it) is accepted as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zainab_api::domain::case_number::CaseNumber;

/// A year and a sequence number from the first six bytes, zero-padded.
fn made(data: &[u8]) -> CaseNumber {
    let mut bytes = [0u8; 6];
    let n = data.len().min(6);
    bytes[..n].copy_from_slice(&data[..n]);
    let year = 1000 + i32::from(u16::from_le_bytes([bytes[0], bytes[1]]) % 9000);
    let number = u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) % 1_000_000_000;
    CaseNumber::new(year, i64::from(number))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(parsed) = CaseNumber::parse(text)
    {
        let shown = parsed.as_str();
        let rest = shown.strip_prefix("ZA-").expect("the ZA- prefix");
        let (year, number) = rest.split_once('-').expect("year and number");
        assert!(
            year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()),
            "{shown}"
        );
        assert!((6..=9).contains(&number.len()), "{shown}");
        assert!(number.bytes().all(|b| b.is_ascii_digit()), "{shown}");
        assert!(
            text.trim().eq_ignore_ascii_case(shown),
            "{text:?} gave {shown}"
        );
        assert_eq!(CaseNumber::parse(shown).as_ref(), Ok(&parsed), "{shown}");
    }

    let made = made(data);
    assert_eq!(
        CaseNumber::parse(made.as_str()).as_ref(),
        Ok(&made),
        "{made}"
    );
});
