//! The reconciliation report's words in English, Arabic and Sorani Kurdish: headings, the
//! summary's counts, column heads and the sentences of finding details (`{0}`, `{1}`… are
//! values, set left to right by [`super::Rich`]). A flat list, one entry per phrase.

use super::Lang;

/// A phrase of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Say {
    ReportTitle,
    MadeBy,
    Summary,
    KeyringAuthenticated,
    KeyringNotAuthenticated,
    NoKeyring,
    PublishedStations,
    WithTape,
    WithVerifiedTape,
    MatchingVerified,
    MatchingNotProven,
    WithFindings,
    UnprovenStations,
    UnreadableStations,
    WithoutTape,
    ShiftVerified,
    ShiftNotProven,
    ShiftNone,
    Votes,
    FindingsByKind,
    Count,
    ByGovernorate,
    Coverage,
    CoverageVerified,
    NetShift,
    Unknown,
    StationsWithFindings,
    NoDiscrepancy,
    ToCheck,
    ToCheckIntro,
    StationsNoTape,
    Inputs,
    File,
    Kind,
    Outcome,
    Reason,
    Severity,
    Finding,
    About,
    Details,
    RestsOnVerified,
    RestsOnNotProven,
    RestsOnPublished,
    TapeFileIs,
    Status,
    TapesAccepted,
    Rejected,
    Accepted,
    PublishedRow,
    LeftOut,
    IgnoredColumns,
    EmptyRows,
    // Finding details.
    DetailFigures,
    DetailMissingInPublished,
    DetailMissingOnTape,
    DetailStationUnpublished,
    DetailTapeMissing,
    DetailConflicting,
    DetailConflictingSigned,
    DetailPublishedConflict,
    DetailUnproven,
    DetailUnprovenUnpublished,
    DetailUnprovenDiffers,
    DetailUnreadable,
    SumOfChoices,
    ProvenDiffer,
    AlsoWithFindings,
    TapeFailsVerification,
    TwoSignedCounts,
    MissingInPublished,
    PublishedContradicts,
    DiffersNotProven,
    OtherDiscrepancy,
    Unattributed,
    UnattributedIntro,
    ReadAs,
}

impl Lang {
    /// The phrase in this language.
    pub fn say(self, s: Say) -> &'static str {
        let [en, ar, ku] = phrase(s);
        match self {
            Lang::En => en,
            Lang::Ar => ar,
            Lang::Ku => ku,
        }
    }

    /// A severity in words.
    pub fn severity(self, severity: &str) -> &'static str {
        let w: [&'static str; 3] = match severity {
            "critical" => ["critical", "حرجة", "زۆر مەترسیدار"],
            "high" => ["high", "عالية", "بەرز"],
            "medium" => ["medium", "متوسطة", "مامناوەند"],
            "low" => ["low", "منخفضة", "نزم"],
            _ => ["info", "للعلم", "بۆ زانین"],
        };
        w[self as usize]
    }
}

fn phrase(s: Say) -> [&'static str; 3] {
    match s {
        Say::ReportTitle => ["Reconciliation report", "تقرير مطابقة النتائج", "ڕاپۆرتی بەراوردکردنی ئەنجامەکان"],
        Say::MadeBy => [
            "Made by tally {0} from the files listed below; every figure can be checked against its tape file and hash.",
            "أعدّه tally {0} من الملفات المدرجة أدناه؛ ويمكن التحقق من كل رقم مقابل ملف الشريط وبصمته.",
            "بە tally {0} لە فایلە ڕیزکراوەکانی خوارەوە دروستکراوە؛ هەر ژمارەیەک دەتوانرێت لەگەڵ فایلی پسووڵەکەی و پەنجەمۆرەکەی بپشکنرێت.",
        ],
        Say::Summary => ["Summary", "الملخص", "کورتە"],
        Say::KeyringAuthenticated => [
            "Device keyring {0} authenticated by the commission's root key {1}.",
            "سجل مفاتيح الأجهزة {0} موثَّق بمفتاح المفوضية الجذري {1}.",
            "کلیلدانی ئامێرەکان {0} بە کلیلی ڕەگی کۆمیسیۆن {1} پشتڕاستکراوەتەوە.",
        ],
        Say::KeyringNotAuthenticated => [
            "The device keyring {0} is NOT authenticated (no --root-key): nothing proves its keys are the commission's, so no tape is verified and no figure is proven.",
            "سجل مفاتيح الأجهزة {0} غير موثَّق (لم يُعطَ --root-key): لا شيء يثبت أن مفاتيحه للمفوضية، فلا شريط موثَّق ولا رقم مُثبَت.",
            "کلیلدانی ئامێرەکان {0} پشتڕاست نەکراوەتەوە (--root-key نەدراوە): هیچ شتێک ناسەلمێنێت کە کلیلەکانی هی کۆمیسیۆنن، بۆیە هیچ پسووڵەیەک پشتڕاست نەکراوەتەوە و هیچ ژمارەیەک نەسەلمێنراوە.",
        ],
        Say::NoKeyring => [
            "No keyring was given: no tape is verified, no figure is proven.",
            "لم يُعطَ سجل مفاتيح: لا شريط موثَّق ولا رقم مُثبَت.",
            "هیچ کلیلدانێک نەدراوە: هیچ پسووڵەیەک پشتڕاست نەکراوەتەوە و هیچ ژمارەیەک نەسەلمێنراوە.",
        ],
        Say::PublishedStations => ["published stations", "المحطات المنشورة", "وێستگە بڵاوکراوەکان"],
        Say::WithTape => ["with a tape", "لها شريط", "پسووڵەیان هەیە"],
        Say::WithVerifiedTape => ["with a verified tape", "لها شريط موثَّق", "پسووڵەی پشتڕاستکراوەیان هەیە"],
        Say::MatchingVerified => ["match, on a verified tape", "متطابقة، بشريط موثَّق", "یەکدەگرنەوە، بە پسووڵەی پشتڕاستکراوە"],
        Say::MatchingNotProven => ["match, on a tape not proven", "متطابقة، بشريط غير مُثبَت", "یەکدەگرنەوە، بە پسووڵەی نەسەلمێنراو"],
        Say::WithFindings => ["with findings", "فيها مخالفات", "دۆزینەوەیان تێدایە"],
        Say::UnprovenStations => ["read from a photo, not proven", "مقروءة من صورة، غير مُثبَتة", "لە وێنە خوێندراونەتەوە، نەسەلمێنراون"],
        Say::UnreadableStations => ["photo could not be read", "تعذّرت قراءة الصورة", "وێنەکە نەخوێندرایەوە"],
        Say::WithoutTape => ["no tape gathered", "لم يُجمع شريط", "هیچ پسووڵەیەک کۆنەکراوەتەوە"],
        Say::ShiftVerified => [
            "Net vote shift: published minus verified tapes, largest gain first",
            "صافي تحوّل الأصوات: المنشور ناقص الأشرطة الموثَّقة، الأكبر ربحاً أولاً",
            "گۆڕانی پوختەی دەنگەکان: بڵاوکراوە کەمکراوە لە پسووڵە پشتڕاستکراوەکان، گەورەترین قازانج یەکەم",
        ],
        Say::ShiftNotProven => [
            "Net vote shift over tapes that are NOT proven (unproven photo readings left out)",
            "صافي تحوّل الأصوات في أشرطة غير مُثبَتة (دون قراءات الصور غير المُثبَتة)",
            "گۆڕانی پوختەی دەنگەکان لە پسووڵە نەسەلمێنراوەکاندا (بەبێ خوێندنەوەی نەسەلمێنراوی وێنەکان)",
        ],
        Say::ShiftNone => [
            "No vote moved between verified tapes and the published results.",
            "لم يتحرك أي صوت بين الأشرطة الموثَّقة والنتائج المنشورة.",
            "هیچ دەنگێک لە نێوان پسووڵە پشتڕاستکراوەکان و ئەنجامە بڵاوکراوەکاندا نەجووڵاوە.",
        ],
        Say::Votes => ["votes", "الأصوات", "دەنگەکان"],
        Say::FindingsByKind => ["Findings by kind", "المخالفات حسب النوع", "دۆزینەوەکان بەپێی جۆر"],
        Say::Count => ["count", "العدد", "ژمارە"],
        Say::ByGovernorate => [
            "By governorate (shaded by the share of stations with findings)",
            "حسب المحافظة (التظليل بحسب نسبة المحطات التي فيها مخالفات)",
            "بەپێی پارێزگا (ڕەنگ بەپێی ڕێژەی ئەو وێستگانەی دۆزینەوەیان تێدایە)",
        ],
        Say::Coverage => ["coverage", "التغطية", "ڕووماڵ"],
        Say::CoverageVerified => ["verified coverage", "التغطية الموثَّقة", "ڕووماڵی پشتڕاستکراوە"],
        Say::NetShift => ["net shift (verified)", "صافي التحوّل (موثَّق)", "گۆڕانی پوختە (پشتڕاستکراوە)"],
        Say::Unknown => ["unknown", "غير معروفة", "نەزانراو"],
        Say::StationsWithFindings => [
            "Stations with findings, most severe first",
            "المحطات التي فيها مخالفات، الأخطر أولاً",
            "ئەو وێستگانەی دۆزینەوەیان تێدایە، مەترسیدارترین یەکەم",
        ],
        Say::NoDiscrepancy => ["No discrepancy was found.", "لم تُرصد أي مخالفة.", "هیچ جیاوازییەک نەدۆزرایەوە."],
        Say::ToCheck => ["Photos to check", "صور يجب التحقق منها", "وێنەکان بۆ پشکنین"],
        Say::ToCheckIntro => [
            "Readings nothing proves and photos that could not be read: none of them counts as a discrepancy. Check each with tally review PHOTO.",
            "قراءات لا يثبتها شيء وصور تعذّرت قراءتها: لا يُحسب أيٌّ منها مخالفة. تحقق من كل منها بالأمر tally review PHOTO.",
            "خوێندنەوەی نەسەلمێنراو و وێنەی نەخوێندراو: هیچیان وەک جیاوازی ناژمێردرێن. هەریەکەیان بە tally review PHOTO بپشکنە.",
        ],
        Say::StationsNoTape => [
            "{0} published stations have no tape gathered (listed in the JSON and CSV reports).",
            "{0} من المحطات المنشورة لم يُجمع لها شريط (مدرجة في تقريري JSON وCSV).",
            "{0} وێستگەی بڵاوکراوە هیچ پسووڵەیەکیان بۆ کۆنەکراوەتەوە (لە ڕاپۆرتەکانی JSON و CSV دا هەن).",
        ],
        Say::Inputs => ["Inputs", "الملفات المستخدمة", "فایلە بەکارهاتووەکان"],
        Say::File => ["file", "الملف", "فایل"],
        Say::Kind => ["kind", "النوع", "جۆر"],
        Say::Outcome => ["outcome", "النتيجة", "ئەنجام"],
        Say::Reason => ["reason", "السبب", "هۆکار"],
        Say::Severity => ["severity", "الخطورة", "قورسایی"],
        Say::Finding => ["finding", "المخالفة", "دۆزینەوە"],
        Say::About => ["about", "البند", "بڕگە"],
        Say::Details => ["details", "التفاصيل", "وردەکاری"],
        Say::RestsOnVerified => ["rests on a verified tape", "يستند إلى شريط موثَّق", "پشت بە پسووڵەیەکی پشتڕاستکراوە دەبەستێت"],
        Say::RestsOnNotProven => [
            "rests on a tape that is NOT proven ({0})",
            "يستند إلى شريط غير مُثبَت ({0})",
            "پشت بە پسووڵەیەکی نەسەلمێنراو دەبەستێت ({0})",
        ],
        Say::RestsOnPublished => [
            "rests on the published figures alone",
            "يستند إلى الأرقام المنشورة وحدها",
            "تەنها پشت بە ژمارە بڵاوکراوەکان دەبەستێت",
        ],
        Say::TapeFileIs => ["Tape file {0} ({1}), status {2}", "ملف الشريط {0} ({1})، الحالة {2}", "فایلی پسووڵە {0} ({1})، دۆخ {2}"],
        Say::Status => ["status", "الحالة", "دۆخ"],
        Say::TapesAccepted => [
            "{0} tape files accepted (each listed with its hash in the JSON report).",
            "قُبل {0} من ملفات الأشرطة (كلٌّ منها مدرج مع بصمته في تقرير JSON).",
            "{0} فایلی پسووڵە وەرگیران (هەریەکەیان لەگەڵ پەنجەمۆرەکەی لە ڕاپۆرتی JSON دا هەیە).",
        ],
        Say::Rejected => ["rejected", "مرفوض", "ڕەتکراوە"],
        Say::Accepted => ["accepted", "مقبول", "وەرگیراو"],
        Say::PublishedRow => ["published row", "صف منشور", "ڕیزی بڵاوکراوە"],
        Say::LeftOut => ["left out by the layout", "مستبعد بملف التخطيط", "لابراو بە فایلی ڕێکخستن"],
        Say::IgnoredColumns => ["columns not read", "أعمدة لم تُقرأ", "ستوونە نەخوێندراوەکان"],
        Say::EmptyRows => ["entirely empty rows, not read", "صفوف فارغة تماماً، لم تُقرأ", "ڕیزی تەواو بەتاڵ، نەخوێندراوە"],
        Say::DetailFigures => ["{0}: tape {1}, published {2}", "{0}: الشريط {1}، المنشور {2}", "{0}: پسووڵە {1}، بڵاوکراوە {2}"],
        Say::DetailMissingInPublished => [
            "{0} has {1} votes on the tape and is not in the published results",
            "{0} له {1} صوتاً في الشريط وغير موجود في النتائج المنشورة",
            "{0} {1} دەنگی لە پسووڵەکەدا هەیە و لە ئەنجامە بڵاوکراوەکاندا نییە",
        ],
        Say::DetailMissingOnTape => [
            "{0} has {1} published votes and is not on the tape",
            "{0} له {1} صوتاً منشوراً وغير موجود في الشريط",
            "{0} {1} دەنگی بڵاوکراوەی هەیە و لە پسووڵەکەدا نییە",
        ],
        Say::DetailStationUnpublished => [
            "the tape's station is not in the published results",
            "محطة الشريط غير موجودة في النتائج المنشورة",
            "وێستگەی پسووڵەکە لە ئەنجامە بڵاوکراوەکاندا نییە",
        ],
        Say::DetailTapeMissing => [
            "published, but no tape was gathered for this station",
            "منشورة، لكن لم يُجمع شريط لهذه المحطة",
            "بڵاوکراوەتەوە، بەڵام هیچ پسووڵەیەک بۆ ئەم وێستگەیە کۆنەکراوەتەوە",
        ],
        Say::DetailConflicting => [
            "{0} different tapes, different figures were gathered: {1}",
            "{0} أشرطة مختلفة، جُمعت أرقام مختلفة: {1}",
            "{0} پسووڵەی جیاواز، ژمارەی جیاواز کۆکراونەتەوە: {1}",
        ],
        Say::DetailConflictingSigned => [
            "{0} different tapes, the device signed two different counts: {1}",
            "{0} أشرطة مختلفة، وقّع الجهاز عدّين مختلفين: {1}",
            "{0} پسووڵەی جیاواز، ئامێرەکە دوو ژماردنی جیاوازی واژوو کردووە: {1}",
        ],
        Say::DetailPublishedConflict => [
            "{0}: {1} on line {2}, {3} on line {4}",
            "{0}: {1} في السطر {2}، و{3} في السطر {4}",
            "{0}: {1} لە دێڕی {2}، {3} لە دێڕی {4}",
        ],
        Say::DetailUnproven => [
            "read from a photo and not proven: check it with `tally review {0}`; as read, it agrees with the published figures",
            "قُرئ من صورة وغير مُثبَت: تحقق منه بالأمر tally review {0}؛ وكما قُرئ يطابق الأرقام المنشورة",
            "لە وێنە خوێندراوەتەوە و نەسەلمێنراوە: بە tally review {0} بیپشکنە؛ وەک خوێندرایەوە لەگەڵ ژمارە بڵاوکراوەکان یەکدەگرێتەوە",
        ],
        Say::DetailUnprovenDiffers => [
            "read from a photo and not proven: check it with `tally review {0}`; {1} figures as read differ from the published figures",
            "قُرئ من صورة وغير مُثبَت: تحقق منه بالأمر tally review {0}؛ وكما قُرئ يختلف في {1} من الأرقام عن المنشور",
            "لە وێنە خوێندراوەتەوە و نەسەلمێنراوە: بە tally review {0} بیپشکنە؛ وەک خوێندرایەوە {1} ژمارە لە بڵاوکراوەکان جیاوازن",
        ],
        Say::DetailUnprovenUnpublished => [
            "read from a photo and not proven: check it with `tally review {0}`; the station as read is not in the published results (it may be misread)",
            "قُرئ من صورة وغير مُثبَت: تحقق منه بالأمر tally review {0}؛ والمحطة كما قُرئت غير موجودة في النتائج المنشورة (قد تكون قُرئت خطأً)",
            "لە وێنە خوێندراوەتەوە و نەسەلمێنراوە: بە tally review {0} بیپشکنە؛ وێستگەکە وەک خوێندرایەوە لە ئەنجامە بڵاوکراوەکاندا نییە (لەوانەیە هەڵە خوێندرابێتەوە)",
        ],
        Say::DetailUnreadable => [
            "a photo was gathered for this station but could not be read: {0}",
            "جُمعت صورة لهذه المحطة لكن تعذّرت قراءتها: {0}",
            "وێنەیەک بۆ ئەم وێستگەیە کۆکراوەتەوە بەڵام نەخوێندرایەوە: {0}",
        ],
        Say::SumOfChoices => ["sum of choice votes", "مجموع أصوات المرشحين", "کۆی دەنگی کاندیدەکان"],
        Say::ProvenDiffer => [
            "Stations proven to differ: {0} (a verified tape's figure differs from the published one)",
            "محطات ثبت اختلافها: {0} (رقمٌ في شريط موثَّق يختلف عن الرقم المنشور)",
            "وێستگەی جیاوازی سەلمێنراو: {0} (ژمارەیەکی پسووڵەیەکی پشتڕاستکراوە جیاوازە لە ژمارە بڵاوکراوەکە)",
        ],
        Say::AlsoWithFindings => [
            "Other stations with findings, none of them proven to differ",
            "محطات أخرى فيها مخالفات، لم يثبت اختلاف أيٍّ منها",
            "وێستگەی تر کە دۆزینەوەیان تێدایە، هیچیان جیاوازییان نەسەلمێنراوە",
        ],
        Say::TapeFailsVerification => [
            "tape fails verification (bad signature, or key revoked, out of scope or expired)",
            "شريط لا يجتاز التحقق (توقيع غير صالح، أو مفتاح ملغى أو خارج النطاق أو منتهي الصلاحية)",
            "پسووڵە لە پشتڕاستکردنەوە دەرناچێت (واژۆی نادروست، یان کلیلی هەڵوەشاوە، دەرەوەی سنوور یان بەسەرچوو)",
        ],
        Say::TwoSignedCounts => ["two different tapes", "شريطان مختلفان", "دوو پسووڵەی جیاواز"],
        Say::MissingInPublished => [
            "station missing from the published results",
            "محطة غائبة عن النتائج المنشورة",
            "وێستگە لە ئەنجامە بڵاوکراوەکاندا نییە",
        ],
        Say::PublishedContradicts => [
            "published figures contradict themselves",
            "الأرقام المنشورة تناقض نفسها",
            "ژمارە بڵاوکراوەکان دژی یەکترن",
        ],
        Say::DiffersNotProven => [
            "differ, on a tape that is not proven",
            "مختلفة، بشريط غير مُثبَت",
            "جیاوازن، بە پسووڵەیەکی نەسەلمێنراو",
        ],
        Say::OtherDiscrepancy => ["other findings", "مخالفات أخرى", "دۆزینەوەی تر"],
        Say::Unattributed => [
            "Readings attributed to no station",
            "قراءات لا تُنسب إلى أي محطة",
            "خوێندنەوەی بێ وێستگە",
        ],
        Say::UnattributedIntro => [
            "Photos read by OCR, nothing proving the reading, as stations that neither the published results nor any tape holds: most likely misread. They count nowhere. Check each with tally review PHOTO.",
            "صور قُرئت بالتعرّف الضوئي دون ما يثبت القراءة، على أنها محطات لا تحويها النتائج المنشورة ولا أي شريط: الأرجح أنها قُرئت خطأً. لا تُحسب في أي عدّ. تحقق من كل منها بالأمر tally review PHOTO.",
            "وێنەی خوێندراو بە OCR بێ ئەوەی هیچ شتێک خوێندنەوەکە بسەلمێنێت، وەک وێستگەیەک کە نە ئەنجامە بڵاوکراوەکان و نە هیچ پسووڵەیەک تێیدا نییە: بە ئەگەری زۆر هەڵە خوێندراونەتەوە. لە هیچ ژماردنێکدا نین. هەریەکەیان بە tally review PHOTO بپشکنە.",
        ],
        Say::ReadAs => ["read as station", "قُرئت كمحطة", "وەک وێستگە خوێندرایەوە"],
    }
}
