//! The transcription port: a candidate's recorded answer in, its text out.
//!
//! One adapter, [`OpenAiTranscriber`], speaks OpenAI's `POST {base}/audio/transcriptions`, which
//! hosted Whisper and the self-hosted servers that copy its API take alike. There is no local
//! default (DESIGN §5 lists none): with `TRANSCRIPTION_URL` unset,
//! [`TranscriptionSettings::from_env`] gives `None` and the API refuses audio answers rather than
//! scoring an answer it could not hear.
//!
//! What a recording is, is decided by [`AudioFormat::sniff`] from its first bytes, never from the
//! client's `Content-Type` or file name: the provider decodes by the extension it is sent, so a
//! mislabelled file would come back as a refusal that looks like our misconfiguration, and a file
//! that is not audio at all should be refused before it leaves the server.

mod openai;
mod settings;

use async_trait::async_trait;
use bytes::Bytes;
use kernel::AppError;
use serde::Serialize;

pub use openai::OpenAiTranscriber;
pub use settings::TranscriptionSettings;

/// OpenAI refuses larger uploads; a recording this long is not an interview answer anyway.
pub const MAX_AUDIO_BYTES: usize = 25_000_000;

/// The containers browsers record in (`MediaRecorder`: WebM in Chromium and Firefox, Ogg in older
/// Firefox) and the ones people upload, all of which the provider decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    Webm,
    Ogg,
    Mp3,
    Wav,
}

impl AudioFormat {
    /// The format by magic bytes alone; `None` for anything else, including Matroska files that
    /// are not WebM (their codecs may be ones the provider cannot decode).
    pub fn sniff(bytes: &[u8]) -> Option<AudioFormat> {
        match bytes {
            [0x1A, 0x45, 0xDF, 0xA3, ..] => (ebml_doc_type(bytes)? == b"webm").then_some(Self::Webm),
            [b'O', b'g', b'g', b'S', ..] => Some(Self::Ogg),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Some(Self::Wav),
            [b'I', b'D', b'3', ..] => Some(Self::Mp3),
            // An MPEG audio frame sync (11 bits set) with a layer: layer bits 00 are reserved, and
            // are what AAC's ADTS frames (0xFFF1, 0xFFF9) carry, which are not MP3.
            [0xFF, second, ..] if second & 0xE0 == 0xE0 && (second >> 1) & 0x03 != 0 => Some(Self::Mp3),
            _ => None,
        }
    }

    /// The extension of the file name sent to the provider, which decodes by it.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Webm => "webm",
            Self::Ogg => "ogg",
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Webm => "audio/webm",
            Self::Ogg => "audio/ogg",
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/wav",
        }
    }
}

/// The EBML element that names the kind of document.
const DOC_TYPE_ID: [u8; 2] = [0x42, 0x82];

/// The DocType of an EBML header ("webm", "matroska"), read from the first 64 bytes only: the
/// header's elements are walked rather than searched, so a DocType is never confused with the
/// same letters elsewhere.
fn ebml_doc_type(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(64)];
    // The header's own size is not needed: the walk stops at DocType or at the 64th byte.
    let (_, size_length) = vint(head.get(4..)?)?;
    let mut rest = head.get(4 + size_length..)?;
    loop {
        let id_length = vint_length(*rest.first()?)?;
        let id = rest.get(..id_length)?;
        let (size, size_length) = vint(rest.get(id_length..)?)?;
        let start = id_length + size_length;
        let data = rest.get(start..start.checked_add(usize::try_from(size).ok()?)?)?;
        if id == DOC_TYPE_ID {
            // EBML strings may be padded with zero bytes.
            let end = data.iter().rposition(|byte| *byte != 0).map_or(0, |last| last + 1);
            return Some(&data[..end]);
        }
        rest = &rest[start + data.len()..];
    }
}

/// The length of an EBML variable-length integer, told by its first byte's leading zeros.
fn vint_length(first: u8) -> Option<usize> {
    match first.leading_zeros() {
        8 => None,
        zeros => Some(zeros as usize + 1),
    }
}

/// An EBML variable-length integer's value (without its length marker) and length.
fn vint(bytes: &[u8]) -> Option<(u64, usize)> {
    let length = vint_length(*bytes.first()?)?;
    let bytes = bytes.get(..length)?;
    let first = bytes[0] & 0xFF_u8.checked_shr(length as u32).unwrap_or(0);
    let value = bytes[1..].iter().fold(u64::from(first), |value, byte| (value << 8) | u64::from(*byte));
    Some((value, length))
}

/// What the provider heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub text: String,
    /// The recording's length, when the provider tells it: how long the candidate spoke.
    pub duration_seconds: Option<f64>,
    /// The language as the provider names it (OpenAI: its English name, `spanish`, not `es`).
    pub language: Option<String>,
}

/// Speech to text, as the contexts see it. A provider that cannot be reached (after the adapter's
/// retries) is `AppError::Unavailable("transcription")`; a recording over [`MAX_AUDIO_BYTES`] is
/// `AppError::PayloadTooLarge`, refused before it is sent; an answer that breaks the contract or
/// a request the provider refuses is `AppError::Internal`, since both mean the configuration is
/// wrong.
#[async_trait]
pub trait Transcriber: Send + Sync {
    /// The model id, kept with each transcript so a poor one can be traced to its model.
    fn model(&self) -> &str;

    /// The text of one recording. `language` is the ISO-639-1 code of what the candidate speaks
    /// (the interview's language) when known: the provider then need not guess it, which makes
    /// the transcript more accurate and faster; `None` lets it detect the language.
    async fn transcribe(
        &self,
        audio: Bytes,
        format: AudioFormat,
        language: Option<&str>,
    ) -> Result<Transcript, AppError>;
}

#[cfg(test)]
mod tests {
    use super::AudioFormat;

    /// The EBML header Chromium's `MediaRecorder` writes, followed by the Segment's start.
    const WEBM: &[u8] = &[
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42,
        0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm', 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
        0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];

    /// The same header as a Matroska (not WebM) file has it.
    const MATROSKA: &[u8] = &[
        0x1A, 0x45, 0xDF, 0xA3, 0xA3, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42,
        0xF3, 0x81, 0x08, 0x42, 0x82, 0x88, b'm', b'a', b't', b'r', b'o', b's', b'k', b'a', 0x42, 0x87, 0x81, 0x04,
        0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67,
    ];

    #[test]
    fn audio_is_recognised_by_its_magic_bytes() {
        let cases: &[(&[u8], AudioFormat)] = &[
            (WEBM, AudioFormat::Webm),
            (b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00", AudioFormat::Ogg),
            (b"ID3\x04\x00\x00\x00\x00\x00\x23TSSE", AudioFormat::Mp3),
            (&[0xFF, 0xFB, 0x90, 0x64], AudioFormat::Mp3),
            (&[0xFF, 0xF3, 0x48, 0xC4], AudioFormat::Mp3),
            (b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00", AudioFormat::Wav),
        ];
        for &(bytes, format) in cases {
            assert_eq!(AudioFormat::sniff(bytes), Some(format), "{bytes:02X?}");
        }
    }

    #[test]
    fn anything_else_is_not_audio() {
        let cases: &[&[u8]] = &[
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3",
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            "Lideré un equipo de cinco personas".as_bytes(),
            &[],
            MATROSKA,
            &[0xFF, 0x00],
            &[0xFF],
            &[0xFF, 0xF1, 0x50, 0x80],
            b"RIFF\x24\x08\x00\x00AVI LIST",
            &WEBM[..4],
            &WEBM[..26],
        ];
        for &bytes in cases {
            assert_eq!(AudioFormat::sniff(bytes), None, "{bytes:02X?}");
        }
    }

    #[test]
    fn formats_name_their_file_and_media_type() {
        let names: Vec<(&str, &str)> = [AudioFormat::Webm, AudioFormat::Ogg, AudioFormat::Mp3, AudioFormat::Wav]
            .map(|format| (format.extension(), format.mime()))
            .to_vec();
        assert_eq!(
            names,
            vec![("webm", "audio/webm"), ("ogg", "audio/ogg"), ("mp3", "audio/mpeg"), ("wav", "audio/wav")]
        );
        assert_eq!(serde_json::to_value(AudioFormat::Webm).unwrap(), "webm");
    }
}
