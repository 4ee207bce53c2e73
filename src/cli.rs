//! The command line as typed (clap). `cmd/` resolves it into settings and runs it; the man
//! pages in `man/` are generated from these definitions, so the doc comments are the
//! observer's documentation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::report::lang::Lang;
pub use crate::report::reconcile::ReconcileFormat;
pub use crate::report::style::ColorChoice;
pub use crate::report::ListingFormat;

/// The features this build has: `ocr` (Tesseract), `heic` (libheif), `zbar` (ZBar), each a C
/// library; a build without them (`--no-default-features`) is pure Rust.
pub fn features() -> Vec<&'static str> {
    [
        ("ocr", cfg!(feature = "ocr")),
        ("heic", cfg!(feature = "heic")),
        ("zbar", cfg!(feature = "zbar")),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect()
}

/// tally's version and this build's features, as `tally --version` prints them.
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let features = features();
        let missing: Vec<&str> = [
            ("ocr", "no OCR: photos are read by their QR code only"),
            ("heic", "no HEIC photos"),
            ("zbar", "no ZBar: QR codes by rxing only"),
        ]
        .into_iter()
        .filter(|(name, _)| !features.contains(name))
        .map(|(_, said)| said)
        .collect();
        if missing.is_empty() {
            format!(
                "{} (features: {})",
                env!("CARGO_PKG_VERSION"),
                features.join(", ")
            )
        } else {
            format!(
                "{} (features: {}; {})",
                env!("CARGO_PKG_VERSION"),
                if features.is_empty() {
                    "none, pure Rust".to_string()
                } else {
                    features.join(", ")
                },
                missing.join("; ")
            )
        }
    })
}

/// Read, verify and reconcile signed polling-station result tapes.
///
/// A polling station's results device prints a tape signed with its Ed25519 key. tally reads
/// tapes that observers typed (and later photographed), checks every signature strictly
/// against the commission's published keyring, and compares the figures with the results the
/// commission published. A figure is proven only when its tape's signature verifies.
///
/// Exit status: 0 nothing found, 1 findings (a tape that does not verify, a discrepancy),
/// 2 could not complete (bad input, unusable keyring), 130 interrupted.
#[derive(Debug, Parser)]
#[command(
    name = "tally",
    version = version(),
    max_term_width = 100,
    propagate_version = true
)]
pub struct Cli {
    /// When to colour terminal output: auto (a terminal, without NO_COLOR or TERM=dumb), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read tapes and show each one, its status and the line every value came from.
    ///
    /// Exit status 0 when every tape verifies (or no keyring was given), 1 when one does not,
    /// 2 when an input could not be read or a folder holds no file.
    ///
    /// Example: tally read tapes/ --keyring keyring.csv --root-key commission-root.pub
    Read(ListingArgs),
    /// Verify tape signatures against the commission's keyring.
    ///
    /// Every input gets a status: verified, bad-signature, unknown-key, key-revoked,
    /// key-out-of-scope, key-expired, unsigned, unreadable-signature, key-unauthenticated (no
    /// --root-key), unproven (an OCR reading no signature proves), or unreadable when the
    /// file is not a tape at all. Exit status 0 when every tape verifies, 1 when one does not,
    /// 2 when an input or the keyring could not be read.
    ///
    /// Example: tally verify tapes/ --keyring keyring.csv --root-key commission-root.pub
    Verify(ListingArgs),
    /// Compare gathered tapes with the commission's published results, station by station.
    ///
    /// Finds every station where the published figures differ from the tape, how badly, and
    /// who gained or lost votes by it (the net vote shift per choice over verified tapes).
    /// Reads the published results as CSV (UTF-8, UTF-16 or a single-byte encoding) or a spreadsheet,
    /// long or wide layout, English or Arabic headers. The report opens with the stations
    /// proven to differ (a verified tape whose figure differs from the published one), then
    /// the other stations with findings by kind. Exit status 1 when a station is proven to
    /// differ, 0 when none is (other findings are in the report), 2 when an input or a
    /// published row could not be read.
    ///
    /// Example: tally reconcile --tapes tapes/ --published results.csv --keyring keyring.csv --root-key commission-root.pub --format html -o report.html
    Reconcile(ReconcileArgs),
    /// Look at a commission's published results file as tally reads it.
    ///
    /// `tally published inspect FILE` shows the encoding and why, the layout (long or wide),
    /// each column with sample values and the role tally gives it, and what the rows give (or
    /// why the header cannot be mapped); --write-layout writes a starter layout file to edit.
    ///
    /// Example: tally published inspect results.csv --write-layout results-layout.toml
    Published(PublishedArgs),
    /// Compare two releases of the published results, station by station.
    ///
    /// Lists the stations added and removed, and per station every figure, choice and status
    /// (the layout's status column) that changed, old → new, with the net change of each
    /// choice's votes: what an audit or a correction changed between a preliminary and a
    /// final release. Each release is read as reconcile reads the published results (layout
    /// files, encodings, spreadsheets). Exit status 0 when the releases are identical, 1 when
    /// anything changed, 2 when a file or a row could not be read.
    ///
    /// Example: tally releases actas-v1.csv actas-v2.csv --layout ve-v1.toml --layout-new ve-v2.toml -o changes.html
    Releases(ReleasesArgs),
    /// Would the discrepancies change who won a seat? Seats per constituency, and their margin.
    ///
    /// Sums the published votes per constituency (--by governorate or district), allocates the
    /// seats of SEATS.csv (`constituency,seats`) by modified Sainte-Laguë (--first-divisor:
    /// 1.7 is Iraq's since 2023, 1.4 Norway's, 1.0 the pure method) or D'Hondt, and gives the
    /// last seat won, the runner-up, and the margin: the fewest votes that, moved from one
    /// choice to another, change any choice's seats. With --tapes, allocates again after the
    /// signed figures of every station with a verified tape replace the published ones, and
    /// lists the seats that move beside the votes the tapes prove were shifted. Quotients are
    /// compared exactly; a tie for the last seat is reported as a tie, never broken. Exit
    /// status 0 when no seat moves and none is tied, 1 when a seat moves or is tied, 2 when an
    /// input could not be read.
    ///
    /// Methods and their sources: D'Hondt (V. D'Hondt, 1878; divisors 1, 2, 3…); Sainte-Laguë
    /// (A. Sainte-Laguë, 1910; divisors 1, 3, 5…), modified by a larger first divisor that
    /// makes a list's first seat dearer: 1.4 in Norway's and Sweden's election acts, 1.7 in
    /// Iraq's election law as amended in 2023 (Law No. 4 of 2023). The margin is exact: moving
    /// `margin_votes` votes as reported changes the seats, one vote fewer between any two
    /// choices does not.
    ///
    /// Example: tally seats --published results.csv --seats seats.csv --tapes tapes/ --keyring keyring.csv --root-key commission-root.pub -o seats.html
    Seats(SeatsArgs),
    /// Screen every published station for the patterns manipulated counts leave.
    ///
    /// Each test gives its statistic, what honest counts would give, its p-value and the
    /// p-value adjusted by Holm's method over all the tests run, the stations that drive it,
    /// and a sentence of what it shows and what it does not: a signal is a reason to look,
    /// never proof. Tests: station checks (more votes than registered voters; a turnout of
    /// exactly 100% at 100 or more registered; every valid vote to one choice at 50 or more;
    /// identical counts at different stations of one district; a station published as counted
    /// with no voter); integer-percentage spikes in turnout and in the district leader's share
    /// (Kobak, Shpilkin & Pshenichnikov, Annals of Applied Statistics 2016; Monte-Carlo
    /// p-values, reproducible with --seed); the turnout × leading-share fingerprint (Klimek,
    /// Yegorov, Hanel & Thurner, PNAS 2012), drawn in the HTML report; last-digit uniformity
    /// of counts of 100 or more (χ², a weak signal); with --tapes, the stations with a
    /// verified tape against the unobserved ones of the same polling centres (a permutation
    /// test). There is no first-digit (Benford) test: vote counts do not follow Benford's law
    /// even when honest (Mebane 2011; Deckert, Myagkov & Ordeshook, Political Analysis 2011).
    /// Exit status 0 when no signal is raised, 1 when one is, 2 when an input could not be
    /// read.
    ///
    /// Example: tally screen --published results.csv --tapes tapes/ --keyring keyring.csv --root-key commission-root.pub -o screen.html
    Screen(ScreenArgs),
    /// Draw the quick count's sample: stations anyone can redraw from the frame and the seed.
    ///
    /// Draws --size stations from the frame (any published-results or station-list file),
    /// allocated to the strata (--strata governorate or district) in proportion to their
    /// stations, with Rivest's SHA-256 sampler (2011, used for election audits): the i-th
    /// draw is 1 + int(SHA-256(SEED + "," + i)) mod TOTAL, a repeat skipped, where station k
    /// is the k-th distinct station in the order the frame lists them (within its stratum).
    /// Stratified, a stratum's seed is SEED, a comma and the stratum's name (8123,7 for
    /// governorate 7; 8123,7-3 for district 3 of governorate 7) and TOTAL its station count, so that Rivest's sampler.py or Stark's
    /// page redraws each stratum without tally. Announce the seed in public after the frame
    /// is fixed (dice rolled on camera: at least 24 digits; a shorter seed is warned about).
    /// A seed holding a character nobody sees (Unicode categories Cc, Cf, Zl, Zp: a
    /// newline, a tab, an escape, a zero-width space, a bidi override) is refused, the
    /// character named with its place: it would draw another sample than the seed people
    /// read. Writes SAMPLE.csv with the columns center,station,stratum,draw, one row per
    /// station in draw order (stratum empty when not stratified), then on every row what
    /// redraws it: seed,size,strata_by,frame_sha256 (tally estimate redraws the sample and
    /// refuses one that differs). Exit status 0 when the sample is written, 2 when it cannot
    /// be drawn (a frame row not read, a station without its stratum's code, a bad size or
    /// seed).
    ///
    /// Example: tally sample --frame stations.csv --size 1500 --strata governorate --seed 3546311556112163624615351222 -o sample.csv
    Sample(SampleArgs),
    /// The quick count: estimate the result from the verified tapes of the sampled stations.
    ///
    /// First redraws the sample from the seed, size and strata its file carries over
    /// --frame, and refuses (exit 2) a sample that lists other stations (one swapped for
    /// another, rows dropped or added), naming the first that differs and the station the
    /// seed draws instead; the frame is named as the cause when it is not the file the
    /// sample was drawn from (its SHA-256 is not the sample's frame_sha256). A sample file
    /// without those columns (written by an older tally) is refused: draw it again with tally
    /// sample. Uses only the sampled stations whose tape verifies (others are counted and
    /// left out).
    /// Each choice's share of the valid votes, turnout (voters checked in per registered
    /// voter) and the invalid share (invalid per ballot counted) are estimated by the
    /// stratified combined ratio estimator, with a design-based standard error
    /// (linearisation, with the finite-population correction) and a Student-t interval on
    /// reports − strata degrees of freedom (Cochran, Sampling Techniques, 1977, §6.11; Lohr,
    /// Sampling: Design and Analysis, §4.2 and §9.1). Sampled stations that do not report
    /// are taken as missing at random within their stratum; for each choice the report gives
    /// the estimate had they given it none or all of their votes. A stratum with fewer than
    /// --min-reports reports is merged with a neighbour (the next stratum in frame order, one
    /// of the same governorate first) and the report says so; a stratum with no report at
    /// all widens the interval by what neighbouring strata differ by. With --published the
    /// official figures over the frame's stations are set against the intervals: a verdict
    /// per figure, consistent, outside (by how many standard errors), or too-close-to-call
    /// when a choice's interval straddles --threshold. Exit status 0 when no official figure
    /// is outside its interval, 1 when one is, 2 when an input could not be read or too few
    /// stations reported.
    ///
    /// Example: tally estimate --sample sample.csv --frame stations.csv --tapes tapes/ --keyring keyring.csv --root-key commission-root.pub --published results.csv --threshold 50
    Estimate(EstimateArgs),
    /// Type a tape in, field by field, with checks as you type; writes it as a tape file.
    ///
    /// Every count is checked at once (a number, the tape's arithmetic), and each signature
    /// line's check symbol tells you right away which line has a typing error. With --double a
    /// second person types the tape again and every field where the two disagree is shown.
    /// Questions go to standard error; answers may also be piped in, one per line. Exit status
    /// 0 when the tape is written (and verifies, with --keyring), 1 when --keyring is given and
    /// it does not verify, 2 when the entry is abandoned or the file cannot be written.
    ///
    /// Example: tally enter --double -o tape-120345-3.txt --keyring keyring.csv --root-key commission-root.pub
    Enter(EnterArgs),
    /// Walk through the photos whose reading no signature proved, and correct them by hand.
    ///
    /// Each photo read by OCR that does not verify is shown with its doubtful fields and its
    /// failing signature lines marked, and opened in the system's image viewer. Correct it
    /// field by field as in `tally enter` (Enter keeps a value): each choice line's votes, or
    /// its code and votes when the code was misread (`181 76`), `-` for a line the photo does
    /// not have, then the lines the reading missed; the signature decides again.
    /// A reading that verifies is kept in the cache folder as source reviewed, with who
    /// reviewed it and when, and every later read, verify or reconcile uses it. Exit status 0
    /// when every photo verifies, 1 when some still do not, 2 when the review was abandoned.
    ///
    /// With --serve the review is a page in the browser: served on 127.0.0.1 only, at an
    /// address holding a random token (printed on stdout, and opened unless --no-open); a
    /// request without the token, or for another host name, is refused. The photo is shown
    /// beside the reading; the line of the field being typed is zoomed on the tape as OCR saw
    /// it, its doubtful characters marked; doubtful fields and signature lines whose check
    /// symbols fail are marked; each change is checked as in `tally enter`, then by the
    /// signature, and a reading is kept as reviewed the moment it verifies. Keys: Enter and
    /// Shift+Enter next and previous field, Alt+Down and Alt+Up next and previous photo, Esc
    /// the first doubtful field. Finish on the page (or Ctrl-C) ends the review.
    ///
    /// Example: tally review photos/ --keyring keyring.csv --root-key commission-root.pub --reviewer "A. Observer"
    ///
    /// Example: tally review photos/ --serve --keyring keyring.csv --root-key commission-root.pub
    Review(ReviewArgs),
    /// Simulate a whole election: keys, keyring, signed tapes, published results and the
    /// discrepancies injected into them (truth.json), for demos, training and tests.
    ///
    /// Example: tally simulate --out demo --stations 2000 --choices 12 --seed 7
    Simulate(SimulateArgs),
    /// Make or show the observer network's signing key (minisign format): the key that signs
    /// evidence bundles.
    ///
    /// Example: tally keys generate --out observer
    #[command(disable_help_subcommand = true)]
    Keys(KeysArgs),
    /// Make an evidence bundle from a reconcile report, signed by the observer network, or
    /// check one (`tally bundle check`).
    ///
    /// A bundle holds the report (JSON, HTML, CSV, PDF), a complaint sheet per station with
    /// findings, every tape file and photo the findings rest on, the published results, the
    /// keyring and its signature, and a MANIFEST of SHA-256 hashes signed in minisign format:
    /// `minisign -Vm MANIFEST -p observer.pub` verifies it without tally. Every input must
    /// still have the bytes the report hashed (exit 2 naming the file otherwise). Exit status
    /// 0 when the bundle is written, 2 when it could not be.
    ///
    /// Example: tally bundle --report report.json --out complaint-120345.zip --sign observer.key --station 120345-3 --lang ar
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true
    )]
    Bundle(BundleArgs),
    /// Print a shell completion script.
    ///
    /// Example: tally completions bash > /etc/bash_completion.d/tally
    Completions(CompletionsArgs),
}

/// The keyring options shared by every command that verifies.
#[derive(Debug, Clone, Args)]
pub struct KeyringArgs {
    /// The commission's device keyring (keyring.csv).
    #[arg(long, value_name = "FILE")]
    pub keyring: Option<PathBuf>,
    /// The commission's root public key (minisign format) that signed the keyring. Without it
    /// the keyring is reported as unauthenticated: nothing proves it came from the commission.
    #[arg(long, value_name = "FILE", requires = "keyring")]
    pub root_key: Option<PathBuf>,
    /// The keyring's minisign signature, when it is not KEYRING.minisig beside the keyring.
    #[arg(long, value_name = "FILE", requires = "root_key")]
    pub keyring_sig: Option<PathBuf>,
}

impl KeyringArgs {
    /// The files these options name.
    pub fn paths(&self) -> impl Iterator<Item = &std::path::Path> {
        [&self.keyring, &self.root_key, &self.keyring_sig]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
    }
}

/// Output options shared by the reporting commands.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Where to write the report: a file (written atomically), or - for standard output.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// How photos are read: options shared by every command that reads tapes.
#[derive(Debug, Clone, Args)]
pub struct PhotoArgs {
    /// Read the printed text of photos whose QR code was read too, and report every printed
    /// figure that differs from the signed QR code (finding printed-differs-from-qr: the
    /// visible tape was altered). Costs an OCR pass per photo.
    #[arg(long)]
    pub cross_check: bool,
    /// Keep each photo's reading in DIR, by the photo's SHA-256, so that a second run (or one
    /// interrupted with Ctrl-C) reads no photo twice. Default: the user's cache folder
    /// (~/.cache/tally/photos on Linux). Folders filled by several machines merge by copying
    /// them together.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// The key that seals the cache's entries, so that whoever can write the cache folder
    /// cannot make tally believe a reading: an entry whose seal does not hold is not used and
    /// the photo is read again. Default: ~/.config/tally/cache.key, made on first use. Keep it
    /// outside the cache folder; machines sharing a cache (--shard) share this file too, like
    /// any secret. Example: --cache-key /secure/tally-cache.key
    #[arg(long, value_name = "FILE", conflicts_with = "no_cache")]
    pub cache_key: Option<PathBuf>,
    /// Read every photo afresh, and keep nothing.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
    /// Read only share K of N of the inputs (by their path under the folder given): N machines
    /// or jobs (a Kubernetes indexed Job, GNU parallel over ssh) each run --shard K/N with the
    /// same --cache folder, then one run without --shard reconciles everything from the cache
    /// without reading a photo again. Example: --shard 2/8
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::source::Shard>,
    /// Read the .csv, .tsv, .xlsx, .xls and .ods inputs as observers' own tables with this
    /// layout file (the format of --layout): each row is a station's figures as observers
    /// collected them (form exports, decoded QR codes), an unsigned tape of source table, with
    /// its file and line. A figure the table does not give is absent, never zero. Without it,
    /// such files are not read as tapes.
    /// Example: tally reconcile --tapes qr-actas.csv --tapes-layout qr-actas.toml --published actas.csv
    #[arg(long, value_name = "FILE")]
    pub tapes_layout: Option<PathBuf>,
    /// `--tape-parts`, each occurrence one tape's photos.
    #[command(flatten)]
    pub tape_parts: TapeParts,
    /// Read printed text with this Tesseract model (a .traineddata file) instead of the
    /// English model tesseract-ocr-eng installs. Its file name and SHA-256 are kept with every
    /// reading it makes, and cached readings made with another model are not used.
    /// Example: --ocr-model models/eng-best-int.traineddata
    #[arg(long, value_name = "FILE")]
    pub ocr_model: Option<PathBuf>,
}

impl PhotoArgs {
    /// The files these options name (the tapes layout, the parts of long tapes).
    pub fn paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.tapes_layout
            .iter()
            .chain(self.tape_parts.0.iter().flatten())
            .map(PathBuf::as_path)
    }
}

/// `--tape-parts PHOTO...`: the photos of one tape each time it is given (clap's derive keeps
/// no occurrences apart, so this argument is built and read by hand).
#[derive(Debug, Clone, Default)]
pub struct TapeParts(pub Vec<Vec<PathBuf>>);

impl clap::FromArgMatches for TapeParts {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let groups = matches
            .get_occurrences::<PathBuf>("tape_parts")
            .map(|occurrences| occurrences.map(|g| g.cloned().collect()).collect())
            .unwrap_or_default();
        Ok(TapeParts(groups))
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for TapeParts {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.arg(
            clap::Arg::new("tape_parts")
                .long("tape-parts")
                .value_name("PHOTO")
                .num_args(2..=crate::photo::parts::MAX_PARTS)
                .action(clap::ArgAction::Append)
                .value_parser(clap::value_parser!(PathBuf))
                .help("The photos of one tape taken in overlapping parts, read as one input (repeat per tape)")
                .long_help(
                    "The photos of one tape too long for one photo, taken in overlapping parts \
                     (2 to 4): read together as one input. The QR code of whichever part shows it \
                     is the reading; else the parts' printed lines are joined by the lines they \
                     have in common, in any order, and the signature judges the whole. Repeat for \
                     each such tape; its photos are not read alone when also found among the \
                     paths. The input is named by the first photo, with every part's file and \
                     SHA-256 in its provenance (photo.parts).\n\
                     Example: tally verify --keyring k.csv photos/ --tape-parts long-1.jpg long-2.jpg long-3.jpg",
                ),
        )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `tally read` and `tally verify`: the tapes to list and how.
#[derive(Debug, Args)]
pub struct ListingArgs {
    /// Tape files (typed text, QR text, or photos: JPEG, PNG, WebP, HEIC), or folders to
    /// walk (sorted, recursive).
    #[arg(required_unless_present = "tape_parts", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// Output format (for read, table shows each tape in full). Default: from the extension of
    /// -o (.json, .csv, .txt), else table.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<ListingFormat>,
    /// Show only the inputs that need a look (not verified, broken arithmetic, printed figures
    /// that differ from the QR code) in the table and CSV; JSON always lists every input, and
    /// the exit status counts every input. Without it, they come first.
    #[arg(long)]
    pub problems: bool,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

impl ListingArgs {
    /// Every file or folder the command reads.
    pub fn inputs(&self) -> impl Iterator<Item = &std::path::Path> {
        self.paths
            .iter()
            .map(PathBuf::as_path)
            .chain(self.keyring.paths())
            .chain(self.photo.paths())
    }
}

/// `tally reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Tape files, or folders to walk (sorted, recursive).
    #[arg(long, required_unless_present = "tape_parts", num_args = 1.., value_name = "PATH")]
    pub tapes: Vec<PathBuf>,
    /// The commission's published results: CSV, .xlsx, .xls or .ods.
    #[arg(long, value_name = "FILE")]
    pub published: PathBuf,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// How the published results file is read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Output format. Default: from the extension of -o (.html, .pdf, .json, .csv, .md,
    /// .txt), else table; an extension tally does not write (.xlsx) is refused. The PDF is the
    /// summary and a complaint sheet per station with a discrepancy, to print, sign and file.
    /// Example: tally reconcile --tapes tapes/ --published results.csv --keyring keyring.csv --root-key root.pub -o complaint.pdf --network "Shams Network"
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReconcileFormat>,
    /// Language of the HTML, PDF and Markdown report: en (English), ar (Arabic) or ku (Sorani
    /// Kurdish); Arabic and Kurdish read right to left. Headings, counts and finding details
    /// are all in that language; figures, codes, file names and hashes stay as they are.
    /// Example: tally reconcile --tapes tapes/ --published results.csv -o report.html --lang ar
    #[arg(long, value_enum, default_value_t = Lang::En, value_name = "LANG")]
    pub lang: Lang,
    /// The election has one ballot for the whole country (a presidential race, a national
    /// list vote): choice code 7 is the same choice in every district, and the net vote shift
    /// sums it nationally. Without it, each district has its own ballot (candidate numbers
    /// start again in every district, as on Iraqi ballots) and every shift names its
    /// governorate and district.
    #[arg(long)]
    pub national_ballot: bool,
    /// The sheets' heading: election, observer network (the date of issue is today's).
    #[command(flatten)]
    pub issue: IssueArgs,
    /// What makes the exit status 1: `proven` (the default), a station proven to differ (a
    /// verified tape, its keyring authenticated, whose figure differs from the published
    /// one); `discrepancy`, any station with a discrepancy, proven or not (observers' own
    /// unsigned tapes and tables, a forged tape, a station missing from the results).
    /// Example: tally reconcile --tapes table.csv --tapes-layout t.toml --published p.csv --fail-on discrepancy
    #[arg(long, value_enum, default_value_t = FailOn::Proven, value_name = "WHAT")]
    pub fail_on: FailOn,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What makes `tally reconcile` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A station proven to differ.
    Proven,
    /// Any station with a discrepancy, proven or not.
    Discrepancy,
}

/// `tally enter`.
#[derive(Debug, Args)]
pub struct EnterArgs {
    /// The tape file to write (default: tape-CENTER-STATION.txt in the current folder; - for
    /// standard output). An existing file is never replaced without --force.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Double entry: a second person types the tape again; every field where the two
    /// disagree is shown and must be settled before the tape is written.
    #[arg(long)]
    pub double: bool,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
}

/// `tally review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Photos, or folders to walk (sorted, recursive).
    #[arg(required_unless_present = "tape_parts", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// Who reviews, as recorded with every corrected reading (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// Do not open the photos in the system's image viewer (with --serve: the page in the
    /// browser).
    #[arg(long)]
    pub no_open: bool,
    /// Review in a browser: serve a page on this machine (127.0.0.1 only, a random token in
    /// its address) with the photo beside the reading; the address is printed on stdout.
    #[arg(long)]
    pub serve: bool,
    /// The port the review page is served on (default: any free port).
    #[arg(long, value_name = "P", requires = "serve")]
    pub port: Option<u16>,
}

/// `tally simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Folder to write the election into (created; must be empty if it exists).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Number of polling stations.
    #[arg(long, default_value_t = 200, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub stations: u32,
    /// Number of choices (candidates or lists) on each district's ballot.
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub choices: u32,
    /// Random seed: the same seed gives the same election.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Election id printed on every tape.
    #[arg(long, default_value = "SIM-2025-PR", value_name = "ID")]
    pub election: String,
    /// Also photograph every tape as an observer's phone would (photos/, JPEG), a quarter of
    /// the QR codes smudged, to test the reading of photos on images nobody picked. About
    /// 0.15 s per photo on one core.
    #[arg(long)]
    pub photos: bool,
    /// The photos' styles: mixed draws each axis at random from the wide space of real
    /// photos (four typefaces including a dot-matrix one, 10 to 32 pixels per character, tilt
    /// up to 12° both ways, paper curl, glare, shadows, motion and focus blur, JPEG quality
    /// down to 40, faded and streaked print, a cut-off edge: some are unreadable to anyone);
    /// phone draws a careful observer's photos (a few degrees of rotation, a little blur).
    #[arg(long, value_enum, default_value_t = PhotoStyleArg::Mixed, value_name = "STYLE")]
    pub photo_style: PhotoStyleArg,
    /// Share of stations (0 to 1) whose ballot box is stuffed for the district's favourite
    /// before the count: 5 to 20% of the register added to the turnout and to that choice.
    /// Tapes and published results agree on them; truth.json lists them under
    /// `manipulations`. For testing `tally screen`. Example: --stuffing 0.05
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION", value_parser = fraction)]
    pub stuffing: f64,
    /// Share of stations (0 to 1) whose turnout is written to a whole percentage, the
    /// favourite's votes changed with it (listed in truth.json). Example: --rounding 0.03
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION", value_parser = fraction)]
    pub rounding: f64,
    /// One ballot for the whole country, as in a presidential race or a national list: every
    /// district has the same choices (100, 101…), each with its own preferences. Without it
    /// each district has its own choice codes, as Iraq's constituencies do. For a quick count
    /// (`tally sample`, `tally estimate`).
    #[arg(long)]
    pub national_ballot: bool,
}

/// A share from 0 to 1.
fn fraction(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|f| (0.0..=1.0).contains(f))
        .ok_or_else(|| format!("{text:?} is not a share: give a number from 0 to 1, like 0.05"))
}

/// `tally simulate --photo-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PhotoStyleArg {
    /// The wide space of real photos.
    Mixed,
    /// A careful observer's phone photos.
    Phone,
}

/// `tally keys`.
#[derive(Debug, Args)]
pub struct KeysArgs {
    /// What to do with keys.
    #[command(subcommand)]
    pub command: KeysCommand,
}

/// The `tally keys` subcommands.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a new key pair: PREFIX.key (secret, protected by a passphrase) and PREFIX.pub
    /// (public, to give to anyone who checks your bundles).
    ///
    /// The files are minisign's: `minisign -Vm FILE -p PREFIX.pub` verifies what the key
    /// signs, and keys made by `minisign -G` work with tally too. The passphrase is asked on
    /// the terminal (twice), or taken from the environment variable TALLY_KEY_PASSWORD in
    /// scripts. Existing files are never replaced.
    ///
    /// Example: tally keys generate --out observer
    Generate(KeysGenerateArgs),
    /// Show a key file: its kind, key id and the public key line for `minisign -P`. For a
    /// secret key, asks its passphrase (when it has one): a way to check you still know it.
    ///
    /// Example: tally keys show observer.pub
    Show(KeysShowArgs),
}

/// `tally keys generate`.
#[derive(Debug, Args)]
pub struct KeysGenerateArgs {
    /// Where to write the keys: PREFIX.key and PREFIX.pub.
    #[arg(long, value_name = "PREFIX")]
    pub out: PathBuf,
    /// Do not protect the secret key with a passphrase (as `minisign -W`): anyone who copies
    /// the file can sign in your name.
    #[arg(long)]
    pub no_password: bool,
}

/// `tally keys show`.
#[derive(Debug, Args)]
pub struct KeysShowArgs {
    /// The key file: PREFIX.pub or PREFIX.key.
    #[arg(value_name = "FILE")]
    pub key: PathBuf,
}

/// `tally bundle`: build (with options) or check (subcommand).
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Check a bundle instead of making one.
    #[command(subcommand)]
    pub command: Option<BundleCommand>,
    /// The reconcile report to bundle (tally reconcile --format json). Its inputs are read
    /// from the paths it names, relative to the current folder, else to the report's folder.
    #[arg(long, value_name = "REPORT.json", required = true)]
    pub report: Option<PathBuf>,
    /// Where to write the bundle: a new folder, or a FILE.zip. Never replaces anything.
    #[arg(long, value_name = "DIR|FILE.zip", required = true)]
    pub out: Option<PathBuf>,
    /// The observer network's secret key (tally keys generate, or minisign -G) that signs
    /// the MANIFEST. Its passphrase is asked on the terminal, or read from TALLY_KEY_PASSWORD.
    #[arg(long, value_name = "OBSERVER_KEY", required = true)]
    pub sign: Option<PathBuf>,
    /// Only this station (CENTER-STATION, e.g. 120345-3); repeat for several.
    #[arg(long = "station", value_name = "C-S")]
    pub stations: Vec<String>,
    /// Only stations with a finding of this kind (vote-mismatch, total-mismatch, …); repeat
    /// for several.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Only stations with a finding at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityArg>,
    /// Language of the complaint sheets: en (English), ar (Arabic) or ku (Sorani Kurdish);
    /// Arabic and Kurdish read right to left.
    #[arg(long, value_enum, default_value_t = Lang::En, value_name = "LANG")]
    pub lang: Lang,
    /// The keyring's minisign signature, when it is not KEYRING.minisig beside the keyring.
    #[arg(long, value_name = "FILE")]
    pub keyring_sig: Option<PathBuf>,
    /// The sheets' heading, when it is not the report's: election, observer network (the
    /// date of issue is the bundle's signing date).
    #[command(flatten)]
    pub issue: IssueArgs,
}

/// Who issues the complaint sheets: their heading and signature block.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct IssueArgs {
    /// The election the sheets are about, as their heading names it (default: the election
    /// id the verified tapes carry, e.g. IQ-2025-CR).
    /// Example: --election "Council of Representatives, 11 November 2025"
    #[arg(long, value_name = "NAME", value_parser = heading_text)]
    pub election: Option<String>,
    /// The observer network that issues the sheets, named in their heading above the
    /// signature block.
    /// Example: --network "Shams Network for Election Monitoring"
    #[arg(long, value_name = "NAME", value_parser = heading_text)]
    pub network: Option<String>,
}

/// A name for a sheet's heading: one line of at most 200 characters, no control characters.
fn heading_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("give a name, or leave the option out".into());
    }
    if text.chars().count() > 200 {
        return Err("at most 200 characters: it heads a printed sheet".into());
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!(
            "{:?} is a control character: write the name on one line, as it should be printed",
            c
        ));
    }
    Ok(text.to_string())
}

/// Severities, for `--min-severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityArg {
    /// Coverage gaps and up.
    Info,
    /// Low and up.
    Low,
    /// Medium and up.
    Medium,
    /// High and critical.
    High,
    /// Critical only.
    Critical,
}

/// How a published results file is read (`reconcile`, `published inspect`).
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which column holds a field, when tally cannot tell from the header: FIELD is one of
    /// governorate, district, center, station, choice, votes, registered, voters, ballots,
    /// invalid, valid. Repeat for several fields. Example: --map center="Polling Center Code"
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub map: Vec<String>,
    /// Text encoding of a CSV file, when it is not detected (utf-8, utf-16le, windows-1252…).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Sheet of a spreadsheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A layout file (TOML) saying how this commission's results file is read: its columns,
    /// choice columns, a station code to split, fields that are sums of columns, rows to skip,
    /// its encoding. Written once per format and shared; --map and --encoding win over it.
    /// Example: tally reconcile --tapes tapes/ --published actas.csv --layout ve-actas.toml
    #[arg(long, value_name = "FILE")]
    pub layout: Option<PathBuf>,
}

impl ImportArgs {
    /// The files these options name (the layout).
    pub fn paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.layout.iter().map(PathBuf::as_path)
    }
}

/// `tally releases`.
#[derive(Debug, Args)]
pub struct ReleasesArgs {
    /// The earlier release: CSV, .xlsx, .xls or .ods.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later release.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// How the releases are read (--layout for both, unless --layout-new is given).
    #[command(flatten)]
    pub import: ImportArgs,
    /// The layout file of the new release, when its format differs from the old one's.
    #[arg(long, value_name = "FILE")]
    pub layout_new: Option<PathBuf>,
    /// Output format. Default: from the extension of -o (.html, .json, .csv, .md, .txt), else
    /// table.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::report::releases::ReleasesFormat>,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `tally seats`.
#[derive(Debug, Args)]
pub struct SeatsArgs {
    /// The commission's published results: CSV, .xlsx, .xls or .ods.
    #[arg(long, value_name = "FILE")]
    pub published: PathBuf,
    /// How the published results file is read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// The seats of each constituency: a CSV file with the columns `constituency,seats`
    /// (the constituency's governorate or district code). Example row: `12,34`.
    #[arg(long, value_name = "SEATS.csv")]
    pub seats: PathBuf,
    /// What a constituency is: the stations of one governorate, or of one district.
    #[arg(long, value_enum, default_value_t = crate::seats::By::Governorate, value_name = "UNIT")]
    pub by: crate::seats::By,
    /// The allocation method.
    #[arg(long, value_enum, default_value_t = SeatMethod::SainteLague, value_name = "METHOD")]
    pub method: SeatMethod,
    /// Sainte-Laguë's first divisor: 1.7 (Iraq since 2023, the default), 1.4 (Norway,
    /// Sweden), 1.0 (the pure method). Only with --method sainte-lague.
    #[arg(long, value_name = "DIVISOR")]
    pub first_divisor: Option<String>,
    /// Tape files, or folders to walk: the stations whose tape verifies have their published
    /// figures replaced by the signed ones. Needs --keyring (and --root-key to prove anything).
    #[arg(long, num_args = 1.., value_name = "PATH", requires = "keyring")]
    pub tapes: Vec<PathBuf>,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// Output format. Default: from the extension of -o (.html, .json, .md, .txt), else table.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::report::seats::SeatsFormat>,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `tally screen`.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// The commission's published results: CSV, .xlsx, .xls or .ods.
    #[arg(long, value_name = "FILE")]
    pub published: PathBuf,
    /// How the published results file is read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Tape files, or folders to walk: the stations whose tape verifies are the observed
    /// ones, compared with the unobserved stations of the same polling centres.
    #[arg(long, num_args = 1.., value_name = "PATH", requires = "keyring")]
    pub tapes: Vec<PathBuf>,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// Family-wise error rate: a signal is raised when its Holm-adjusted p-value is below it.
    #[arg(long, default_value_t = 0.05, value_name = "ALPHA", value_parser = fraction)]
    pub alpha: f64,
    /// Seed of the Monte-Carlo draws: the same inputs and seed give the same report.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Output format. Default: from the extension of -o (.html, .json, .md, .txt), else table.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::report::screen::ScreenFormat>,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `tally sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// The sampling frame: every station that may be sampled, in a published-results file or
    /// a list of stations (columns for the centre and station, and the governorate or
    /// district to stratify by; no vote columns needed). Read as reconcile reads published
    /// results (--layout, --map, --encoding, --sheet).
    #[arg(long, value_name = "STATIONS.csv")]
    pub frame: PathBuf,
    /// How the frame is read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Stations to sample. Example: --size 1500
    #[arg(long, value_name = "N")]
    pub size: u64,
    /// Stratify: draw in each governorate (or district) its share of the sample, in
    /// proportion to its stations. Without it, one draw from the whole frame.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub strata: Option<crate::published::By>,
    /// The seed announced in public, as typed (UTF-8; no blanks at either end, no invisible
    /// or control character; at least 24 characters advised). Example: --seed
    /// 3546311556112163624615351222
    #[arg(long, value_name = "TEXT")]
    pub seed: String,
    /// Where SAMPLE.csv goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `tally estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The sample `tally sample` wrote (center,station,stratum,draw,seed,size,strata_by,
    /// frame_sha256): redrawn from its seed, and refused when it differs.
    #[arg(long, value_name = "SAMPLE.csv")]
    pub sample: PathBuf,
    /// The frame the sample was drawn from: each stratum's station count comes from it.
    #[arg(long, value_name = "STATIONS.csv")]
    pub frame: PathBuf,
    /// How the frame (and the published results) are read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// What the sample's strata are: a check only, since the sample file says it (its
    /// strata_by column); refused when it says otherwise.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub strata: Option<crate::published::By>,
    /// Tape files, or folders to walk: the observers' tapes. Only the sampled stations'
    /// verified tapes are used.
    #[arg(long, required = true, num_args = 1.., value_name = "PATH", requires = "keyring")]
    pub tapes: Vec<PathBuf>,
    /// The commission's keyring and the root key that vouches for it.
    #[command(flatten)]
    pub keyring: KeyringArgs,
    /// How photos are read and their readings kept.
    #[command(flatten)]
    pub photo: PhotoArgs,
    /// The commission's published results: their official figures over the frame's
    /// stations are set against the intervals.
    #[arg(long, value_name = "FILE")]
    pub published: Option<PathBuf>,
    /// The layout file of the published results, when their format is not the frame's.
    #[arg(long, value_name = "FILE", requires = "published")]
    pub published_layout: Option<PathBuf>,
    /// Confidence of the intervals, between 0.5 and 0.999.
    #[arg(long, default_value_t = 0.95, value_name = "LEVEL", value_parser = confidence)]
    pub confidence: f64,
    /// A share of the valid votes (percent) that decides the race, such as 50 for a
    /// majority: a choice whose interval straddles it is too close to call.
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    pub threshold: Option<f64>,
    /// A stratum with fewer reports than this is merged with a neighbour (at least 2: a
    /// stratum's variance needs two).
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u64).range(2..=1000))]
    pub min_reports: u64,
    /// Output format. Default: from the extension of -o (.html, .json, .md, .txt), else table.
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::report::quickcount::EstimateFormat>,
    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A confidence level from 0.5 to 0.999.
fn confidence(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|f| (0.5..=0.999).contains(f))
        .ok_or_else(|| {
            format!(
                "{text:?} is not a confidence level: give a number from 0.5 to 0.999, like 0.95"
            )
        })
}

/// A percentage from 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|f| (0.0..=100.0).contains(f))
        .ok_or_else(|| {
            format!("{text:?} is not a percentage: give a number from 0 to 100, like 50")
        })
}

/// Seat allocation methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeatMethod {
    /// Modified Sainte-Laguë: divisors FIRST, 3, 5, 7… (--first-divisor).
    SainteLague,
    /// D'Hondt: divisors 1, 2, 3…
    Dhondt,
}

/// `tally published`: subcommands about published results files.
#[derive(Debug, Args)]
pub struct PublishedArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: PublishedCommand,
}

/// The `tally published` subcommands.
#[derive(Debug, Subcommand)]
pub enum PublishedCommand {
    /// Show how tally reads a published results file, to write or check its layout file.
    ///
    /// Prints the format and encoding (and why that encoding), the layout, every column with
    /// sample values and its role (a field, a choice code, part of a sum, the station code,
    /// ignored), the rows read, rejected and skipped with the first reasons, or why the
    /// header cannot be mapped. Exit status 0 when the file reads with no rejected row, 1
    /// when rows are rejected or the header cannot be mapped, 2 when the file cannot be read.
    ///
    /// Example: tally published inspect actas.csv --layout ve-actas.toml
    Inspect(InspectArgs),
}

/// `tally published inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The published results file: CSV, .xlsx, .xls or .ods.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How it is read.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Write a starter layout file (TOML) for this file: what tally recognised, every other
    /// column listed with sample values to name or ignore. Never replaces a file.
    #[arg(long, value_name = "OUT.toml")]
    pub write_layout: Option<PathBuf>,
}

/// The `tally bundle` subcommands.
#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Check an evidence bundle: the MANIFEST's signature by the observer key, every file's
    /// hash, no file missing or added, no unsafe path or symbolic link, every tape's signature
    /// against the bundled keyring (authenticated with --root-key), and every finding of the
    /// report re-derived from the bundled files.
    ///
    /// Prints one line per check: what holds and what does not. Reads a .zip in memory and
    /// never extracts it. Exit status 0 when everything holds, 1 when anything does not, 2
    /// when the bundle cannot be read at all.
    ///
    /// Example: tally bundle check complaint-120345.zip --observer-key observer.pub --root-key commission-root.pub
    Check(BundleCheckArgs),
}

/// `tally bundle check`.
#[derive(Debug, Args)]
pub struct BundleCheckArgs {
    /// The bundle: a folder or a .zip.
    #[arg(value_name = "BUNDLE")]
    pub bundle: PathBuf,
    /// The observer network's public key (minisign format) that should have signed it.
    #[arg(long, value_name = "FILE")]
    pub observer_key: PathBuf,
    /// The commission's root public key (minisign format), to authenticate the bundled
    /// keyring. Without it the keyring is reported as not authenticated.
    #[arg(long, value_name = "FILE")]
    pub root_key: Option<PathBuf>,
}

/// `tally completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
