//! Manual pages, generated from the clap definition (clap_mangen) plus the sections clap does
//! not know: exit status, the JSON contract, files, and `tally-tape(5)` for the format.
//! `tests/cli/man.rs` fails when `man/` is stale; `make man` rewrites it.

use clap::CommandFactory as _;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use crate::cli::Cli;

/// A section of extra text: heading, then paragraphs; a paragraph starting with a space is
/// preformatted (shown as is).
type Section = (&'static str, &'static [&'static str]);

const EXIT_STATUS: Section = (
    "EXIT STATUS",
    &[
        "0: nothing found (every tape verified, no discrepancy). For tally reconcile: no station is proven to differ (findings on tapes that are not proven, forged tapes, missing stations are in the report, and make the status 1 only with --fail-on discrepancy).",
        "1: findings: a tape that does not verify, or breaks the arithmetic of a correct tape. For tally reconcile: a station is proven to differ (a verified tape, its keyring authenticated, whose figure differs from the published one): the report's headline, summary.proven_differ in JSON.",
        "2: the command could not complete: an input that is not a tape, a signature that could not be read, an unusable keyring, a bad argument. In a batch, every other input is still processed and reported; the status is decided at the end.",
        "130: interrupted (Ctrl-C). A closed output pipe is not an error (0).",
    ],
);

const ENVIRONMENT: Section = (
    "ENVIRONMENT",
    &["OMP_THREAD_LIMIT: threads per OCR engine; tally sets it to 1 (one engine per worker thread is faster) unless it is already set.", "NO_COLOR: when set and not empty, no colour (as --color never). TERM=dumb: no colour. Colour is only used on a terminal unless --color always."],
);

const KEYS_ENV: Section = (
    "ENVIRONMENT",
    &[
        "TALLY_KEY_PASSWORD: the secret key's passphrase, for scripts. Without it, the passphrase is asked on the terminal (twice for a new key); with no terminal and no TALLY_KEY_PASSWORD, the command stops (exit 2). A wrong passphrase or a damaged key file stops it too, with a message naming the file.",
    ],
);

const KEYS_FILES: Section = (
    "FILES",
    &[
        "PREFIX.key: the secret key, minisign's format (scrypt-protected by the passphrase, or without protection as minisign -W with --no-password). PREFIX.pub: the public key, minisign's format: `minisign -Vm FILE -p PREFIX.pub` verifies what the key signs. Keys made by minisign -G work with tally as they are.",
    ],
);

const BUNDLE_FILES: Section = (
    "BUNDLE",
    &[
        "A bundle is a folder or a .zip with these files (paths relative, / separated):",
        " MANIFEST                      SHA256  PATH per file (sha256sum format), sorted\n MANIFEST.minisig              minisign signature of MANIFEST by the observer key\n report/report.json            the reconcile JSON, its paths rewritten to the bundle's\n report/report.html            the HTML report\n report/findings.csv           one row per finding\n report/complaint-sheets.html  one printed page per station with findings (--lang)\n report/report.pdf             the report and the complaint sheets as PDF\n tapes/...                     every tape file or photo, relative structure kept\n published/FILE                the published results file\n keyring/keyring.csv           the device keyring, and keyring.csv.minisig",
        "Without tally, in a bundle folder: `minisign -Vm MANIFEST -p observer.pub` proves the observer network signed the MANIFEST, and `sha256sum -c MANIFEST` that every file is the one it signed. The signature's trusted comment names the bundle, the SHA-256 of report/report.json and the signing time. The untrusted comment of MANIFEST.minisig must be `signature from tally observer key` (or minisign's default): it is not covered by the signature, so tally refuses any other.",
        "report/report.json has one more field than a plain report: \"bundle\": {\"selection\": \"all\" or the options as typed, \"source_report_sha256\", \"files\": [ {\"path\", \"original_path\", \"sha256\"} ]}. With a selection, stations and inputs hold only the chosen stations and their tapes; summary stays that of the whole reconciliation.",
        "tally bundle check reads a folder without following symbolic links and a .zip in memory, never extracting it; an entry with an absolute path, a .. component, a backslash, or a symbolic link is refused and reported. It prints one line per check, `holds`, `FAILS` or `note`, naming the file or station concerned, then a verdict line.",
    ],
);

const LISTING_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 2; version 2 added the statuses key-unauthenticated and unproven). Fields are never removed or renamed within a schema version; new fields may be added. Order is deterministic: tapes in input order, folders walked in sorted order.",
        " {\n   \"schema_version\": 2,\n   \"tool_version\": \"0.1.0\",\n   \"keyring\": null | {\"path\", \"sha256\", \"authenticated\": bool,\n                       \"root_key_id\", \"trusted_comment\", \"keys\": N},\n   \"tapes\": [ {\n     \"path\": \"tapes/tape-120345-3.txt\",\n     \"sha256\": \"hex of the file's bytes\" | null,\n     \"status\": \"verified\" | \"bad-signature\" | \"unknown-key\" | \"key-revoked\"\n             | \"key-out-of-scope\" | \"key-expired\" | \"unsigned\"\n             | \"unreadable-signature\" | \"key-unauthenticated\"\n             | \"unproven\" | \"unreadable\",\n     \"reason\": \"plain words\",\n     \"line\": N | null,\n     \"source\": \"typed\" | \"qr-text\" | \"qr\" | \"ocr\" | \"ocr-corrected\" | \"reviewed\"
               | \"table\" (a row of an observers' table; line is its row),\n     \"station\": {\"center\": N, \"station\": N} | null,\n     \"device\": \"RTS-0A1B2C\" | null,\n     \"payload\": \"the exact signed bytes, as text\" | null (also when a figure is absent),
     \"absent\": [\"device\", \"closed\", \"registered\", ...] (only when the unsigned
               tape does not give them: absent is not zero),\n     \"arithmetic\": [ {\"rule\": \"valid + invalid = ballots\", \"detail\": \"...\"} ],\n     \"origin\": [ {\"field\": \"voters\", \"line\": 13} ],\n     \"photo\": absent for files that are not photos | {\n       \"engine\": \"rxing 0.9.3\" | \"zbar 0.23.92\" | \"tesseract 5.3.0 model eng\" (or the --ocr-model file and its sha256),\n       \"confidence\": [ {\"field\": \"voters\", \"confidence\": 0.0 to 1.0} ],\n       \"corrections\": [ {\"field\", \"read\", \"corrected\"} ]  (proven by the signature),\n       \"uncertain\": [ \"field that stays doubtful\" ],\n       \"printed_differs_from_qr\": [ {\"field\", \"printed\", \"signed\"} ],\n       \"ocr_text\": \"the text as OCR read it\" (when OCR ran),\n       \"review\": {\"reviewer\", \"at\"} (after tally review),\n       \"parts\": [ {\"path\", \"sha256\"} ] (a tape photographed in parts, --tape-parts: every photo read together as this input)\n     }\n   } ],\n   \"summary\": {\"inputs\": N, \"by_status\": {\"verified\": N, ...}, \"arithmetic\": N}\n }",
        "status unreadable means the file is not a tape at all (reason says why; station and payload are null). unknown-key without a keyring means no signature was checked. A tape is proven only when its status is verified, which needs a keyring authenticated by the commission's root key (--root-key): a signature that holds against a keyring nobody authenticated is key-unauthenticated. Photos (JPEG, PNG, WebP, HEIC) are read from their QR code (source qr) or, when it cannot be read, from the printed text by OCR (source ocr, or ocr-corrected when figures OCR misread were corrected and the signature then verified). An OCR reading whose signature does not verify is unproven (never bad-signature: a misreading of ours is as likely as an altered tape): its doubtful fields are listed under photo.uncertain; check it with tally review. bad-signature is kept for figures certain as given: a typed tape, a QR code, a reading a person confirmed. A printed figure that differs from the signed QR code (--cross-check) is listed under photo.printed_differs_from_qr and counts as a finding (exit 1).",
    ],
);

const RECONCILE_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 2; version 2 added the statuses key-unauthenticated and unproven, the finding kinds tape-unproven and tape-unreadable, findings' values and differences, stations' unreadable files, the counts by proof and the shifts' names, largest gain first); fields are never removed or renamed within a schema version. Stations are ranked by severity (critical, high, medium, low, info), then by the size of the differences, then by centre and station; every other list is in a fixed order.",
        " {\n   \"schema_version\": 2, \"tool_version\": \"0.1.0\",\n   \"inputs\": [ {\"path\", \"line\" (a row of an observers' table only),
                \"kind\": \"tape\"|\"published\"|\"keyring\",\n                \"outcome\": \"accepted\"|\"rejected\", \"reason\", \"sha256\",\n                \"status\": tape status or \"unreadable\" | null,\n                \"station\": {\"center\", \"station\"} | null} ],\n   \"keyring\": null | {\"path\", \"sha256\", \"authenticated\", \"root_key_id\",\n                     \"trusted_comment\", \"keys\"},\n   \"published\": {\"path\", \"sha256\", \"format\": \"csv\"|\"spreadsheet\", \"encoding\",\n                 \"layout\": \"long\"|\"wide\", \"columns\": {field: header},\n                 \"choice_columns\", \"ignored_columns\", \"rows\", \"empty_rows\",
                 \"stations\",\n                 \"rejected_rows\": [ {\"line\", \"reason\"} ],\n                 \"skipped_rows\": [ {\"line\", \"reason\"} ],\n                 \"layout_file\": null | {\"path\", \"sha256\", \"text\"}},\n   \"tapes_layout\": {\"path\", \"sha256\", \"text\"} (with --tapes-layout only: how the\n                   observers' tables were read, for a bundle's re-run),\n   \"stations\": [ {\n     \"center\", \"station\", \"governorate\", \"district\",\n     \"code\": as the published file prints it (\"0115476-02\") | null,\n     \"tape_status\": a tally-tape(5) status or \"missing\",\n     \"severity\": null | \"critical\" | \"high\" | \"medium\" | \"low\" | \"info\",\n     \"published_line\": N | null,\n     \"tapes\": [ {\"status\", \"reason\", \"payload_sha256\",\n                \"copies\": [ {\"path\", \"sha256\", \"source\", \"status\",
                             \"line\" (a row of an observers' table only)} ]} ],\n     \"findings\": [ {\"kind\", \"severity\", \"verified\", \"choice\", \"choice_name\",\n                   \"field\", \"tape\", \"published\", \"rule\", \"detail\",\n                   \"evidence\": {\"path\", \"sha256\", \"status\", \"line\"} | null,\n                   \"values\": {name: N}, \"differences\": [finding]} ],\n     \"unreadable\": [ {\"path\", \"sha256\", \"reason\"} ]\n   } ],\n   \"summary\": {\"proven_differ\": N, \"overall\": AREA, \"governorates\": [AREA],\n               \"districts\": [AREA]},\n   \"ballot\": \"district\" | \"national\",\n   \"unattributed\": [ {\"path\", \"sha256\", \"read_as\": \"CENTRE-STATION\", \"status\"} ],\n   \"issue\": {\"election\", \"network\", \"date\": \"YYYY-MM-DD\"}\n }\n AREA = {\"governorate\", \"district\", \"stations\", \"stations_published\",\n         \"stations_with_tape\", \"stations_covered\", \"coverage\",\n         \"stations_covered_verified\", \"coverage_verified\", \"stations_verified\",\n         \"stations_matching\", \"stations_matching_verified\",\n         \"stations_matching_not_proven\", \"stations_with_findings\",\n         \"stations_proven_differ\", \"stations_by_discrepancy\": {reason: N},\n         \"stations_unproven\", \"stations_unreadable\", \"stations_without_tape\",\n         \"findings\": {kind: N},\n         \"net_vote_shift\": [ SHIFT ], \"net_vote_shift_unverified\": [ SHIFT ]}\n SHIFT = {\"choice\", \"name\", \"governorate\", \"district\", \"shift\"}",
        "Finding kinds: vote-mismatch (choice, tape, published); choice-missing-in-published; choice-missing-on-tape; total-mismatch (field: registered, voters, ballots, invalid or valid; tape; published); station-missing-in-published; tape-missing (published, no tape gathered); tape-arithmetic and published-arithmetic (rule: the tally-tape(5) rule that breaks); conflicting-tapes (two different tapes for one station; detail says when both verify: the device signed two counts); published-conflict (rows of the published file give one figure differently); identity-mismatch (published governorate or district differs from the tape's); tape-unproven (the station's only tapes are OCR readings nothing proves: the signature fails with them, or could not be read or checked; the figures read that differ from the published ones are listed under differences and count as no discrepancy: check the photo with tally review PHOTO); tape-unreadable (a file gathered for the station could not be read; a file is taken as gathered for a station when the digit groups of its name give a published station, as tape-120345-3.jpg does; it is listed under the station's unreadable).",
        "verified is true when the finding rests on a verified tape; findings resting on a tape that does not verify are still reported, at lower severity. The same signed payload gathered twice counts once, with every copy listed. summary.proven_differ (= overall.stations_proven_differ) is the headline: stations whose verified tape (its keyring authenticated) gives a figure the published results give otherwise; it decides exit status 1. stations_by_discrepancy counts each station with findings once, under the first reason that holds: proven-differ, tape-fails-verification (bad signature, or key revoked, out of scope or expired), conflicting-tapes, missing-in-published, published-contradicts, differs-not-proven (a figure differs on a tape that is not proven), other; they add up to stations_with_findings. net_vote_shift is published minus tape votes per choice, over stations whose tape verifies, largest gain first, with the published file's name of the choice or else the name most tapes print (unproven OCR readings left out): the figure a complaint leads with. A choice is its code on its ballot: with ballot \"district\" (the default: candidate numbers start again in every district) each shift names its governorate and district and is summed within them; with ballot \"national\" (--national-ballot) governorate and district are null and a code is summed across the country. net_vote_shift_unverified is the same over tapes that are not proven, OCR readings nothing proves left out. unattributed lists the OCR readings nothing proves whose station neither the published results nor any other tape holds and whose file names no published station (a reading named for a published station is that station's unreadable file instead): likely misread, they make no station and count nowhere. Every station is counted in exactly one of stations_matching_verified, stations_matching_not_proven, stations_with_findings (a discrepancy: any finding but tape-missing, tape-unproven, tape-unreadable), stations_unproven, stations_unreadable and stations_without_tape; they add up to stations. stations_matching is the sum of the first two: only stations_matching_verified rests on proof. issue heads the PDF, the HTML report and every complaint sheet: election (--election, else the election id every verified tape carries, else null), network (--network, else null) and date, the date of issue in UTC (SOURCE_DATE_EPOCH when set, so that a rerun gives the same bytes).",
        "The CSV format has one row per finding: center, station, governorate, district, tape_status, severity, kind, verified, choice, choice_name, field, rule, tape, published, difference, detail, evidence_path, evidence_sha256, evidence_status, published_line, differences (for a tape-unproven finding: the differences of the reading, one detail each, separated by \"; \"), station_code (the station's code as the published file prints it, when that is not CENTRE-STATION: leading zeros, a combined code, a name), evidence_line (the row of an observers' table the finding rests on). After the findings come the published file's rows and columns not read, one row each with the station cells empty: kind published-row-rejected (severity high), published-row-left-out, published-rows-empty and published-columns-not-read (info), the reason in detail, the line in published_line. Text cells starting with = + - @ are prefixed with an apostrophe.",
    ],
);

const RELEASES_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 1); fields are never removed or renamed within a schema version. Stations are in centre and station order.",
        " {\n   \"schema_version\": 1, \"tool_version\": \"0.1.0\",\n   \"old\": PUBLISHED, \"new\": PUBLISHED   (as tally-reconcile(1)'s \"published\"),\n   \"stations\": [ {\n     \"center\", \"station\", \"code\": as printed | null,\n     \"kind\": \"release-changed\" | \"release-station-added\" | \"release-station-removed\",\n     \"old_line\": N | null, \"new_line\": N | null,\n     \"findings\": [ {\"kind\", \"field\": \"registered\"|...|\"status\" | null,\n                   \"choice\": N | null, \"choice_name\": header | null,\n                   \"old\": N | \"text\" | null, \"new\": N | \"text\" | null,\n                   \"difference\": new - old | null, \"detail\"} ]\n   } ],\n   \"summary\": {\"stations_old\", \"stations_new\", \"stations_added\",\n               \"stations_removed\", \"stations_changed\", \"stations_unchanged\",\n               \"findings\": {kind: N},\n               \"net_change\": [ {\"choice\", \"name\", \"changed\", \"added\",\n                                \"removed\", \"total\"} ],\n               \"not_compared\": [ {\"item\", \"only_in\": \"old\"|\"new\"} ]}\n }",
        "A station in both releases is release-changed when any figure, choice's votes or status (the layout's status column) differs; a station in one release only is release-station-added or release-station-removed, and its every value is a finding against null. null is a value not published (an empty cell, or a value the layout's empty list names, such as NA): a value where there was none is a change. A field or choice that only one release gives anywhere (a column the other does not publish) is not compared and is listed under not_compared. net_change is new minus old votes per choice, over the stations in both releases (changed), the stations added and those removed, largest total first.",
        "The CSV format has one row per finding: center, station, station_code, kind, field, choice, choice_name, old, new, difference, detail, old_line, new_line.",
    ],
);

const SAMPLE_FILE: Section = (
    "SAMPLE FILE",
    &[
        "SAMPLE.csv is UTF-8 CSV with the header center,station,stratum,draw,seed,size,strata_by,frame_sha256 and one row per sampled station, strata in the order the frame first lists them and, within each, in draw order. stratum is the stratum's name: the governorate's code (7), or for a district its governorate's code, a hyphen and its own (7-3: district numbers often start again in each governorate; the district's code alone when the frame gives no governorate); empty when not stratified; draw is the counter i of the draw that picked the station in its stratum's sequence. The last four columns are what redraws the sample, the same on every row so that a row copied or sorted alone still says where it comes from: seed is SEED as given to --seed (in double quotes, a quote doubled, when it holds a comma or a quote), size is SIZE, strata_by is governorate, district or empty, and frame_sha256 is the SHA-256 of the frame file's bytes in lowercase hexadecimal. tally estimate redraws the sample from them over its --frame and refuses a sample that lists other stations (in any order of rows), or whose seed holds an invisible character; a sample file without them (written by an older tally) is refused, and is drawn again with tally sample. To redraw it without tally: list the frame's distinct stations (centre and station) in the order of their first row, within each stratum; the stratum's share of the sample is SIZE × its stations ÷ all stations, rounded down, the strata with the largest remainders (ties: the one listed first) getting one more until SIZE is reached; then for i = 1, 2, 3… take the station numbered 1 + int(SHA-256(SEED,NAME,i)) mod TOTAL (the SHA-256 of the text SEED, a comma, the stratum's name, a comma and i, in UTF-8, read as a big-endian number; without strata the text is SEED,i), skipping stations already taken. This is Rivest's sampler.py (2011) run with the seed SEED,NAME and the range 1 to TOTAL, without replacement; it reproduces every test vector of the reference sampler (cjerdonek/rivest-sampler-tests).",
    ],
);

const ESTIMATE_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 1); fields are never removed or renamed within a schema version. Shares, turnout and the invalid share are percent; stderr is in percentage points. Numbers are rounded to six decimals.",
        " {\n   \"schema_version\": 1, \"tool_version\": \"0.1.0\",\n   \"sample_file\": {\"path\", \"sha256\"}, \"frame_file\": {\"path\", \"sha256\"},\n   \"frame_stations\": N,\n   \"published_file\": null | as tally-reconcile(1)'s \"published\",\n   \"strata_by\": \"governorate\" | \"district\" | null,\n   \"confidence\": 0.95, \"threshold\": 50.0 | null,\n   \"degrees_of_freedom\": N, \"t\": 1.962,\n   \"tapes\": {\"inputs\", \"unreadable\", \"verified\", \"keyring_authenticated\"},\n   \"sampled\": N, \"reported\": N,\n   \"strata\": [ {\"stratum\": code | null, \"frame_stations\", \"sampled\", \"reported\"} ],\n   \"merged\": [ {\"strata\": [code], \"reports\", \"sampled\", \"merged_with\": [code]} ],\n   \"choices\": [ {\"choice\", \"estimate\", \"stderr\", \"low\", \"high\",\n                 \"official\": share | null,\n                 \"verdict\": \"consistent\" | \"outside\" | \"too-close-to-call\" | null,\n                 \"outside_by_stderr\": (official - estimate) / stderr | null,\n                 \"if_missing_gave_none\", \"if_missing_gave_all\",\n                 \"no_votes_in_sample\": bool} ],\n   \"turnout\": FIGURE, \"invalid\": FIGURE,\n   \"official_stations\": null | {\"published\", \"frame_not_published\",\n                                  \"published_not_in_frame\"},\n   \"not_used\": {\"outside_sample\": N, \"outside_sample_first\": [\"CENTRE-STATION\"],\n                \"conflicting_tapes\": [\"CENTRE-STATION\"],\n                \"sampled_unverified\": [\"CENTRE-STATION: status\"],\n                \"missing\": N, \"missing_first\": [\"CENTRE-STATION\"]}\n }\n FIGURE = {\"estimate\", \"stderr\", \"low\", \"high\", \"official\", \"verdict\",\n           \"outside_by_stderr\"}",
        "Choices are in code order. A choice's share is of the valid votes, the sum of the choices' votes; turnout is voters checked in per registered voter; the invalid share is invalid ballots per ballot counted. The official figures are summed over the published stations of the frame. verdict is outside when the official figure lies outside [low, high]; else too-close-to-call when --threshold lies strictly inside it; else consistent; null without --published (unless the threshold is straddled), and null for a choice no reporting station gave a vote (no_votes_in_sample: with stations unobserved, an interval of width 0 bounds nothing). if_missing_gave_none and if_missing_gave_all are the estimate had every sampled station that did not report given the choice none or all of its votes (its published valid votes, or its stratum's mean). A stratum listed under merged with reports 0 had no report at all: it is estimated by the neighbour it was merged with, and the standard errors carry what neighbouring strata differ by (the mean squared difference of neighbouring strata's own ratios, less their sampling variances). Tapes of stations outside the sample are never used (outside_sample); a sampled station whose only tapes do not verify counts as not reported (sampled_unverified lists those tapes).",
    ],
);

const SEATS_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 1); fields are never removed or renamed within a schema version. Constituencies are in code order; maps are keyed by choice code.",
        " {\n   \"schema_version\": 1, \"tool_version\": \"0.1.0\",\n   \"method\": \"sainte-lague\" | \"dhondt\", \"first_divisor\": \"1.7\" | null,\n   \"by\": \"governorate\" | \"district\",\n   \"published_file\": as tally-reconcile(1)'s \"published\",\n   \"tapes\": null | {\"inputs\", \"unreadable\", \"verified\", \"keyring_authenticated\"},\n   \"constituencies\": [ {\n     \"constituency\", \"seats\", \"stations\",\n     \"votes\": {choice: N}, \"published\": {choice: seats},\n     \"stations_replaced\": N | null, \"corrected_votes\": {choice: N} | null,\n     \"corrected\": {choice: seats} | null,\n     \"moved\": [ {\"choice\", \"published\", \"corrected\"} ],\n     \"last_seat\": QUOTIENT | null, \"runner_up\": QUOTIENT | null,\n     \"tie\": bool, \"tied_choices\": [choice], \"tied_seats\": N,\n     \"corrected_tie\": bool | null,\n     \"margin_votes\": N | null, \"margin_from\": choice | null, \"margin_to\": choice | null,\n     \"proven_shift_votes\": N | null, \"stations_added\": N | null, \"votes_added\": N | null\n   } ],\n   \"left_out\": {\"stations_without_code\": [\"CENTRE-STATION line N\"],\n                \"not_in_seats\": {constituency: stations},\n                \"conflicting_tapes\": [\"CENTRE-STATION\"],\n                \"tapes_outside\": [\"CENTRE-STATION\"]}\n }\n QUOTIENT = {\"choice\", \"votes\", \"divisor\": \"1.7\", \"quotient\": votes / divisor}",
        "Seats tied for the last place are left out of published and corrected, listed by tied_choices and tied_seats. margin_votes is the fewest votes that, moved from margin_from to margin_to, change any choice's seats or tie the last seat (0 when it is tied already; null when no move can). The corrected figures exist only with --tapes: every station whose tape is verified has its signed figures in place of the published ones (stations whose verified tapes disagree are left out and listed under conflicting_tapes); proven_shift_votes is the larger of the votes gained and lost between the published figures and the verified tapes' at the published stations the tapes replace: votes moved between choices. A verified tape of a station the published results lack is no shift: stations_added counts those stations and votes_added their votes (they are in the corrected figures). Every format opens with the verdict: whether seats move, in how many constituencies.",
    ],
);

const SCREEN_JSON: Section = (
    "JSON OUTPUT",
    &[
        "--format json prints one object (schema_version 1); fields are never removed or renamed within a schema version. Signals are in a fixed order.",
        " {\n   \"schema_version\": 1, \"tool_version\": \"0.1.0\",\n   \"alpha\": 0.05, \"seed\": S, \"draws\": 499,\n   \"published_file\": as tally-reconcile(1)'s \"published\",\n   \"tapes\": null | {\"inputs\", \"unreadable\", \"verified\", \"keyring_authenticated\"},\n   \"stations\": N, \"stations_unusable\": N,\n   \"signals\": [ {\"test\", \"tests\": \"what it tests\", \"statistic\", \"expected\",\n                 \"p_value\", \"p_holm\", \"raised\": bool, \"weak\": bool,\n                 \"stations\": [\"CENTRE-STATION\"] (at most 100), \"stations_count\",\n                 \"says\": \"what it shows and does not\"} ],\n   \"fingerprint\": {\"counts\": [[N]] (20 x 20: turnout bin, then leading-share bin)}\n }",
        "Tests: over-registered, full-turnout, one-choice, identical-counts, zero-counted (station checks), integer-turnout, integer-leader-share, fingerprint, last-digit (weak), and with --tapes observed-turnout and observed-leader-share. A signal is raised when p_holm, its p-value adjusted by Holm's method over every test run, is below alpha. stations_unusable counts the published stations without a register or a turnout count, which are not screened.",
    ],
);

const PUBLISHED_INPUT: Section = (
    "PUBLISHED RESULTS",
    &[
        "CSV (comma, semicolon, tab or pipe; UTF-8 with or without BOM, UTF-16, a single-byte encoding told by the text's letters (Windows-1252, Windows-1256 when unclear…), or --encoding) or a spreadsheet (.xlsx, .xls, .ods; --sheet). Long layout: a row per station and choice, station totals repeated on each row or absent. Wide layout: a row per station, a column per choice code (a header holding one number: 101, Candidate 101, C101); an empty cell means the choice is not on that ballot, not zero. Headers in English or Arabic in any order are recognised (Polling Center, center_id, Station No, Candidate No, Votes, رقم المركز, رقم المحطة, الأصوات ...); --map FIELD=HEADER names any other. Counts may use Eastern Arabic digits and thousands separators.",
        "A row that cannot be read (too few cells, text in a number column) is rejected and listed with its line; the run goes on and exits 2. Rows that give one station's figure differently are reported as published-conflict findings.",
        "A layout file (--layout FILE, TOML) says once how a commission's format is read, and is kept with the report (published.layout_file) so that a bundle's re-run reads the file alike. encoding = \"windows-1252\" names the text encoding. [columns] names a field's column as --map does (center = \"CENTRO\"), and ignore = [\"URL\"] lists columns never read nor guessed from. [choices] lists a wide file's choice columns as code = header (1 = \"NM\"); when given, no other column is taken for a choice. [station_code] reads the station's identity from one code: column = \"ps_code\" with pattern = '^(?<center>\\d+)-(?<station>\\d+)$' (named groups center and station, governorate and district optional), or columns = [...] with patterns = [...], one per column; a group that captures a name (a region published by name) takes its number from [station_code.names] (\"Республика Алтай\" = 4). [choice_code] reads a long file's choice code inside a longer value: column and pattern with a group named choice ('^(?<choice>\\d+)_' reads 100 from 100_1_1). [sum] makes a field the sum of columns (invalid = [\"blank\", \"spoilt\"]). Each [[skip]] leaves out the rows whose column equals a value (equals = \"Invalidated\") or matches a pattern (matches = '...'): they are counted and listed (published.skipped_rows), never dropped in silence. status = \"post_audit_status\" keeps a text column as each station's status (compared by tally releases). empty = [\"NA\"] lists values that mean no value published: read as an empty cell (in a long file, no votes for that row's choice). Rows whose every cell is empty are counted (published.empty_rows). --map and --encoding win over the layout. Examples for real files are in the project's fixtures/layouts/.",
    ],
);

const SIMULATE_FILES: Section = (
    "FILES",
    &[
        "DIR/commission-root.pub: the simulated commission's root key (minisign). DIR/keyring.csv and DIR/keyring.csv.minisig: the device keyring and its signature. DIR/tapes/gov-NN/tape-CENTER-STATION.txt: one typed tape per station. DIR/published.csv: the commission's published results, long layout. DIR/truth.json: the discrepancies injected, station by station, with the findings a reconciliation must report and the status every tape must get.",
        "Every file is the same for the same seed and arguments, except keyring.csv.minisig: minisign signatures are randomised.",
    ],
);

const SEE_ALSO: Section = ("SEE ALSO", &["tally(1), tally-read(1), tally-verify(1), tally-reconcile(1), tally-published(1), tally-releases(1), tally-enter(1), tally-simulate(1), tally-keys(1), tally-bundle(1), tally-tape(5), minisign(1)"]);

const TAPE_PAGE: &[Section] = &[
    ("NAME", &["tally-tape - signed polling-station result tape, format version 1"]),
    (
        "DESCRIPTION",
        &["When the count closes, a station's results device prints a tape: the station's identity, its turnout figures and the votes of every choice, an Ed25519 signature made with the device's key, and a QR code with the same data. The commission publishes its devices' public keys in a keyring signed with its root key (minisign). tally rebuilds the exact bytes the device signed from the figures it reads, and checks the signature: a verified tape proves every figure on it."],
    ),
    (
        "SIGNED PAYLOAD",
        &[
            "ASCII, one key=value line per field, each ending in LF, fields in this order:",
            " format=tallytape/1\n election=IQ-2021-CR\n governorate=12\n district=3\n center=120345\n station=3\n device=RTS-0A1B2C\n closed=2021-10-10T15:02:11Z\n registered=512\n voters=301\n ballots=301\n invalid=7\n valid=294\n choice=101:45\n choice=102:12\n ...",
            "Ids are [A-Z0-9][A-Z0-9-]{0,31}; integers are unsigned decimal u32 without sign or leading zeros; choice codes are unique and ascending, 1 to 1000 of them.",
        ],
    ),
    (
        "SIGNATURE",
        &[
            "Pure Ed25519 (RFC 8032) over the payload, verified strictly: non-canonical S, non-canonical points and small-order keys or R are rejected.",
            "Printed form: the 64 bytes in four 16-byte chunks, each a big-endian 128-bit number written as 26 Crockford base32 symbols (0123456789ABCDEFGHJKMNPQRSTVWXYZ) and a check symbol n mod 37 from 0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U, on lines SIG1 to SIG4. Spaces and hyphens are cosmetic; reading is case-insensitive with O read as 0 and I, L as 1. A failed check symbol tells which line holds a misread symbol.",
            "QR form: the payload followed by sig= and the 104 data symbols, then LF.",
        ],
    ),
    (
        "PRINTED TAPE",
        &[
            "40 columns: centred header lines, a blank line, field lines (label in 12 columns, value right-aligned in 28; CLOSED as YYYY-MM-DD HH:MM:SS UTC), a RESULTS rule, choice lines (code in 6, name cut to 22, votes right-aligned in 12), a rule, SIGNATURE and the four SIG lines:",
            " ELECTION                      IQ-2021-CR\n CENTER                            120345\n VOTERS                               301\n --------------- RESULTS ----------------\n 117   HUDA N. KAREEM                 151\n ----------------------------------------\n SIGNATURE\n SIG1 5J4KS WHMA2 HMW9P TVAJC EXX5D 0 B",
            "Readers tolerate any spacing, label case, a colon after a label, CLOSED in either form, Eastern Arabic and Persian digits, thousands separators in counts, CRLF and a BOM. Tolerance never reaches the signed bytes: the payload is rebuilt from the values read. A tape without SIG lines is unsigned; an unsigned tape may leave out DEVICE, CLOSED and REGISTERED (a signed tape may not), and a figure it leaves out is absent: never compared, never taken for zero. With --tapes-layout, a .csv, .tsv, .xlsx, .xls or .ods input is an observers' table: each row an unsigned tape of source table, saying only what its columns hold.",
        ],
    ),
    (
        "KEYRING",
        &[
            "keyring.csv: key_id,public_key,election,center,station,not_before,not_after,revoked_at. public_key is 64 lowercase hex characters; empty scope columns mean any; the window bounds closed; a revoked key proves nothing. A small-order or non-canonical key, or a duplicate key_id, makes the keyring invalid. keyring.csv.minisig is the root key's minisign signature of the file's exact bytes (minisign -Vm keyring.csv -p commission-root.pub).",
        ],
    ),
    (
        "STATUSES",
        &[
            "verified: strict signature valid, key known, in scope, in its window, not revoked. bad-signature: a signature is present and does not verify with figures certain as given (a typed tape, a QR code, a reading a person confirmed). unknown-key: the device is not in the keyring. key-revoked, key-out-of-scope, key-expired: the keyring's limits. unsigned: no signature. unreadable-signature: a signature is there but could not be read. key-unauthenticated: the signature holds, but the keyring was not authenticated by the commission's root key (no --root-key): nothing ties the key to the commission. unproven: figures read by OCR from a photo that no signature proves: the signature fails with them and nobody confirmed the reading (tally review); a misreading is as likely as an altered tape. Only verified proves the figures.",
        ],
    ),
    (
        "ARITHMETIC",
        &["valid = sum of choice votes; valid + invalid = ballots; ballots <= voters <= registered. A signed tape that breaks a rule is still the device's word: it is reported, never corrected."],
    ),
    ("SEE ALSO", &["tally(1), tally-verify(1), tally-enter(1)"]),
];

fn render_sections(roff: &mut Roff, sections: &[Section]) {
    for (heading, paragraphs) in sections {
        roff.control("SH", [*heading]);
        for p in *paragraphs {
            if let Some(pre) = p.strip_prefix(' ') {
                roff.control("nf", []);
                for line in pre.lines() {
                    roff.text([roman(line.strip_prefix(' ').unwrap_or(line))]);
                }
                roff.control("fi", []);
            } else {
                roff.control("PP", []);
                roff.text([roman(*p)]);
            }
        }
    }
}

fn page(cmd: clap::Command, name: &str, extra: &[Section]) -> Vec<u8> {
    let has_subcommands = cmd.has_subcommands();
    let man = Man::new(cmd)
        .title(name.to_uppercase())
        .manual("tally manual");
    let mut out = Vec::new();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        render(&man, &mut out).expect("writing to memory");
    }
    if has_subcommands {
        man.render_subcommands_section(&mut out)
            .expect("writing to memory");
    }
    let mut roff = Roff::new();
    render_sections(&mut roff, extra);
    roff.to_writer(&mut out).expect("writing to memory");
    man.render_version_section(&mut out)
        .expect("writing to memory");
    out
}

/// Every manual page: (file name, roff bytes).
pub fn pages() -> Vec<(String, Vec<u8>)> {
    // The version without the build's features: the pages are the same from every build.
    let cli = Cli::command().version(env!("CARGO_PKG_VERSION"));
    let mut pages = vec![(
        "tally.1".to_string(),
        page(cli.clone(), "tally", &[EXIT_STATUS, ENVIRONMENT, SEE_ALSO]),
    )];
    let mut subs: Vec<(String, clap::Command)> = Vec::new();
    for sub in cli.get_subcommands() {
        subs.push((format!("tally-{}", sub.get_name()), sub.clone()));
        for nested in sub.get_subcommands() {
            let name = format!("tally-{}-{}", sub.get_name(), nested.get_name());
            subs.push((name, nested.clone()));
        }
    }
    for (name, sub) in subs {
        let extra: Vec<Section> = match name.trim_start_matches("tally-") {
            "verify" | "read" => vec![LISTING_JSON, EXIT_STATUS, SEE_ALSO],
            "reconcile" => vec![PUBLISHED_INPUT, RECONCILE_JSON, EXIT_STATUS, SEE_ALSO],
            "releases" => vec![PUBLISHED_INPUT, RELEASES_JSON, EXIT_STATUS, SEE_ALSO],
            "simulate" => vec![SIMULATE_FILES, EXIT_STATUS, SEE_ALSO],
            "sample" => vec![SAMPLE_FILE, PUBLISHED_INPUT, EXIT_STATUS, SEE_ALSO],
            "seats" => vec![PUBLISHED_INPUT, SEATS_JSON, EXIT_STATUS, SEE_ALSO],
            "screen" => vec![PUBLISHED_INPUT, SCREEN_JSON, EXIT_STATUS, SEE_ALSO],
            "estimate" => vec![SAMPLE_FILE, ESTIMATE_JSON, EXIT_STATUS, SEE_ALSO],
            "bundle" | "bundle-check" => vec![BUNDLE_FILES, KEYS_ENV, EXIT_STATUS, SEE_ALSO],
            "keys" | "keys-generate" | "keys-show" => {
                vec![KEYS_FILES, KEYS_ENV, EXIT_STATUS, SEE_ALSO]
            }
            _ => vec![EXIT_STATUS, SEE_ALSO],
        };
        let sub = sub
            .name(name.clone())
            .bin_name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("{name}.1"), page(sub, &name, &extra)));
    }
    let mut roff = Roff::new();
    roff.control(
        "TH",
        [
            "TALLY-TAPE",
            "5",
            "",
            &format!("tally {}", env!("CARGO_PKG_VERSION")),
            "tally manual",
        ],
    );
    render_sections(&mut roff, TAPE_PAGE);
    pages.push(("tally-tape.5".to_string(), roff.render().into_bytes()));
    pages
}
