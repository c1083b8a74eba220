//! The Confluent wire format: how a message names the schema it was written with.
//!
//! Prefix framing, as every Confluent serializer writes it: byte 0 is the magic byte `0x00`,
//! bytes 1–4 the schema id as an unsigned 32-bit big-endian integer, then the payload (for JSON
//! Schema, UTF-8 JSON text). Messages framed here are read by Confluent's deserializers and the
//! other way round.

/// The magic byte of prefix framing.
pub const MAGIC_BYTE: u8 = 0;

/// Length of the frame header: the magic byte and the 4-byte schema id.
pub const HEADER_LEN: usize = 5;

/// Why bytes could not be unframed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No bytes at all.
    #[error("empty message: expected a magic byte and a 4-byte schema id")]
    Empty,
    /// Fewer bytes than the 5-byte header.
    #[error(
        "truncated frame: {len} bytes, the header alone is 5 (magic byte and 4-byte schema id)"
    )]
    Truncated {
        /// How many bytes there were.
        len: usize,
    },
    /// The first byte is not the magic byte `0x00`: not Confluent prefix framing (or a newer
    /// framing this build does not read, such as `0x01` for GUID framing).
    #[error("unknown magic byte 0x{byte:02x}: expected 0x00 (Confluent framing)")]
    UnknownMagicByte {
        /// The byte found.
        byte: u8,
    },
}

/// Frame `payload` with schema id `id`.
///
/// ```
/// let framed = accord_schemas::wire::encode(258, b"{}");
/// assert_eq!(framed, [0, 0, 0, 1, 2, b'{', b'}']);
/// ```
pub fn encode(id: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    encode_into(id, payload, &mut out);
    out
}

/// Append the framing of `payload` with schema id `id` to `out` (reusing its allocation).
///
/// ```
/// let mut buf = Vec::new();
/// accord_schemas::wire::encode_into(7, b"1", &mut buf);
/// assert_eq!(buf, [0, 0, 0, 0, 7, b'1']);
/// ```
pub fn encode_into(id: u32, payload: &[u8], out: &mut Vec<u8>) {
    out.reserve(HEADER_LEN + payload.len());
    out.push(MAGIC_BYTE);
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(payload);
}

/// Unframe `bytes` into the schema id and the payload (borrowed, not copied).
///
/// ```
/// use accord_schemas::wire::{decode, Error};
///
/// assert_eq!(decode(&[0, 0, 0, 1, 2, b'{', b'}']), Ok((258, &b"{}"[..])));
/// assert_eq!(decode(&[]), Err(Error::Empty));
/// assert_eq!(decode(&[0, 0, 1]), Err(Error::Truncated { len: 3 }));
/// assert_eq!(decode(b"{\"a\":1}"), Err(Error::UnknownMagicByte { byte: b'{' }));
/// ```
pub fn decode(bytes: &[u8]) -> Result<(u32, &[u8]), Error> {
    let (&magic, _) = bytes.split_first().ok_or(Error::Empty)?;
    if magic != MAGIC_BYTE {
        return Err(Error::UnknownMagicByte { byte: magic });
    }
    if bytes.len() < HEADER_LEN {
        return Err(Error::Truncated { len: bytes.len() });
    }
    let id = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
    Ok((id, &bytes[HEADER_LEN..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_byte_of_the_id() {
        for id in [0, 1, 255, 256, 65_535, 16_777_216, 0x0102_0304, u32::MAX] {
            for payload in [&b""[..], b"{}", b"\x00\x01binary"] {
                let framed = encode(id, payload);
                assert_eq!(framed.len(), HEADER_LEN + payload.len());
                assert_eq!(decode(&framed), Ok((id, payload)));
            }
        }
    }

    #[test]
    fn id_is_big_endian() {
        assert_eq!(encode(0x0102_0304, b"x"), [0, 1, 2, 3, 4, b'x']);
        assert_eq!(decode(&[0, 0xff, 0, 0, 0]), Ok((0xff00_0000, &b""[..])));
    }

    /// Bytes as Confluent's Python `JSONSerializer` writes them: magic, id 1, then
    /// `json.dumps` output (with spaces after separators).
    #[test]
    fn reads_a_confluent_python_frame() {
        let framed = b"\x00\x00\x00\x00\x01{\"id\": \"o-1\", \"total\": 12.5}";
        let (id, payload) = decode(framed).unwrap();
        assert_eq!(id, 1);
        let value: serde_json::Value = serde_json::from_slice(payload).unwrap();
        assert_eq!(value["id"], "o-1");
    }

    #[test]
    fn every_short_frame_is_truncated_not_a_panic() {
        assert_eq!(decode(&[]), Err(Error::Empty));
        for len in 1..HEADER_LEN {
            let bytes = vec![0u8; len];
            assert_eq!(decode(&bytes), Err(Error::Truncated { len }));
        }
    }

    #[test]
    fn a_wrong_magic_byte_is_named() {
        assert_eq!(
            decode(&[1, 0, 0, 0, 1]),
            Err(Error::UnknownMagicByte { byte: 1 })
        );
        assert_eq!(
            Error::UnknownMagicByte { byte: 0x7b }.to_string(),
            "unknown magic byte 0x7b: expected 0x00 (Confluent framing)"
        );
        // A wrong magic byte is reported even when the message is also short.
        assert_eq!(decode(&[0x7b]), Err(Error::UnknownMagicByte { byte: 0x7b }));
    }

    #[test]
    fn encode_into_appends() {
        let mut buf = b"keep".to_vec();
        encode_into(2, b"[]", &mut buf);
        assert_eq!(buf, b"keep\x00\x00\x00\x00\x02[]");
    }
}
