//! The words of an SMS as the parser sees them: split on spaces and
//! punctuation of both scripts, Urdu and Arabic-Indic digits made ASCII,
//! Latin letters lower-cased, each word remembering how it was written.

/// One word of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written (digits made ASCII).
    pub text: String,
    /// Lower-cased, for comparing.
    pub lower: String,
    /// The word starts with a capital Latin letter.
    pub capitalised: bool,
}

impl Word {
    pub fn is_number(&self) -> bool {
        !self.lower.is_empty() && self.lower.chars().all(|c| c.is_ascii_digit())
    }

    pub fn number(&self) -> Option<u32> {
        self.is_number().then(|| self.lower.parse().ok()).flatten()
    }

    pub fn is_urdu(&self) -> bool {
        self.text.chars().any(is_arabic_script)
    }
}

pub fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && !is_eastern_digit(c)
}

fn is_eastern_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Urdu (Extended Arabic-Indic) and Arabic-Indic digits as ASCII digits.
fn ascii_digit(c: char) -> char {
    match c {
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        other => other,
    }
}

fn separates(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '.'
                | ':'
                | ';'
                | '!'
                | '?'
                | '-'
                | '/'
                | '('
                | ')'
                | '"'
                | '\''
                | '*'
                | '#'
                | '،'
                | '۔'
                | '؟'
                | '؛'
                | '٬'
                | '\u{200C}'
                | '\u{200F}'
                | '\u{200E}'
        )
}

/// The words of `text`. A number glued to a unit (`8saal`, `6yrs`) is two
/// words.
pub fn split(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for raw in text.split(separates).filter(|w| !w.is_empty()) {
        let raw: String = raw.chars().map(ascii_digit).collect();
        let digits = raw.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits < raw.chars().count() {
            let (number, unit) = raw.split_at(digits);
            words.push(word(number));
            words.push(word(unit));
        } else {
            words.push(word(&raw));
        }
    }
    words
}

fn word(text: &str) -> Word {
    Word {
        text: text.to_owned(),
        lower: text.to_lowercase(),
        capitalised: text.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_of_both_scripts_separates_and_urdu_digits_become_ascii() {
        let words = split("Missing: Ayesha, 6, Lahore۔ علی،عمر ۸ سال");
        let lower: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
        assert_eq!(
            lower,
            ["missing", "ayesha", "6", "lahore", "علی", "عمر", "8", "سال"]
        );
        assert!(words[1].capitalised);
        assert_eq!(words[6].number(), Some(8));
    }

    #[test]
    fn a_number_glued_to_its_unit_is_two_words() {
        let lower: Vec<String> = split("8saal 6yrs").into_iter().map(|w| w.lower).collect();
        assert_eq!(lower, ["8", "saal", "6", "yrs"]);
    }
}
