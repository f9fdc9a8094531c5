//! The audio clips shipped in `data/audio/` against `announce::CLIPS`: every clip the code
//! may play has its file, each file is a real mono 16 kHz 16-bit PCM WAV of a plausible
//! length that is not silent, and no file lies there unused. The WAV header is read here by
//! hand, chunk by chunk, so that the test needs no audio crate.

use std::collections::BTreeSet;
use std::path::PathBuf;

use loket_core::announce::{clip_file, AUDIO_DIR, CLIPS};

/// `data/audio/` of the repository.
fn audio_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .join(AUDIO_DIR)
}

/// What the header and data of a WAV file say.
#[derive(Debug)]
struct Wav {
    format: u16,
    channels: u16,
    sample_rate: u32,
    byte_rate: u32,
    block_align: u16,
    bits: u16,
    /// The samples, 16-bit little-endian, when `bits` is 16.
    samples: Vec<i16>,
    data_bytes: usize,
}

impl Wav {
    fn seconds(&self) -> f64 {
        self.data_bytes as f64 / f64::from(self.byte_rate)
    }

    /// RMS amplitude, 0 (silence) to 1 (full scale).
    fn rms(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|&s| (f64::from(s) / 32768.0).powi(2))
            .sum();
        (sum / self.samples.len() as f64).sqrt()
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Reads a RIFF/WAVE file: its `fmt ` chunk and its `data` chunk, skipping any other chunk.
fn parse_wav(bytes: &[u8]) -> Result<Wav, String> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err("not a RIFF/WAVE file".into());
    }
    let riff_size = u32_at(bytes, 4) as usize;
    if riff_size + 8 != bytes.len() {
        return Err(format!(
            "RIFF size {riff_size} + 8 but the file has {} bytes",
            bytes.len()
        ));
    }
    let mut fmt = None;
    let mut data = None;
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32_at(bytes, at + 4) as usize;
        let body = at + 8;
        let end = body.checked_add(size).filter(|&e| e <= bytes.len());
        let end = end
            .ok_or_else(|| format!("chunk {:?} runs past the end", String::from_utf8_lossy(id)))?;
        match id {
            b"fmt " if size >= 16 => fmt = Some(&bytes[body..end]),
            b"data" => data = Some(&bytes[body..end]),
            _ => {}
        }
        // Chunks are padded to an even size.
        at = end + (size & 1);
    }
    let fmt = fmt.ok_or("no fmt chunk")?;
    let data = data.ok_or("no data chunk")?;
    let bits = u16_at(fmt, 14);
    let samples = if bits == 16 {
        data.chunks_exact(2)
            .map(|s| i16::from_le_bytes([s[0], s[1]]))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Wav {
        format: u16_at(fmt, 0),
        channels: u16_at(fmt, 2),
        sample_rate: u32_at(fmt, 4),
        byte_rate: u32_at(fmt, 8),
        block_align: u16_at(fmt, 12),
        bits,
        samples,
        data_bytes: data.len(),
    })
}

#[test]
fn every_clip_is_a_mono_16khz_16bit_wav_of_plausible_length() {
    let dir = audio_dir();
    let mut problems = Vec::new();
    for id in CLIPS {
        let path = dir.join(clip_file(id));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{id}: {} cannot be read: {e}", path.display()));
                continue;
            }
        };
        let wav = match parse_wav(&bytes) {
            Ok(w) => w,
            Err(e) => {
                problems.push(format!("{id}: {e}"));
                continue;
            }
        };
        let pcm = wav.format == 1
            && wav.channels == 1
            && wav.sample_rate == 16_000
            && wav.bits == 16
            && wav.block_align == 2
            && wav.byte_rate == 32_000
            && wav.samples.len() * 2 == wav.data_bytes;
        if !pcm {
            problems.push(format!("{id}: not mono 16 kHz 16-bit PCM: {wav:?}"));
            continue;
        }
        let seconds = wav.seconds();
        if !(0.15..=2.5).contains(&seconds) {
            problems.push(format!("{id}: {seconds:.3} s long"));
        }
        let rms = wav.rms();
        if rms < 0.01 {
            problems.push(format!("{id}: silent (RMS amplitude {rms:.4})"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_wav_in_the_audio_folder_is_unused() {
    let wanted: BTreeSet<String> = CLIPS.iter().map(|id| clip_file(id)).collect();
    let unused: Vec<String> = std::fs::read_dir(audio_dir())
        .expect("data/audio exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.to_lowercase().ends_with(".wav") && !wanted.contains(name))
        .collect();
    assert!(unused.is_empty(), "clips no code plays: {unused:?}");
}

#[test]
fn the_clips_stay_small() {
    let total: u64 = std::fs::read_dir(audio_dir())
        .expect("data/audio exists")
        .map(|e| {
            e.expect("a readable entry")
                .metadata()
                .expect("metadata")
                .len()
        })
        .sum();
    assert!(total < 3 * 1024 * 1024, "data/audio holds {total} bytes");
}

#[test]
fn the_wav_reader_refuses_what_is_not_a_wav() {
    assert!(parse_wav(b"").is_err());
    assert!(parse_wav(b"RIFF\x04\x00\x00\x00WAVE").is_err(), "no chunks");
    assert!(parse_wav(b"RIFX\x04\x00\x00\x00WAVE").is_err());
    let mut truncated = b"RIFF\x14\x00\x00\x00WAVEdata\xff\x00\x00\x00".to_vec();
    truncated.extend([0; 4]);
    assert!(parse_wav(&truncated).is_err(), "data chunk past the end");
}

#[test]
fn every_call_of_a_busy_day_plays_only_shipped_clips() {
    let dir = audio_dir();
    for prefix in ["P", "PBJ", "A"] {
        for n in 1..=999 {
            let ticket = format!("{prefix}-{n:03}");
            let clips = loket_core::announce::call_clips(&ticket, "Ruang Rapat Lantai 2");
            assert!(clips.len() > 5, "{ticket}: {clips:?}");
            for id in clips {
                assert!(dir.join(clip_file(&id)).is_file(), "{ticket}: {id}");
            }
        }
    }
}
