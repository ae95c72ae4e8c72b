//! How an SMS is encoded and how many segments it takes.
//!
//! Text that fits the GSM 03.38 alphabet goes as 7-bit: 160 characters in
//! one segment, 153 per segment when concatenated (the user data header
//! takes the rest), and characters of the extension table (`{ } [ ] ~ \ | ^
//! €` and form feed) count twice. Anything else, Urdu among it, goes as
//! UCS-2: 70 UTF-16 units in one segment, 67 per segment when concatenated.

/// The two encodings a gateway is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Self::Gsm7 => "gsm7",
            Self::Ucs2 => "ucs2",
        }
    }
}

/// The encoding and segment count of a message body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizing {
    pub encoding: Encoding,
    /// Septets for GSM 7-bit, UTF-16 code units for UCS-2.
    pub units: usize,
    pub segments: usize,
}

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// Septets one character takes in GSM 7-bit, or `None` outside the alphabet.
fn septets(c: char) -> Option<usize> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

pub fn size(body: &str) -> Sizing {
    let gsm: Option<usize> = body.chars().map(septets).sum();
    let (encoding, units, single, multi) = match gsm {
        Some(units) => (Encoding::Gsm7, units, 160, 153),
        None => (Encoding::Ucs2, body.encode_utf16().count(), 70, 67),
    };
    let segments = if units <= single {
        1
    } else {
        units.div_ceil(multi)
    };
    Sizing {
        encoding,
        units,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_english_fits_160_septets_in_one_segment() {
        let text = "a".repeat(160);
        assert_eq!(size(&text).encoding, Encoding::Gsm7);
        assert_eq!(size(&text).segments, 1);
        assert_eq!(size(&"a".repeat(161)).segments, 2);
        assert_eq!(size(&"a".repeat(306)).segments, 2);
        assert_eq!(size(&"a".repeat(307)).segments, 3);
    }

    #[test]
    fn extension_characters_count_twice() {
        let text = format!("{}€", "a".repeat(158));
        assert_eq!(size(&text).units, 160);
        assert_eq!(size(&text).segments, 1);
        assert_eq!(size(&format!("{}[", "a".repeat(159))).segments, 2);
    }

    #[test]
    fn urdu_is_ucs2_with_70_then_67_per_segment() {
        let seventy = "ب".repeat(70);
        let sized = size(&seventy);
        assert_eq!(sized.encoding, Encoding::Ucs2);
        assert_eq!(sized.segments, 1);
        assert_eq!(size(&"ب".repeat(71)).segments, 2);
        assert_eq!(size(&"ب".repeat(134)).segments, 2);
        assert_eq!(size(&"ب".repeat(135)).segments, 3);
    }

    #[test]
    fn one_character_outside_the_alphabet_makes_the_whole_message_ucs2() {
        let text = format!("{} ✓", "a".repeat(100));
        let sized = size(&text);
        assert_eq!(sized.encoding, Encoding::Ucs2);
        assert_eq!(sized.segments, 2);
    }

    #[test]
    fn characters_beyond_the_basic_plane_take_two_units() {
        assert_eq!(size("😀").units, 2);
    }
}
