//! The SMS answers to a sender, in English or Urdu. English ones keep to
//! the GSM alphabet so that they go in one 7-bit segment where they fit.

use entities::{CaseStatus, Language};

pub fn draft_opened(language: Language, reference: &str, helpline: &str) -> String {
    match language {
        Language::English => format!(
            "ZAINAB ALERT: report received, reference {reference}. The {helpline} helpline will call you back to complete it. Text more details to this number. In danger now? Call 15."
        ),
        Language::Urdu => format!(
            "زینب الرٹ: آپ کی اطلاع موصول ہو گئی، حوالہ {reference}۔ {helpline} ہیلپ لائن آپ کو کال کر کے اسے مکمل کرے گی۔ مزید تفصیل اسی نمبر پر بھیجیں۔ فوری خطرہ؟ 15 پر کال کریں۔"
        ),
    }
}

pub fn follow_up(language: Language, reference: &str) -> String {
    match language {
        Language::English => {
            format!("ZAINAB ALERT: added to your report {reference}. We will call you back.")
        }
        Language::Urdu => {
            format!("زینب الرٹ: آپ کی اطلاع {reference} میں شامل کر دیا گیا۔ ہم آپ کو کال کریں گے۔")
        }
    }
}

pub fn status(language: Language, case_number: &str, status: CaseStatus, helpline: &str) -> String {
    match language {
        Language::English => format!("ZAINAB ALERT {case_number}: {}.", english(status, helpline)),
        Language::Urdu => format!("زینب الرٹ {case_number}: {}۔", urdu(status, helpline)),
    }
}

/// For an unknown case and a wrong code alike, so that neither can be told
/// from the other.
pub fn status_unknown(language: Language) -> String {
    match language {
        Language::English => "ZAINAB ALERT: no case matches this number and tracking code. Check both and send STATUS <case number> <tracking code>.".to_owned(),
        Language::Urdu => "زینب الرٹ: اس نمبر اور ٹریکنگ کوڈ کا کوئی کیس نہیں ملا۔ دونوں دیکھ کر بھیجیں: STATUS <کیس نمبر> <ٹریکنگ کوڈ>".to_owned(),
    }
}

pub fn status_usage(language: Language) -> String {
    match language {
        Language::English => "ZAINAB ALERT: to ask about a case send STATUS <case number> <tracking code>, e.g. STATUS ZA-2026-000123 ABCD-EFGH.".to_owned(),
        Language::Urdu => "زینب الرٹ: کیس کی حالت جاننے کے لیے بھیجیں: STATUS <کیس نمبر> <ٹریکنگ کوڈ>، مثلاً STATUS ZA-2026-000123 ABCD-EFGH".to_owned(),
    }
}

fn english(status: CaseStatus, helpline: &str) -> String {
    match status {
        CaseStatus::Reported => "reported, waiting for the police to take charge".to_owned(),
        CaseStatus::Acknowledged => "the police have taken charge".to_owned(),
        CaseStatus::ReporterContacted => "the police have spoken with the reporter".to_owned(),
        CaseStatus::FirRegistered => "the FIR is registered".to_owned(),
        CaseStatus::UnderInvestigation => "under investigation".to_owned(),
        CaseStatus::Recovered => "the child has been recovered".to_owned(),
        // Such news is not given by SMS.
        CaseStatus::FoundDeceased => format!("please call the {helpline} helpline about this case"),
        CaseStatus::Closed => "the case is closed".to_owned(),
    }
}

fn urdu(status: CaseStatus, helpline: &str) -> String {
    match status {
        CaseStatus::Reported => "درج ہو گیا، پولیس کی کارروائی کا انتظار ہے".to_owned(),
        CaseStatus::Acknowledged => "پولیس نے کیس سنبھال لیا ہے".to_owned(),
        CaseStatus::ReporterContacted => "پولیس نے اطلاع دینے والے سے بات کر لی ہے".to_owned(),
        CaseStatus::FirRegistered => "ایف آئی آر درج ہو گئی ہے".to_owned(),
        CaseStatus::UnderInvestigation => "زیر تفتیش".to_owned(),
        CaseStatus::Recovered => "بچہ بازیاب ہو گیا ہے".to_owned(),
        CaseStatus::FoundDeceased => {
            format!("براہ کرم اس کیس کے بارے میں {helpline} ہیلپ لائن پر کال کریں")
        }
        CaseStatus::Closed => "کیس بند ہو گیا ہے".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::sms::{Encoding, size};

    #[test]
    fn english_answers_fit_the_gsm_alphabet_and_urdu_ones_go_as_ucs2() {
        let english = draft_opened(Language::English, "SMS-ABC234", "1099");
        assert_eq!(size(&english).encoding, Encoding::Gsm7, "{english}");
        assert_eq!(size(&english).segments, 2);
        let urdu = draft_opened(Language::Urdu, "SMS-ABC234", "1099");
        assert_eq!(size(&urdu).encoding, Encoding::Ucs2);
        for status in [
            CaseStatus::Reported,
            CaseStatus::FirRegistered,
            CaseStatus::Closed,
        ] {
            let text = super::status(Language::English, "ZA-2026-000001", status, "1099");
            assert_eq!(size(&text).encoding, Encoding::Gsm7, "{text}");
            assert_eq!(size(&text).segments, 1, "{text}");
        }
    }
}
