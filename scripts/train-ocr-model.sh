#!/usr/bin/env bash
# Train a small Tesseract LSTM model ("tape") for the tally tape alphabet, from scratch.
#
#   scripts/train-ocr-model.sh OUTDIR [WORKDIR]
#
# Writes OUTDIR/tape.traineddata (use with: tesseract IMG stdout --tessdata-dir OUTDIR -l tape
# --psm 6 --oem 1). Needs only Debian packages (tesseract-ocr 5.3.0 training tools, font
# packages) and pinned PyPI packages (pillow, numpy). CPU only, one core: every heavy step runs
# under `nice -n 19` with OMP_THREAD_LIMIT=1.
#
# Knobs (environment): LINES (training lines, 10000), MAX_ITER (iterations, 25000; the measured model stopped at 24800 after ~43 min of one shared core),
# NET_SPEC, SEED (1), SKIP_INSTALL=1 (do not apt/pip install).
#
# Steps:
#   1. install fonts + tesseract training tools (apt) and pillow/numpy (pip, pinned);
#   2. scripts/ocr-train/gen_lines.py renders tape-like text lines (labels, numbers, names,
#      rules, dot leaders, SIGn lines of Crockford base32 groups + mod-37 check symbol, random
#      strings) in ~70 monospace fonts, plain / bold / condensed / 5x7 dot matrix, degraded;
#      one line per page of multi-page TIFFs, with tesstrain-style line box files;
#   3. unicharset_extractor + combine_lang_model (no langdata: an empty script dir with a
#      placeholder radical-stroke.txt, no word lists) make the starter traineddata;
#   4. `tesseract CHUNK.tif CHUNK --psm 13 lstm.train` turns each chunk into .lstmf;
#   5. lstmtraining from scratch with NET_SPEC, evaluating on held-out lines;
#   6. lstmtraining --stop_training converts the best checkpoint to tape.traineddata.
#
# Measuring a model the way tally runs it (psm 6, oem 1, tape whitelist, lstm_choice_mode=2)
# on strips written by strip_dump (NNNN.png/.txt/.style):
#   python3 scripts/ocr-train/evaluate.py --tessdata-dir OUTDIR --lang tape --out r.csv DIR...
set -euo pipefail

OUT=${1:?usage: $0 OUTDIR [WORKDIR]}
WORK=${2:-$(mktemp -d /tmp/tape-train.XXXXXX)}
HERE=$(cd "$(dirname "$0")" && pwd)
LINES=${LINES:-10000}
EVAL_LINES=${EVAL_LINES:-400}
MAX_ITER=${MAX_ITER:-25000}
SEED=${SEED:-1}
NET_SPEC=${NET_SPEC:-'[1,36,0,1 Ct3,3,16 Mp3,3 Lfys48 Lfx96 Lrx96 Lfx192 O1c###]'}
export OMP_THREAD_LIMIT=1
NICE="nice -n 19"

mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tesseract-ocr libtesseract-dev \
    fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-freefont-otf \
    fonts-courier-prime fonts-inconsolata fonts-hack fonts-noto-mono fonts-jetbrains-mono \
    fonts-3270 fonts-terminus fonts-dotgothic16 fonts-ocr-b fonts-mononoki fonts-firacode \
    fonts-go fonts-anonymous-pro fonts-league-mono fonts-monoid fonts-agave >/dev/null
  python3 -m pip install -q pillow==10.4.0 numpy==1.26.4
fi

T0=$(date +%s)
echo "== rendering $LINES training lines and $EVAL_LINES held-out lines"
# (a finished set in WORK is reused, so an interrupted run can be resumed)
[ -s "$WORK/train/all-gt.txt" ] ||
  $NICE python3 "$HERE/ocr-train/gen_lines.py" --out "$WORK/train" --lines "$LINES" --seed "$SEED"
[ -s "$WORK/eval/all-gt.txt" ] ||
  $NICE python3 "$HERE/ocr-train/gen_lines.py" --out "$WORK/eval" --lines "$EVAL_LINES" --seed $((SEED + 1000))

echo "== starter traineddata (unicharset, recoder; no dictionaries)"
mkdir -p "$WORK/script" "$WORK/lang"
echo "# no radicals (Latin only)" > "$WORK/script/radical-stroke.txt"
unicharset_extractor --output_unicharset "$WORK/tape.unicharset" --norm_mode 1 \
  "$WORK/train/all-gt.txt" "$WORK/eval/all-gt.txt"
combine_lang_model --input_unicharset "$WORK/tape.unicharset" --script_dir "$WORK/script" \
  --output_dir "$WORK/lang" --lang tape
STARTER="$WORK/lang/tape/tape.traineddata"
# lstmtraining does not expand tesstrain's "###": put the unicharset size in the output layer
NCHARS=$(head -n1 "$WORK/lang/tape/tape.unicharset")
NET_SPEC=${NET_SPEC//\#\#\#/$NCHARS}

echo "== .lstmf files"
for set in train eval; do
  : > "$WORK/$set.list"
  for tif in "$WORK/$set"/chunk_*.tif; do
    base=${tif%.tif}
    [ -s "$base.lstmf" ] ||
      $NICE tesseract "$tif" "$base" --psm 13 lstm.train >/dev/null 2>&1
    echo "$base.lstmf" >> "$WORK/$set.list"
  done
done

echo "== lstmtraining from scratch: $NET_SPEC, $MAX_ITER iterations"
mkdir -p "$WORK/ckpt"
T1=$(date +%s)
$NICE lstmtraining \
  --traineddata "$STARTER" \
  --net_spec "$NET_SPEC" \
  --model_output "$WORK/ckpt/tape" \
  --learning_rate 0.002 \
  --train_listfile "$WORK/train.list" \
  --eval_listfile "$WORK/eval.list" \
  --max_iterations "$MAX_ITER" \
  --target_error_rate 0.005 \
  --debug_interval 0 2>&1 | tee "$WORK/lstmtraining.log" | grep -E "^At iteration|best|Finished|wrote" || true
T2=$(date +%s)

echo "== tape.traineddata"
# lowest training error among the checkpoints lstmtraining kept (tape_<BCER>_<iter>_<iter>)
BEST=$(cd "$WORK/ckpt" && ls tape_[0-9]*.checkpoint 2>/dev/null | sort -t_ -k2 -g | head -n1 || true)
CKPT="$WORK/ckpt/${BEST:-tape_checkpoint}"
echo "converting $CKPT"
$NICE lstmtraining --stop_training --continue_from "$CKPT" --traineddata "$STARTER" \
  --model_output "$OUT/tape.traineddata"
sha256sum "$OUT/tape.traineddata"
echo "render+prepare $((T1 - T0)) s, training $((T2 - T1)) s; work files in $WORK"
