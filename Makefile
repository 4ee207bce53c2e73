# tally — two commands for a newcomer: `make demo` and `make test`.
CARGO ?= cargo
DEMO  ?= demo
STATIONS ?= 2000
CHOICES ?= 12
SEED ?= 7
PHOTOS ?= 24
BIN := target/release/tally

.PHONY: demo demo-photos test deps build man check-truth clean

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

## Phone photos of signed tapes (a quarter with a smudged QR code), read back and verified.
demo-photos: build
	rm -rf $(DEMO)/photos $(DEMO)/photo-truth $(DEMO)/photo-cache
	$(CARGO) run --release --locked --quiet --example photo_sample -- $(DEMO) $(PHOTOS) $(SEED)
	$(BIN) verify $(DEMO)/photos --keyring $(DEMO)/photo-keyring.csv --cache $(DEMO)/photo-cache \
		--format table -o $(DEMO)/photos.txt || test $$? -le 2
	tail -n 1 $(DEMO)/photos.txt
	@echo "photos: see $(DEMO)/photos.txt; the tapes as printed are in $(DEMO)/photo-truth"

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
