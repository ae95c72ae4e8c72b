//! Spelling-tolerant keys for names, so that a search for "Ayesha" finds
//! "Aisha" and "عائشہ", and "Mohammed" finds "Muhammad".
//!
//! Urdu script is first written in Latin letters, letter by letter. Then a
//! word keeps its first sound and its consonants: vowels after the first
//! letter go (Roman Urdu spells them every which way), a leading vowel is
//! always `a`, letter pairs that spell one sound become one letter (`kh`,
//! `sh`, `ph`...), sounds that Roman Urdu writes two ways become one (`q`
//! and `k`, `v` and `w`), and doubled letters count once.

/// The keys of every word of `name`, in order.
pub fn keys(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '.' || c == ',')
        .filter_map(|word| {
            let key = word_key(word);
            (!key.is_empty()).then_some(key)
        })
        .collect()
}

/// The column value: keys separated and surrounded by spaces, so that
/// `LIKE '% key%'` matches a word that starts with `key`.
pub fn column(name: &str) -> String {
    let keys = keys(name);
    if keys.is_empty() {
        return " ".to_owned();
    }
    format!(" {} ", keys.join(" "))
}

/// `text` in Latin letters: words in Urdu script written out as Roman Urdu
/// letter by letter and capitalised, other words kept. For output that
/// cannot show Urdu script, such as the poster's built-in PDF fonts.
pub fn romanise(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.chars().all(|c| c.is_ascii() || !is_arabic_script(c)) {
                return word.to_owned();
            }
            let latin = transliterate(word);
            let mut letters = latin.chars();
            letters.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(letters).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn word_key(word: &str) -> String {
    let latin = transliterate(word);
    let letters: Vec<char> = latin
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut sounds = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let pair = letters.get(i + 1).map(|&next| (letters[i], next));
        let (sound, width) = match pair {
            Some(('k', 'h')) | Some(('c', 'k')) => ('k', 2),
            Some(('g', 'h')) => ('g', 2),
            Some(('s', 'h')) => ('s', 2),
            Some(('c', 'h')) => ('c', 2),
            Some(('p', 'h')) => ('f', 2),
            Some(('t', 'h')) => ('t', 2),
            Some(('d', 'h')) => ('d', 2),
            Some(('z', 'h')) => ('z', 2),
            _ => (
                match letters[i] {
                    'q' | 'c' => 'k',
                    'v' => 'w',
                    'x' => 'k',
                    other => other,
                },
                1,
            ),
        };
        sounds.push(sound);
        i += width;
    }
    // A final h after a vowel is silent: Ayeshah, Fatimah, Shah.
    if sounds.len() > 1 && sounds.last() == Some(&'h') && is_vowel(sounds[sounds.len() - 2]) {
        sounds.pop();
    }

    let mut key = String::new();
    for (i, &sound) in sounds.iter().enumerate() {
        let sound = match (i, is_vowel(sound)) {
            (0, true) => 'a',
            (_, true) => continue,
            (_, false) => sound,
        };
        if !key.ends_with(sound) {
            key.push(sound);
        }
    }
    key
}

/// Alif, choti ye and bari ye: the letters that carry a long vowel.
fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'آ' | 'ی' | 'ي' | 'ے')
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Urdu letters as Roman Urdu writes them. Letters read as vowels come
/// out as vowels, and so drop out of the key like written vowels do.
fn transliterate(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == chars.len();
        let latin = match c {
            'ا' | 'آ' | 'ع' => "a",
            'ب' => "b",
            'پ' => "p",
            'ت' | 'ٹ' | 'ط' => "t",
            'ث' | 'س' | 'ص' => "s",
            'ج' => "j",
            'چ' => "ch",
            'ح' | 'ھ' => "h",
            'خ' => "kh",
            'د' | 'ڈ' => "d",
            'ذ' | 'ز' | 'ژ' | 'ض' | 'ظ' => "z",
            'ر' | 'ڑ' => "r",
            'ش' => "sh",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ک' | 'ك' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' | 'ں' => "n",
            // Waw is a consonant at the start of a word (Waseem) and before
            // a long vowel (Nawaz, Javed, Pervaiz); elsewhere a vowel (Noor).
            'و' if i == 0 || chars.get(i + 1).is_some_and(|&n| is_long_vowel(n)) => "w",
            'و' => "o",
            // Final he is read as a vowel (Ayesha, Fatima).
            'ہ' | 'ة' | 'ه' if last => "a",
            'ہ' | 'ة' | 'ه' => "h",
            'ی' | 'ي' | 'ئ' => "y",
            'ے' => "e",
            other if other.is_ascii_alphabetic() => {
                out.push(other);
                continue;
            }
            _ => continue,
        };
        out.push_str(latin);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(keys(a), keys(b), "{a} and {b} should match");
    }

    #[test]
    fn urdu_script_is_romanised_for_output_and_latin_kept() {
        assert_eq!(romanise("عائشہ"), "Aaysha");
        assert_eq!(romanise("Ali"), "Ali");
        assert_eq!(romanise("Zainab فاطمہ"), "Zainab Fatma");
    }

    #[test]
    fn roman_spellings_of_one_name_match() {
        same("Ayesha", "Aisha");
        same("Ayesha", "Ayeshah");
        same("Muhammad", "Mohammed");
        same("Muhammad", "Mohamad");
        same("Zainab", "Zaynab");
        same("Hussain", "Husain");
        same("Hussain", "Hussein");
        same("Khadija", "Khadeeja");
        same("Qasim", "Kasim");
        same("Usman", "Osman");
        same("Fatima", "Fatimah");
        same("Waseem", "Vaseem");
    }

    #[test]
    fn urdu_script_matches_its_roman_spelling() {
        same("عائشہ", "Ayesha");
        same("فاطمہ", "Fatima");
        same("زینب", "Zainab");
        same("علی", "Ali");
        same("حسین", "Hussain");
        same("خدیجہ", "Khadija");
        same("قاسم", "Qasim");
        same("عثمان", "Usman");
        same("عمران", "Imran");
        same("ابراہیم", "Ibrahim");
        same("وسیم", "Waseem");
        same("نواز", "Nawaz");
        same("جاوید", "Javed");
        same("پرویز", "Pervaiz");
        same("رضوان", "Rizwan");
        same("اویس", "Awais");
        same("نور", "Noor");
        same("یوسف", "Yousaf");
        same("زوہیب", "Zohaib");
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Ayesha", "Amna"),
            ("Ali", "Bilal"),
            ("Zainab", "Zubair"),
            ("Sana", "Hina"),
        ] {
            assert_ne!(keys(a), keys(b), "{a} and {b} should differ");
        }
    }

    #[test]
    fn the_column_pads_keys_for_word_prefix_search() {
        assert_eq!(column("Muhammad Ali"), " mhmd al ");
        assert_eq!(column("  "), " ");
    }
}
