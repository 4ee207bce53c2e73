# tally — two commands for a newcomer: `make demo` and `make test`.
CARGO ?= cargo
DEMO  ?= demo
STATIONS ?= 2000
CHOICES ?= 12
SEED ?= 7
PHOTOS ?= 24
BIN := target/release/tally

.PHONY: demo demo-photos demo-quickcount demo-lite test deps build man check-truth clean

deps:
	@scripts/install-deps.sh

build: deps
	$(CARGO) build --release --locked

KEYS = --keyring $(DEMO)/keyring.csv --root-key $(DEMO)/commission-root.pub
# exit status 1 means "findings": expected on a simulated election full of discrepancies
FOUND = || test $$? -eq 1

## Simulate an election, verify every tape, reconcile the tapes with the published results,
## and check both against the ground truth.
demo: build
	rm -rf $(DEMO)
	$(BIN) simulate --out $(DEMO) --stations $(STATIONS) --choices $(CHOICES) --seed $(SEED)
	$(BIN) verify $(DEMO)/tapes $(KEYS) --format json -o $(DEMO)/verify.json $(FOUND)
	$(BIN) verify $(DEMO)/tapes $(KEYS) --format table -o $(DEMO)/verify.txt $(FOUND)
	tail -n 1 $(DEMO)/verify.txt
	$(BIN) reconcile --tapes $(DEMO)/tapes --published $(DEMO)/published.csv $(KEYS) --format json -o $(DEMO)/report.json $(FOUND)
	$(BIN) reconcile --tapes $(DEMO)/tapes --published $(DEMO)/published.csv $(KEYS) --format html -o $(DEMO)/report.html $(FOUND)
	$(BIN) reconcile --tapes $(DEMO)/tapes --published $(DEMO)/published.csv $(KEYS) --format table --color never -o $(DEMO)/report.txt $(FOUND)
	head -n 6 $(DEMO)/report.txt
	$(CARGO) run --release --locked --quiet --example check_truth -- $(DEMO)
	@echo "demo: open $(DEMO)/report.html; tables in $(DEMO)/report.txt and $(DEMO)/verify.txt; try: $(BIN) read $(DEMO)/tapes/gov-01 | less"
	$(MAKE) demo-photos
	$(MAKE) demo-quickcount

## A small election photographed: every tape as a phone photo (a quarter of the QR codes
## smudged), read back, verified and reconciled, and checked against the tapes they show.
PHOTO_DEMO = $(DEMO)/photo-election
PHOTO_KEYS = --keyring $(PHOTO_DEMO)/keyring.csv --root-key $(PHOTO_DEMO)/commission-root.pub
demo-photos: build
	rm -rf $(PHOTO_DEMO) $(DEMO)/photo-cache
	$(BIN) simulate --out $(PHOTO_DEMO) --stations $(PHOTOS) --choices 5 --seed $(SEED) --photos --photo-style phone
	$(BIN) verify $(PHOTO_DEMO)/photos $(PHOTO_KEYS) --cache $(DEMO)/photo-cache \
		--format json -o $(PHOTO_DEMO)/photos.json || test $$? -le 2
	$(BIN) verify $(PHOTO_DEMO)/photos $(PHOTO_KEYS) --cache $(DEMO)/photo-cache \
		--format table --color never -o $(PHOTO_DEMO)/photos.txt || test $$? -le 2
	tail -n 1 $(PHOTO_DEMO)/photos.txt
	$(BIN) reconcile --tapes $(PHOTO_DEMO)/photos --published $(PHOTO_DEMO)/published.csv $(PHOTO_KEYS) \
		--cache $(DEMO)/photo-cache --format json -o $(PHOTO_DEMO)/photo-report.json || test $$? -le 2
	$(BIN) reconcile --tapes $(PHOTO_DEMO)/photos --published $(PHOTO_DEMO)/published.csv $(PHOTO_KEYS) \
		--cache $(DEMO)/photo-cache --format html -o $(PHOTO_DEMO)/photo-report.html || test $$? -le 2
	$(CARGO) run --release --locked --quiet --example check_photos -- $(PHOTO_DEMO)
	@echo "photos: see $(PHOTO_DEMO)/photos.txt and $(PHOTO_DEMO)/photo-report.html; the tapes they show are in $(PHOTO_DEMO)/tapes"

## The quick count: a national ballot simulated, a 10% sample drawn by governorate from its
## published results with a public seed, and the estimate from the sampled stations' tapes.
QC_DEMO = $(DEMO)/quick-count
QC_KEYS = --keyring $(QC_DEMO)/election/keyring.csv --root-key $(QC_DEMO)/election/commission-root.pub
demo-quickcount: build
	rm -rf $(QC_DEMO)
	mkdir -p $(QC_DEMO)
	$(BIN) simulate --out $(QC_DEMO)/election --stations $(STATIONS) --choices 4 --seed $(SEED) --national-ballot
	$(BIN) sample --frame $(QC_DEMO)/election/published.csv --size $$(( $(STATIONS) / 10 )) \
		--strata governorate --seed 3546311556112163624615351222 -o $(QC_DEMO)/sample.csv
	$(BIN) estimate --sample $(QC_DEMO)/sample.csv --frame $(QC_DEMO)/election/published.csv \
		--tapes $(QC_DEMO)/election/tapes $(QC_KEYS) --published $(QC_DEMO)/election/published.csv \
		--threshold 50 --format table -o $(QC_DEMO)/quick-count.txt $(FOUND)
	$(BIN) estimate --sample $(QC_DEMO)/sample.csv --frame $(QC_DEMO)/election/published.csv \
		--tapes $(QC_DEMO)/election/tapes $(QC_KEYS) --published $(QC_DEMO)/election/published.csv \
		--threshold 50 --format html -o $(QC_DEMO)/quick-count.html $(FOUND)
	sed -n '/estimate/,/invalid share/p' $(QC_DEMO)/quick-count.txt
	@echo "quick count: see $(QC_DEMO)/quick-count.txt and $(QC_DEMO)/quick-count.html"

## The demo with the pure-Rust build (no OCR, no HEIC, no ZBar: no C library), which needs
## nothing but Rust: typed tapes verified, reconciled and checked against the truth, then
## photos read by their QR codes alone (those with a smudged code say the build has no OCR).
LITE_TARGET = target/lite
LITE_BIN = $(LITE_TARGET)/release/tally
LITE = $(DEMO)-lite
LITE_KEYS = --keyring $(LITE)/keyring.csv --root-key $(LITE)/commission-root.pub
LITE_PHOTOS = $(LITE)/photo-election
LITE_PHOTO_KEYS = --keyring $(LITE_PHOTOS)/keyring.csv --root-key $(LITE_PHOTOS)/commission-root.pub
LITE_RUN = $(CARGO) run --release --locked --quiet --no-default-features --target-dir $(LITE_TARGET)
demo-lite:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs) and run again" >&2; exit 2; }
	$(CARGO) build --release --locked --no-default-features --target-dir $(LITE_TARGET)
	$(LITE_BIN) --version
	rm -rf $(LITE)
	$(LITE_BIN) simulate --out $(LITE) --stations $(STATIONS) --choices $(CHOICES) --seed $(SEED)
	$(LITE_BIN) verify $(LITE)/tapes $(LITE_KEYS) --format json -o $(LITE)/verify.json $(FOUND)
	$(LITE_BIN) reconcile --tapes $(LITE)/tapes --published $(LITE)/published.csv $(LITE_KEYS) --format json -o $(LITE)/report.json $(FOUND)
	$(LITE_BIN) reconcile --tapes $(LITE)/tapes --published $(LITE)/published.csv $(LITE_KEYS) --format html -o $(LITE)/report.html $(FOUND)
	$(LITE_RUN) --example check_truth -- $(LITE)
	$(LITE_BIN) simulate --out $(LITE_PHOTOS) --stations $(PHOTOS) --choices 5 --seed $(SEED) --photos --photo-style phone
	$(LITE_BIN) verify $(LITE_PHOTOS)/photos $(LITE_PHOTO_KEYS) --format json -o $(LITE_PHOTOS)/photos.json || test $$? -le 2
	$(LITE_BIN) reconcile --tapes $(LITE_PHOTOS)/photos --published $(LITE_PHOTOS)/published.csv $(LITE_PHOTO_KEYS) \
		--format json -o $(LITE_PHOTOS)/photo-report.json || test $$? -le 2
	$(LITE_RUN) --example check_photos -- $(LITE_PHOTOS)
	@echo "demo-lite: open $(LITE)/report.html; the photos' readings in $(LITE_PHOTOS)/photos.json"

## Every test, the formatter and the linter; then the pure-Rust build (no C library) built,
## linted and tested too, so that it never breaks unseen, and checked to link no C library.
test:
	@scripts/install-deps.sh test
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked
	$(CARGO) clippy --locked --all-targets --no-default-features -- -D warnings
	$(CARGO) test --locked --no-default-features
	scripts/check-pure-rust.sh

## Regenerate man/ from the clap definitions.
man:
	TALLY_UPDATE_MAN=1 $(CARGO) test --locked --test cli man::

clean:
	rm -rf $(DEMO)
	$(CARGO) clean
