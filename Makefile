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

## Simulate an election, verify every tape, check the statuses against the ground truth.
demo: build
	rm -rf $(DEMO)
	$(BIN) simulate --out $(DEMO) --stations $(STATIONS) --choices $(CHOICES) --seed $(SEED)
	$(BIN) verify $(DEMO)/tapes --keyring $(DEMO)/keyring.csv --root-key $(DEMO)/commission-root.pub \
		--format json -o $(DEMO)/verify.json || test $$? -eq 1
	$(BIN) verify $(DEMO)/tapes --keyring $(DEMO)/keyring.csv --root-key $(DEMO)/commission-root.pub \
		--format table -o $(DEMO)/verify.txt || test $$? -eq 1
	tail -n 1 $(DEMO)/verify.txt
	$(CARGO) run --release --locked --quiet --example check_truth -- $(DEMO)
	@echo "demo: see $(DEMO)/verify.txt (table) and $(DEMO)/verify.json; try: $(BIN) read $(DEMO)/tapes/gov-01 | less"
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
test: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked

## Regenerate man/ from the clap definitions.
man:
	TALLY_UPDATE_MAN=1 $(CARGO) test --locked --test man

clean:
	rm -rf $(DEMO)
	$(CARGO) clean
