//! `--framed hex|base64`: Confluent-framed messages, one per line, written as text.
//!
//! Raw frames carry no length or delimiter, so a stream of them cannot be split; each line of the
//! input is one frame in hex or base64. Decoding a line yields the schema id and the JSON payload
//! (`accord_schemas::wire::decode`), or why the line is not a frame.

use accord_schemas::wire;
use base64::Engine as _;

use crate::args::FrameEncoding;

/// The longest line accepted for a frame of at most `max_payload` payload bytes.
pub(super) fn max_line_bytes(encoding: FrameEncoding, max_payload: usize) -> usize {
    let frame = max_payload.saturating_add(wire::HEADER_LEN);
    match encoding {
        FrameEncoding::Hex => frame.saturating_mul(2),
        FrameEncoding::Base64 => frame.div_ceil(3).saturating_mul(4),
    }
}

/// Decode one line into `frame` (cleared first), then unframe it.
pub(super) fn decode<'a>(
    encoding: FrameEncoding,
    line: &[u8],
    frame: &'a mut Vec<u8>,
) -> Result<(u32, &'a [u8]), String> {
    frame.clear();
    let text = line.trim_ascii();
    match encoding {
        FrameEncoding::Hex => hex(text, frame)?,
        FrameEncoding::Base64 => BASE64
            .decode_vec(text, frame)
            .map_err(|e| format!("not base64: {e}"))?,
    }
    wire::decode(frame).map_err(|e| e.to_string())
}

const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

fn hex(text: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    if text.len() % 2 != 0 {
        return Err(format!(
            "not hex: an odd number of digits ({}), two are needed per byte",
            text.len()
        ));
    }
    out.reserve(text.len() / 2);
    for (i, pair) in text.chunks_exact(2).enumerate() {
        let digit = |at: usize| {
            let c = pair[at];
            (c as char)
                .to_digit(16)
                .ok_or_else(|| format!("not hex: {:?} at column {}", c as char, 2 * i + at + 1))
        };
        out.push((digit(0)? * 16 + digit(1)?) as u8);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_frame(id: u32, payload: &[u8]) -> String {
        wire::encode(id, payload)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn hex_and_base64_frames_decode_to_the_id_and_payload() {
        let mut buf = Vec::new();
        let line = hex_frame(258, b"{\"a\":1}");
        assert_eq!(
            decode(FrameEncoding::Hex, line.as_bytes(), &mut buf),
            Ok((258, &b"{\"a\":1}"[..]))
        );
        let upper = format!("  {}\t", line.to_uppercase());
        assert_eq!(
            decode(FrameEncoding::Hex, upper.as_bytes(), &mut buf).map(|(id, _)| id),
            Ok(258)
        );
        let b64 = BASE64.encode(wire::encode(7, b"[]"));
        assert_eq!(
            decode(FrameEncoding::Base64, b64.as_bytes(), &mut buf),
            Ok((7, &b"[]"[..]))
        );
        let unpadded = b64.trim_end_matches('=');
        assert_ne!(unpadded, b64);
        assert_eq!(
            decode(FrameEncoding::Base64, unpadded.as_bytes(), &mut buf),
            Ok((7, &b"[]"[..]))
        );
    }

    #[test]
    fn bad_lines_say_why() {
        let mut buf = Vec::new();
        let err = |enc, line: &str| decode(enc, line.as_bytes(), &mut buf.clone()).unwrap_err();
        assert_eq!(
            err(FrameEncoding::Hex, "000"),
            "not hex: an odd number of digits (3), two are needed per byte"
        );
        assert_eq!(err(FrameEncoding::Hex, "00zz"), "not hex: 'z' at column 3");
        assert!(err(FrameEncoding::Base64, "!!!!").starts_with("not base64: "));
        assert!(err(FrameEncoding::Hex, "000001").starts_with("truncated frame: 3 bytes"));
        assert_eq!(
            err(FrameEncoding::Hex, "0700000001"),
            "unknown magic byte 0x07: expected 0x00 (Confluent framing)"
        );
        buf.clear();
    }

    #[test]
    fn line_limits_cover_the_largest_payload() {
        assert_eq!(max_line_bytes(FrameEncoding::Hex, 10), 30);
        assert_eq!(max_line_bytes(FrameEncoding::Base64, 10), 20);
        assert_eq!(max_line_bytes(FrameEncoding::Base64, 1), 8);
    }
}
