#!/usr/bin/env bash
# Regenerates the waiting-room display's audio clips in this folder, offline, from text:
# Indonesian speech with espeak-ng, shaped with sox, plus a synthesised two-tone chime. Then
# checks every clip (format, duration, not silent) and the folder's total size.
#
#   data/audio/make-clips.sh           regenerate every clip, then check them
#   data/audio/make-clips.sh --check   only check the clips already here
#
# The clip ids must match `CLIPS` in src-tauri/crates/core/src/announce.rs; the test
# src-tauri/crates/core/tests/audio_clips.rs holds both sides to that. See README.md here.
set -euo pipefail

cd "$(dirname "$0")"

VOICE=id          # espeak-ng's Indonesian voice
SPEED=140         # words per minute: calm, for a hall full of people
RATE=16000        # Hz, mono, 16-bit PCM WAV
PEAK=-3           # dBFS after normalising a spoken clip
CHIME_PEAK=-4     # dBFS: the chime a little softer than the voice
MIN_SECONDS=0.15
MAX_SECONDS=2.5
MIN_RMS=0.01      # RMS amplitude (0..1) below which a clip counts as silent
MAX_TOTAL_KB=3072 # the whole folder stays under ~3 MB

# Every clip: "id|text espeak-ng speaks". The chime is made separately.
PHRASES=(
    "nomor-antrian|nomor antrian"
    "silakan-menuju|silakan menuju"
    "sesuai-layar|sesuai layar"
)

# The letters as Indonesians spell them aloud.
LETTERS=(
    "huruf-a|a" "huruf-b|be" "huruf-c|ce" "huruf-d|de" "huruf-e|e" "huruf-f|ef"
    "huruf-g|ge" "huruf-h|ha" "huruf-i|i" "huruf-j|je" "huruf-k|ka" "huruf-l|el"
    "huruf-m|em" "huruf-n|en" "huruf-o|o" "huruf-p|pe" "huruf-q|ki" "huruf-r|er"
    "huruf-s|es" "huruf-t|te" "huruf-u|u" "huruf-v|ve" "huruf-w|we" "huruf-x|eks"
    "huruf-y|ye" "huruf-z|zet"
)

# The number words from which 0–999 are said (see announce::number_words).
NUMBERS=(
    nol satu dua tiga empat lima enam tujuh delapan sembilan
    sepuluh sebelas belas puluh seratus ratus
)

# Words of room names and official titles in a Sekretariat Daerah, each as kata-<word>.
# "word|spoken" where an abbreviation is spelled out letter by letter.
VOCABULARY=(
    # places
    ruang ruangan loket meja lantai gedung aula kantor tunggu rapat tamu
    # titles and roles
    kepala sub subbagian bagian kasubbag kabag sekretaris asisten staf petugas
    pejabat fungsional pelaksana analis pengelola verifikator kelompok kerja pokja
    ahli pertama muda madya utama wakil bupati tim
    # the bagian and their subbagian
    sekretariat daerah setda kabupaten tata pemerintahan kesejahteraan rakyat kesra
    hukum perekonomian sumber daya alam "sda|es de a" administrasi pembangunan
    pengadaan barang jasa "pbj|pe be je" "lpse|el pe es e" pemilihan penyedia verifikasi
    pembinaan advokasi pengelolaan secara elektronik perencanaan keuangan umum usaha
    rumah tangga perlengkapan kepegawaian organisasi protokol komunikasi pimpinan
    prokopim kebijakan koordinasi informasi pengaduan pelayanan layanan konsultasi
    teknis sama dan
)

all_clips() {
    echo "chime|"
    printf '%s\n' "${PHRASES[@]}" "${LETTERS[@]}"
    local n w
    for n in "${NUMBERS[@]}"; do echo "$n|$n"; done
    for w in "${VOCABULARY[@]}"; do
        if [[ $w == *"|"* ]]; then echo "kata-${w%%|*}|${w#*|}"; else echo "kata-$w|$w"; fi
    done
}

ensure_tools() {
    if command -v espeak-ng >/dev/null && command -v sox >/dev/null && command -v soxi >/dev/null; then
        return
    fi
    echo "installing espeak-ng and sox" >&2
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y espeak-ng sox
}

# One spoken clip: speak, trim the silence at both ends, normalise, resample to mono
# 16 kHz 16-bit, then a short fade in and out so that clips join without clicks.
# `-R` seeds sox's dither with a fixed value, so a rerun gives identical files.
speak() {
    local id=$1 text=$2 tmp=$3
    espeak-ng -v "$VOICE" -s "$SPEED" -w "$tmp/raw.wav" "$text"
    sox -R "$tmp/raw.wav" -c 1 -b 16 "$tmp/trim.wav" \
        silence 1 0.005 0.1% reverse silence 1 0.005 0.1% reverse \
        rate -v "$RATE" norm "$PEAK"
    sox -R "$tmp/trim.wav" -c 1 -r "$RATE" -b 16 "$id.wav" fade q 0.005 -0 0.02
}

# One bell-like tone: the fundamental with its 2nd and 3rd harmonics, the higher ones
# dying away sooner, each faded from its strike to silence.
bell() {
    local freq=$1 seconds=$2 out=$3 tmp=$4 k len
    for k in 1 2 3; do
        len=$(awk -v s="$seconds" -v k="$k" 'BEGIN { printf "%.3f", s / (k == 1 ? 1 : 2 * (k - 1)) }')
        sox -R -n -r "$RATE" -c 1 -b 16 "$tmp/partial$k.wav" \
            synth "$len" sine "$(awk -v f="$freq" -v k="$k" 'BEGIN { print f * k }')" \
            fade q 0.01 "$len" "$(awk -v l="$len" 'BEGIN { print l - 0.01 }')"
    done
    sox -R -m -v 0.6 "$tmp/partial1.wav" -v 0.25 "$tmp/partial2.wav" -v 0.12 "$tmp/partial3.wav" "$out"
}

# The chime: "ding" on E5, then "dong" on C5 half a second later while the ding still rings,
# with a little room reverb. Made from sine waves only: no external sound.
chime() {
    local tmp=$1
    bell 659.25 1.0 "$tmp/ding.wav" "$tmp"
    bell 523.25 1.2 "$tmp/dong.wav" "$tmp"
    sox -R "$tmp/dong.wav" "$tmp/dong-late.wav" pad 0.5 0
    sox -R -m -v 0.8 "$tmp/ding.wav" -v 1 "$tmp/dong-late.wav" "$tmp/chime.wav" \
        reverb 20 50 40 norm "$CHIME_PEAK"
    sox -R "$tmp/chime.wav" -c 1 -r "$RATE" -b 16 chime.wav fade q 0 -0 0.05
}

generate() {
    ensure_tools
    local line id text count=0
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    while IFS= read -r line; do
        id=${line%%|*}
        text=${line#*|}
        if [[ $id == chime ]]; then chime "$WORK"; else speak "$id" "$text" "$WORK"; fi
        count=$((count + 1))
    done < <(all_clips)
    echo "made $count clips"
}

# Every clip: mono, 16 kHz, 16-bit, between MIN_SECONDS and MAX_SECONDS long, not silent;
# no stray .wav in the folder; the folder under MAX_TOTAL_KB.
check() {
    command -v soxi >/dev/null || ensure_tools
    local failures=0 line id f seconds rms channels rate bits wanted=" " count=0
    while IFS= read -r line; do
        id=${line%%|*}
        wanted+="$id "
        f="$id.wav"
        count=$((count + 1))
        if [[ ! -f $f ]]; then
            echo "MISSING $f"
            failures=$((failures + 1))
            continue
        fi
        channels=$(soxi -c "$f")
        rate=$(soxi -r "$f")
        bits=$(soxi -b "$f")
        seconds=$(soxi -D "$f")
        rms=$(sox "$f" -n stat 2>&1 | awk '/^RMS +amplitude/ { print $3 }')
        if [[ $channels != 1 || $rate != "$RATE" || $bits != 16 ]]; then
            echo "BAD FORMAT $f: $channels channel(s), $rate Hz, $bits-bit"
            failures=$((failures + 1))
        fi
        if ! awk -v s="$seconds" -v lo="$MIN_SECONDS" -v hi="$MAX_SECONDS" 'BEGIN { exit !(s >= lo && s <= hi) }'; then
            echo "BAD LENGTH $f: $seconds s (wanted $MIN_SECONDS–$MAX_SECONDS s)"
            failures=$((failures + 1))
        fi
        if ! awk -v r="$rms" -v lo="$MIN_RMS" 'BEGIN { exit !(r > lo) }'; then
            echo "SILENT $f: RMS amplitude $rms"
            failures=$((failures + 1))
        fi
    done < <(all_clips)
    for f in *.wav; do
        [[ -e $f ]] || continue
        if [[ $wanted != *" ${f%.wav} "* ]]; then
            echo "STRAY $f: not a clip of this script (delete it, or add it to the lists)"
            failures=$((failures + 1))
        fi
    done
    local total_kb
    total_kb=$(du -sk --apparent-size . | cut -f1)
    if ((total_kb > MAX_TOTAL_KB)); then
        echo "TOO BIG: data/audio is $total_kb KB (limit $MAX_TOTAL_KB KB)"
        failures=$((failures + 1))
    fi
    if ((failures > 0)); then
        echo "$failures problem(s) in $count clips"
        return 1
    fi
    echo "checked $count clips: all mono ${RATE} Hz 16-bit, $MIN_SECONDS–$MAX_SECONDS s, audible; $total_kb KB in all"
}

case "${1:-}" in
    "") generate && check ;;
    --check) check ;;
    *)
        echo "usage: $0 [--check]" >&2
        exit 2
        ;;
esac
