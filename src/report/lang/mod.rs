//! The reports' languages: a small message catalogue in English, Arabic and Sorani
//! Kurdish (both written right to left in Arabic script). Figures, codes, hashes and file
//! names stay as they are in every language.

mod report;
mod rich;

pub use report::Say;
pub use rich::{has_rtl, isolate, Rich};

/// A language of the complaint sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Arabic (right to left).
    Ar,
    /// Sorani Kurdish, in Arabic script (right to left).
    Ku,
}

/// A message of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// Title of a sheet.
    Title,
    /// "Polling station".
    Station,
    /// "Polling centre".
    Centre,
    /// "Governorate".
    Governorate,
    /// "District".
    District,
    /// Header of the figures' first column.
    Item,
    /// "Tape".
    Tape,
    /// "Published".
    Published,
    /// "Difference".
    Difference,
    /// "Findings".
    Findings,
    /// "Tape file".
    TapeFile,
    /// "Signature status".
    SignatureStatus,
    /// The status word for a verified tape.
    Verified,
    /// The status word for a tape that does not verify.
    NotVerified,
    /// What a verified signature proves.
    ProvesVerified,
    /// The keyring was authenticated.
    KeyringAuthenticated,
    /// The keyring was not authenticated.
    KeyringNotAuthenticated,
    /// What an unverified tape does not prove.
    ProvesNothing,
    /// What the hash is for.
    HashStatement,
    /// "Tape photo".
    TapePhoto,
    /// "Tape as read".
    TapeText,
    /// "Published results".
    PublishedResults,
    /// "line".
    Line,
    /// Footer: who issued the sheet.
    IssuedBy,
    /// Turnout fields, in payload order.
    Registered,
    /// Voters checked in.
    Voters,
    /// Ballots counted.
    Ballots,
    /// Invalid ballots.
    Invalid,
    /// Valid ballots.
    Valid,
    /// "Choice".
    Choice,
    /// Above the figures of a station with several different tapes.
    TapesDisagree,
    /// What a file's hash is for, on a sheet that is not in a bundle.
    HashStatementFile,
    /// "Election".
    Election,
    /// "Observer network".
    Network,
    /// "Date of issue".
    IssuedOn,
    /// The signature block: the observer's name and signature.
    SignatureBlock,
    /// "Date", in the signature block.
    Date,
}

impl Lang {
    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Ku => "ckb",
        }
    }

    /// Whether the language is written right to left.
    pub fn rtl(self) -> bool {
        self != Lang::En
    }

    /// What separates the items of a list in a sentence: `; ` in English, the Arabic
    /// semicolon `؛ ` in Arabic and Kurdish.
    pub fn list_separator(self) -> &'static str {
        if self.rtl() {
            "\u{61B} "
        } else {
            "; "
        }
    }

    /// What separates the parts of a phrase: `, ` in English, the Arabic comma `، ` in
    /// Arabic and Kurdish.
    pub fn comma(self) -> &'static str {
        if self.rtl() {
            "\u{60C} "
        } else {
            ", "
        }
    }

    /// `ltr` or `rtl`.
    pub fn dir(self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The message in this language.
    pub fn t(self, m: Msg) -> &'static str {
        let [en, ar, ku] = text(m);
        match self {
            Lang::En => en,
            Lang::Ar => ar,
            Lang::Ku => ku,
        }
    }

    /// The label of a turnout field (`registered` … `valid`), or the field itself.
    pub fn field(self, field: &str) -> &'static str {
        match field {
            "registered" => self.t(Msg::Registered),
            "voters" => self.t(Msg::Voters),
            "ballots" => self.t(Msg::Ballots),
            "invalid" => self.t(Msg::Invalid),
            "valid" => self.t(Msg::Valid),
            _ => "",
        }
    }

    /// A tape's status (spec §5, or `missing`, `unreadable`) in words: English keeps the
    /// code, as the JSON has it; an unknown code is kept as it is.
    pub fn status(self, code: &str) -> String {
        let words: Option<[&str; 3]> = match code {
            "verified" => Some(["verified", "موثَّق", "پشتڕاستکراوە"]),
            "bad-signature" => Some(["bad-signature", "توقيع غير صالح", "واژۆی نادروست"]),
            "unknown-key" => Some(["unknown-key", "مفتاح غير معروف", "کلیلی نەناسراو"]),
            "key-revoked" => Some(["key-revoked", "مفتاح مُلغى", "کلیلی هەڵوەشاوە"]),
            "key-out-of-scope" => Some([
                "key-out-of-scope",
                "مفتاح خارج نطاقه",
                "کلیل لە دەرەوەی سنووری خۆیەتی",
            ]),
            "key-expired" => Some(["key-expired", "مفتاح منتهي الصلاحية", "کلیلی بەسەرچوو"]),
            "unsigned" => Some(["unsigned", "غير موقَّع", "واژۆنەکراو"]),
            "unreadable-signature" => Some([
                "unreadable-signature",
                "توقيع غير مقروء",
                "واژۆی نەخوێندراو",
            ]),
            "key-unauthenticated" => Some([
                "key-unauthenticated",
                "سجلّ مفاتيح غير موثَّق",
                "کلیلدانی پشتڕاستنەکراو",
            ]),
            "unproven" => Some(["unproven", "غير مُثبَت", "نەسەلمێنراو"]),
            "missing" => Some(["missing", "مفقود", "ونبوو"]),
            "unreadable" => Some(["unreadable", "غير مقروء", "نەخوێندراو"]),
            _ => None,
        };
        words.map_or(code.to_string(), |w| w[self as usize].to_string())
    }

    /// How a tape was read (`typed`, `qr`, `ocr`…) in words: English keeps the code.
    pub fn source(self, code: &str) -> String {
        let words: Option<[&str; 3]> = match code {
            "typed" => Some(["typed", "مُدخَل يدويًا", "بە دەست نووسراو"]),
            "qr-text" => Some(["qr-text", "نص رمز QR", "دەقی کۆدی QR"]),
            "qr" => Some(["qr", "رمز QR في الصورة", "کۆدی QR ی وێنە"]),
            "ocr" => Some(["ocr", "قراءة آلية للصورة", "خوێندنەوەی ئامێری وێنە"]),
            "ocr-corrected" => Some([
                "ocr-corrected",
                "قراءة آلية صحّحها التوقيع",
                "خوێندنەوەی ئامێری، واژۆ ڕاستی کردەوە",
            ]),
            "reviewed" => Some(["reviewed", "صحّحه مراقب", "چاودێر ڕاستی کردەوە"]),
            "table" => Some(["table", "جدول المراقبين", "خشتەی چاودێران"]),
            _ => None,
        };
        words.map_or(code.to_string(), |w| w[self as usize].to_string())
    }

    /// A finding kind in words (the JSON name when the catalogue has none).
    pub fn kind(self, kind: &str) -> String {
        let words: Option<[&str; 3]> = match kind {
            "vote-mismatch" => Some(["Votes differ", "اختلاف في الأصوات", "جیاوازی لە دەنگەکان"]),
            "total-mismatch" => Some([
                "Turnout figure differs",
                "اختلاف في أرقام المشاركة",
                "جیاوازی لە ژمارەی بەشداربووان",
            ]),
            "choice-missing-in-published" => Some([
                "Choice missing from the published results",
                "مرشح غائب عن النتائج المنشورة",
                "کاندید لە ئەنجامە بڵاوکراوەکاندا نییە",
            ]),
            "choice-missing-on-tape" => Some([
                "Published choice absent from the tape",
                "مرشح منشور غير موجود في الشريط",
                "کاندیدی بڵاوکراوە لە پسووڵەکەدا نییە",
            ]),
            "station-missing-in-published" => Some([
                "Station missing from the published results",
                "المحطة غائبة عن النتائج المنشورة",
                "وێستگەکە لە ئەنجامە بڵاوکراوەکاندا نییە",
            ]),
            "tape-missing" => Some([
                "No tape gathered",
                "لم يُجمع شريط",
                "هیچ پسووڵەیەک کۆنەکراوەتەوە",
            ]),
            "tape-arithmetic" => Some([
                "The tape's arithmetic is broken",
                "خطأ حسابي في الشريط",
                "هەڵەی ژمێریاری لە پسووڵەکەدا",
            ]),
            "published-arithmetic" => Some([
                "The published arithmetic is broken",
                "خطأ حسابي في النتائج المنشورة",
                "هەڵەی ژمێریاری لە ئەنجامە بڵاوکراوەکاندا",
            ]),
            "conflicting-tapes" => Some([
                "Two different tapes",
                "شريطان مختلفان",
                "دوو پسووڵەی جیاواز",
            ]),
            "published-conflict" => Some([
                "Published rows disagree",
                "تعارض في صفوف النتائج المنشورة",
                "ناکۆکی لە ڕیزە بڵاوکراوەکاندا",
            ]),
            "tape-unproven" => Some([
                "Read from a photo, not proven",
                "مقروء من صورة، غير مُثبَت",
                "لە وێنە خوێندراوەتەوە، نەسەلمێنراوە",
            ]),
            "tape-unreadable" => Some([
                "Photo could not be read",
                "تعذّرت قراءة الصورة",
                "وێنەکە نەخوێندرایەوە",
            ]),
            "identity-mismatch" => Some([
                "Governorate or district differs",
                "اختلاف المحافظة أو الدائرة",
                "جیاوازی پارێزگا یان بازنە",
            ]),
            _ => None,
        };
        let i = self as usize;
        words.map_or(kind.to_string(), |w| w[i].to_string())
    }
}

fn text(m: Msg) -> [&'static str; 3] {
    match m {
        Msg::HashStatementFile => [
            "The SHA-256 fingerprint identifies this exact file: anyone holding a copy can check that it is the file this sheet rests on.",
            "تحدد بصمة SHA-256 هذا الملف بعينه: يستطيع كل من يحمل نسخة منه أن يتحقق من أنه الملف الذي تستند إليه هذه الورقة.",
            "پەنجەمۆری SHA-256 ڕێک ئەم فایلە دیاری دەکات: هەر کەسێک کۆپییەکی هەبێت دەتوانێت بسەلمێنێت کە ئەمە ئەو فایلەیە ئەم پەڕەیە پشتی پێ دەبەستێت.",
        ],
        Msg::Election => ["Election", "الانتخابات", "هەڵبژاردن"],
        Msg::Network => ["Observer network", "شبكة المراقبة", "تۆڕی چاودێری"],
        Msg::IssuedOn => ["Date of issue", "تاريخ الإصدار", "ڕێکەوتی دەرچوون"],
        Msg::SignatureBlock => [
            "Name and signature of the observer",
            "اسم المراقب وتوقيعه",
            "ناو و واژۆی چاودێر",
        ],
        Msg::Date => ["Date", "التاريخ", "ڕێکەوت"],
        Msg::TapesDisagree => [
            "This station has more than one tape and they disagree: each is shown in its own column, beside the published figures.",
            "لهذه المحطة أكثر من شريط وهي متعارضة: يُعرض كل شريط في عمود خاص به، بجانب الأرقام المنشورة.",
            "ئەم وێستگەیە زیاتر لە پسووڵەیەکی هەیە و ناکۆکن: هەر پسووڵەیەک لە ستوونی خۆیدا نیشان دراوە، لە تەنیشت ژمارە بڵاوکراوەکان.",
        ],
        Msg::Title => ["Complaint sheet", "ورقة شكوى", "پەڕەی سکاڵا"],
        Msg::Station => ["Polling station", "محطة الاقتراع", "وێستگەی دەنگدان"],
        Msg::Centre => ["Polling centre", "مركز الاقتراع", "بنکەی دەنگدان"],
        Msg::Governorate => ["Governorate", "المحافظة", "پارێزگا"],
        Msg::District => ["District", "الدائرة الانتخابية", "بازنەی هەڵبژاردن"],
        Msg::Item => ["Item", "البند", "بڕگە"],
        Msg::Tape => ["Tape", "الشريط", "پسووڵە"],
        Msg::Published => ["Published", "المنشور", "بڵاوکراوە"],
        Msg::Difference => ["Difference", "الفرق", "جیاوازی"],
        Msg::Findings => ["Findings", "المخالفات المرصودة", "دۆزینەوەکان"],
        Msg::TapeFile => ["Tape file", "ملف الشريط", "فایلی پسووڵە"],
        Msg::SignatureStatus => ["Signature status", "حالة التوقيع", "دۆخی واژوو"],
        Msg::Verified => ["VERIFIED", "موثَّق", "پشتڕاستکراوە"],
        Msg::NotVerified => ["NOT VERIFIED", "غير موثَّق", "پشتڕاست نەکراوە"],
        Msg::ProvesVerified => [
            "The tape's digital signature was checked against the commission's device keyring: these tape figures are exactly the figures the station's results device signed when the count closed. A difference from the published figures is a difference between the commission's own device and the commission's published results.",
            "تم التحقق من التوقيع الرقمي للشريط مقابل سجل مفاتيح أجهزة المفوضية: أرقام الشريط هذه هي بالضبط الأرقام التي وقّعها جهاز النتائج في المحطة عند إغلاق العد. وأي فرق عن الأرقام المنشورة هو فرق بين جهاز المفوضية نفسه والنتائج التي نشرتها المفوضية.",
            "واژووی دیجیتاڵی پسووڵەکە بە کلیلەکانی ئامێرەکانی کۆمیسیۆن پشکنرا: ئەم ژمارانەی پسووڵە ڕێک ئەو ژمارانەن کە ئامێری ئەنجامی وێستگەکە لە کاتی داخستنی ژماردندا واژووی کردوون. هەر جیاوازییەک لەگەڵ ژمارە بڵاوکراوەکان جیاوازییە لە نێوان ئامێری خودی کۆمیسیۆن و ئەنجامە بڵاوکراوەکانی کۆمیسیۆن.",
        ],
        Msg::KeyringAuthenticated => [
            "The keyring itself was authenticated with the commission's root key.",
            "وقد تم التحقق من سجل المفاتيح نفسه بمفتاح المفوضية الجذري.",
            "کلیلدانەکەش خۆی بە کلیلی ڕەگی کۆمیسیۆن پشتڕاستکراوەتەوە.",
        ],
        Msg::KeyringNotAuthenticated => [
            "WARNING: the keyring was not authenticated with the commission's root key when this report was made: check it with tally bundle check --root-key.",
            "تحذير: لم يتم التحقق من سجل المفاتيح بمفتاح المفوضية الجذري عند إعداد هذا التقرير: تحقق منه بالأمر tally bundle check --root-key.",
            "ئاگاداری: لە کاتی ئامادەکردنی ئەم ڕاپۆرتەدا کلیلدانەکە بە کلیلی ڕەگی کۆمیسیۆن پشتڕاست نەکرایەوە: بە tally bundle check --root-key بیپشکنە.",
        ],
        Msg::ProvesNothing => [
            "This tape's signature is NOT verified: the tape figures are what the observer read from the tape, but nothing proves that the station's device printed them. They support a request to produce the original tape; they are not proof.",
            "توقيع هذا الشريط غير موثَّق: أرقام الشريط هي ما قرأه المراقب من الشريط، لكن لا شيء يثبت أن جهاز المحطة طبعها. إنها تدعم طلب إبراز الشريط الأصلي، ولا تشكّل دليلاً.",
            "واژووی ئەم پسووڵەیە پشتڕاست نەکراوەتەوە: ژمارەکانی پسووڵە ئەوەن کە چاودێر لە پسووڵەکەی خوێندۆتەوە، بەڵام هیچ شتێک ناسەلمێنێت کە ئامێری وێستگەکە چاپی کردوون. پشتگیری داواکردنی پسووڵە ڕەسەنەکە دەکەن، بەڵام بەڵگە نین.",
        ],
        Msg::HashStatement => [
            "The SHA-256 fingerprint identifies this exact file in the evidence bundle, whose MANIFEST is signed by the observer network.",
            "تحدد بصمة SHA-256 هذا الملف بعينه في حزمة الأدلة، التي وقّعت شبكة المراقبين ملف MANIFEST الخاص بها.",
            "پەنجەمۆری SHA-256 ڕێک ئەم فایلە لە بەستەی بەڵگەکاندا دیاری دەکات، کە MANIFEST ـەکەی تۆڕی چاودێران واژووی کردووە.",
        ],
        Msg::TapePhoto => ["Photo of the tape", "صورة الشريط", "وێنەی پسووڵە"],
        Msg::TapeText => ["The tape as read", "نص الشريط كما قُرئ", "دەقی پسووڵە وەک خوێندرایەوە"],
        Msg::PublishedResults => ["Published results", "النتائج المنشورة", "ئەنجامە بڵاوکراوەکان"],
        Msg::Line => ["line", "السطر", "دێڕی"],
        Msg::IssuedBy => [
            "Issued by the observer network with tally",
            "صادر عن شبكة المراقبين بواسطة tally",
            "لەلایەن تۆڕی چاودێرانەوە بە tally دەرچووە",
        ],
        Msg::Registered => ["Registered voters", "الناخبون المسجلون", "دەنگدەرانی تۆمارکراو"],
        Msg::Voters => ["Voters checked in", "المقترعون", "دەنگدەرانی ئامادەبوو"],
        Msg::Ballots => ["Ballots counted", "أوراق الاقتراع المعدودة", "دەنگە ژمێردراوەکان"],
        Msg::Invalid => ["Invalid ballots", "الأوراق الباطلة", "دەنگە پووچەڵەکان"],
        Msg::Valid => ["Valid ballots", "الأوراق الصحيحة", "دەنگە دروستەکان"],
        Msg::Choice => ["Choice", "المرشح", "کاندید"],
    }
}
