# tally — two commands for a newcomer: `make demo` and `make test`.
CARGO ?= cargo
DEMO  ?= demo
STATIONS ?= 2000
CHOICES ?= 12
SEED ?= 7
PHOTOS ?= 24
BIN := target/release/tally

.PHONY: demo demo-photos demo-quickcount test deps build man check-truth clean

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

## Every test, the formatter and the linter.
test:
	@scripts/install-deps.sh test
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked

## Regenerate man/ from the clap definitions.
man:
	TALLY_UPDATE_MAN=1 $(CARGO) test --locked --test cli man::

clean:
	rm -rf $(DEMO)
	$(CARGO) clean
