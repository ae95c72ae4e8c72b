//! English and Urdu. Urdu pages run right to left in a Nastaliq font.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    Ur,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ur => "ur",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ur => "rtl",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ur,
            Lang::Ur => Lang::En,
        }
    }

    /// The name of the language, in itself, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ur => "اردو",
        }
    }

    /// The text for `key`; the key itself when it has no entry, so that a
    /// missing string shows rather than vanishes.
    pub fn t(self, key: &'static str) -> &'static str {
        match STRINGS.iter().find(|(k, _, _)| *k == key) {
            Some((_, en, ur)) => match self {
                Lang::En => en,
                Lang::Ur => ur,
            },
            None => key,
        }
    }
}

/// Sets `lang` and `dir` on the document, so the whole page turns.
pub fn apply_to_document(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
        let _ = root.set_attribute("dir", lang.dir());
    }
}

const STRINGS: &[(&str, &str, &str)] = &[
    ("app", "Zainab Alert", "زینب الرٹ"),
    ("skip", "Skip to content", "مواد پر جائیں"),
    ("switch_lang", "Language", "زبان"),
    ("login", "Sign in", "سائن ان"),
    ("logout", "Sign out", "سائن آؤٹ"),
    ("signup", "Create a citizen account", "شہری اکاؤنٹ بنائیں"),
    (
        "username",
        "Username or mobile number",
        "صارف نام یا موبائل نمبر",
    ),
    ("password", "Password", "پاس ورڈ"),
    ("name", "Full name", "پورا نام"),
    ("phone", "Mobile number", "موبائل نمبر"),
    ("queue", "Case queue", "کیسوں کی فہرست"),
    ("notifications", "Notifications", "اطلاعات"),
    ("report", "Report a missing child", "گمشدہ بچے کی اطلاع دیں"),
    ("my_cases", "My reports", "میری رپورٹیں"),
    ("intake", "Assisted intake", "معاونت سے اندراج"),
    ("track", "Track a case", "کیس کی پیروی"),
    ("register", "Missing children", "گمشدہ بچے"),
    ("oversight", "Oversight", "نگرانی"),
    ("admin", "Administration", "انتظامیہ"),
    (
        "home_intro",
        "Report, route and trace missing children across Pakistan.",
        "پاکستان بھر میں گمشدہ بچوں کی اطلاع، رہنمائی اور تلاش۔",
    ),
    ("loading", "Loading…", "لوڈ ہو رہا ہے…"),
    ("live", "Live", "براہ راست"),
    ("offline", "Reconnecting…", "دوبارہ جڑ رہا ہے…"),
    ("case_number", "Case number", "کیس نمبر"),
    ("tracking_code", "Tracking code", "ٹریکنگ کوڈ"),
    ("status", "Status", "حیثیت"),
    ("child", "Child", "بچہ"),
    ("district", "District", "ضلع"),
    ("province", "Province", "صوبہ"),
    ("reported", "Reported", "اطلاع"),
    ("deadline", "Next deadline", "اگلی آخری تاریخ"),
    ("left", "left", "باقی"),
    ("overdue", "overdue", "تاخیر"),
    (
        "none_open",
        "No open cases in your scope.",
        "آپ کے دائرے میں کوئی کھلا کیس نہیں۔",
    ),
    ("open", "Open", "کھولیں"),
    ("timeline", "Timeline", "واقعات"),
    ("actions", "Actions", "اقدامات"),
    ("note", "Note", "نوٹ"),
    (
        "note_visible",
        "Show this note to the reporter",
        "یہ نوٹ اطلاع دہندہ کو دکھائیں",
    ),
    ("ACKNOWLEDGE", "Acknowledge", "وصولی تسلیم کریں"),
    (
        "RECORD_REPORTER_CONTACT",
        "Record contact with the reporter",
        "اطلاع دہندہ سے رابطہ درج کریں",
    ),
    ("REGISTER_FIR", "Register the FIR", "ایف آئی آر درج کریں"),
    (
        "START_INVESTIGATION",
        "Start the investigation",
        "تفتیش شروع کریں",
    ),
    ("MARK_RECOVERED", "Mark recovered", "بازیاب قرار دیں"),
    (
        "MARK_FOUND_DECEASED",
        "Mark found deceased",
        "مردہ حالت میں ملا",
    ),
    ("CLOSE", "Close the case", "کیس بند کریں"),
    ("WITHDRAW", "Withdraw the report", "رپورٹ واپس لیں"),
    ("REOPEN", "Reopen", "دوبارہ کھولیں"),
    ("TRANSFER", "Transfer", "منتقل کریں"),
    ("ADD_NOTE", "Add a note", "نوٹ شامل کریں"),
    (
        "ADD_REPORTER_NOTE",
        "Write to the reporter",
        "اطلاع دہندہ کے لیے نوٹ",
    ),
    ("REPORTED", "Reported", "اطلاع موصول"),
    ("ACKNOWLEDGED", "Acknowledged", "تسلیم شدہ"),
    (
        "REPORTER_CONTACTED",
        "Reporter contacted",
        "اطلاع دہندہ سے رابطہ",
    ),
    ("FIR_REGISTERED", "FIR registered", "ایف آئی آر درج"),
    ("UNDER_INVESTIGATION", "Under investigation", "زیر تفتیش"),
    ("RECOVERED", "Recovered", "بازیاب"),
    ("FOUND_DECEASED", "Found deceased", "مردہ حالت میں ملا"),
    ("CLOSED", "Closed", "بند"),
    ("MISSING", "Missing", "لاپتہ"),
    ("FOUND", "Found", "مل گیا"),
    ("fir_number", "FIR number", "ایف آئی آر نمبر"),
    ("police_station", "Police station", "تھانہ"),
    ("fir_date", "FIR date", "ایف آئی آر کی تاریخ"),
    ("reason", "Reason", "وجہ"),
    ("to_district", "To district", "ضلع جس میں منتقل کریں"),
    ("submit", "Submit", "جمع کریں"),
    ("save", "Save", "محفوظ کریں"),
    ("search", "Search", "تلاش کریں"),
    ("kind", "Kind of case", "کیس کی قسم"),
    ("MISSING_CHILD", "Missing child", "گمشدہ بچہ"),
    ("ABDUCTION", "Abduction", "اغوا"),
    ("CHILD_ABUSE", "Child abuse", "بچے سے زیادتی"),
    ("child_name", "Child's name", "بچے کا نام"),
    ("sex", "Sex", "جنس"),
    ("FEMALE", "Female", "لڑکی"),
    ("MALE", "Male", "لڑکا"),
    ("OTHER", "Other", "دیگر"),
    ("UNKNOWN", "Unknown", "نامعلوم"),
    ("age", "Age in years", "عمر (سال)"),
    ("height", "Height in cm", "قد (سینٹی میٹر)"),
    ("clothing", "Clothing", "لباس"),
    ("marks", "Distinguishing marks", "شناختی نشانات"),
    (
        "last_seen_place",
        "Place last seen",
        "آخری بار کہاں دیکھا گیا",
    ),
    (
        "last_seen_at",
        "When last seen (Pakistan time)",
        "آخری بار کب دیکھا گیا (پاکستانی وقت)",
    ),
    ("circumstances", "What happened", "کیا ہوا"),
    ("reporter", "Reporter", "اطلاع دہندہ"),
    ("reporter_name", "Reporter's name", "اطلاع دہندہ کا نام"),
    ("relation", "Relation to the child", "بچے سے رشتہ"),
    (
        "reporter_phone",
        "Reporter's mobile number",
        "اطلاع دہندہ کا موبائل نمبر",
    ),
    ("cnic", "Reporter's CNIC", "اطلاع دہندہ کا شناختی کارڈ نمبر"),
    (
        "consent",
        "The family agrees to publish the child on the public register",
        "خاندان بچے کو عوامی رجسٹر پر شائع کرنے پر رضامند ہے",
    ),
    ("file", "File the report", "رپورٹ درج کریں"),
    ("receipt", "Receipt", "رسید"),
    (
        "receipt_note",
        "Keep the tracking code: it is shown only once and lets you follow the case.",
        "ٹریکنگ کوڈ محفوظ رکھیں: یہ صرف ایک بار دکھایا جاتا ہے۔",
    ),
    ("print", "Print the receipt", "رسید پرنٹ کریں"),
    ("follow", "Follow this case", "اس کیس کی پیروی کریں"),
    (
        "new_report",
        "File another report",
        "ایک اور رپورٹ درج کریں",
    ),
    ("updates", "Updates", "تازہ معلومات"),
    (
        "no_updates",
        "No updates yet.",
        "ابھی کوئی تازہ معلومات نہیں۔",
    ),
    ("age_range", "Age", "عمر"),
    ("age_min", "Youngest age", "کم از کم عمر"),
    ("age_max", "Oldest age", "زیادہ سے زیادہ عمر"),
    ("any", "Any", "کوئی بھی"),
    ("no_results", "No children match.", "کوئی بچہ نہیں ملا۔"),
    ("last_seen_on", "Last seen on", "آخری بار دیکھا گیا"),
    ("share", "Share", "شیئر کریں"),
    ("copy_link", "Copy the link", "لنک کاپی کریں"),
    ("copied", "Link copied", "لنک کاپی ہو گیا"),
    ("helpline", "Helpline", "ہیلپ لائن"),
    ("sighting", "I saw this child", "میں نے یہ بچہ دیکھا"),
    ("seen_at", "When (Pakistan time)", "کب (پاکستانی وقت)"),
    ("seen_place", "Where", "کہاں"),
    ("description", "What you saw", "آپ نے کیا دیکھا"),
    (
        "contact_name",
        "Your name (optional)",
        "آپ کا نام (اختیاری)",
    ),
    (
        "contact_phone",
        "Your mobile number (optional)",
        "آپ کا موبائل نمبر (اختیاری)",
    ),
    (
        "sighting_sent",
        "Thank you. The police have your sighting.",
        "شکریہ۔ پولیس کو آپ کی اطلاع مل گئی ہے۔",
    ),
    ("photos", "Photos", "تصاویر"),
    ("map", "Map", "نقشہ"),
    ("sightings", "Sightings", "دیکھے جانے کی اطلاعات"),
    ("from_month", "From month", "ابتدائی مہینہ"),
    ("to_month", "To month", "آخری مہینہ"),
    ("cases", "Cases", "کیس"),
    ("breaches", "Missed deadlines", "گزری ہوئی آخری تاریخیں"),
    (
        "compliance",
        "Deadline compliance",
        "آخری تاریخوں کی پابندی",
    ),
    ("exports", "Exports", "برآمدات"),
    ("audit", "Audit log", "آڈٹ لاگ"),
    ("users", "Users", "صارفین"),
    ("create_user", "Create a user", "صارف بنائیں"),
    ("role", "Role", "کردار"),
    ("duty", "On duty", "ڈیوٹی پر"),
    ("active", "Active", "فعال"),
    (
        "initial_password",
        "Initial password (shown once)",
        "ابتدائی پاس ورڈ (ایک بار)",
    ),
    ("mark_read", "Mark all read", "سب پڑھا ہوا"),
    (
        "not_found",
        "This page does not exist.",
        "یہ صفحہ موجود نہیں۔",
    ),
    (
        "sign_in_needed",
        "Sign in to see this page.",
        "یہ صفحہ دیکھنے کے لیے سائن ان کریں۔",
    ),
    (
        "forbidden",
        "Your role cannot see this page.",
        "آپ کا کردار یہ صفحہ نہیں دیکھ سکتا۔",
    ),
    (
        "mismatch",
        "The coordinates point nearer another district",
        "نقاط کسی اور ضلع کے قریب ہیں",
    ),
    ("reporter_contact", "Reporter", "اطلاع دہندہ"),
    ("fir", "FIR", "ایف آئی آر"),
    ("DUPLICATE", "Duplicate", "دہرا"),
    ("FALSE_REPORT", "False report", "جھوٹی اطلاع"),
    ("WITHDRAWN", "Withdrawn", "واپس لی گئی"),
    ("FILED", "Filed", "درج"),
    ("STATUS_CHANGED", "Status changed", "حیثیت تبدیل"),
    ("NOTE", "Note", "نوٹ"),
    ("TRANSFERRED", "Transferred", "منتقل"),
    ("REOPENED", "Reopened", "دوبارہ کھولا گیا"),
    ("ESCALATED", "Escalated", "اوپر بھیجا گیا"),
    ("PHOTO_ADDED", "Photo added", "تصویر شامل"),
    ("PHOTO_REMOVED", "Photo removed", "تصویر ہٹا دی"),
    ("PUBLISHED", "Published on the register", "رجسٹر پر شائع"),
    ("UNPUBLISHED", "Taken off the register", "رجسٹر سے ہٹا دیا"),
    ("SIGHTING", "Sighting reported", "دیکھے جانے کی اطلاع"),
    ("SIGHTING_ASSESSED", "Sighting assessed", "اطلاع کا جائزہ"),
    ("CASE_FILED", "Case filed", "کیس درج"),
    ("TRANSFERRED_IN", "Transferred in", "منتقل ہو کر آیا"),
    ("TRANSFERRED_AWAY", "Transferred away", "منتقل کر دیا گیا"),
    ("ACKNOWLEDGE_DL", "Acknowledge", "تسلیم"),
    (
        "CONTACT_REPORTER",
        "Contact the reporter",
        "اطلاع دہندہ سے رابطہ",
    ),
    ("CONCLUDE", "Conclude", "اختتام"),
];
