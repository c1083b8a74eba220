//! Reading NDJSON (one JSON payload per line) from any [`BufRead`] in constant memory.
//!
//! A line longer than the limit is skipped without being buffered and reported as a
//! [`PayloadError::TooLarge`] for that line; the stream goes on with the next line. Blank lines
//! are skipped (they still count for line numbers); a trailing `\r` is dropped, and so is a UTF-8
//! byte-order mark at the start of the stream. Only an I/O error ends the stream early.

use std::io::{self, BufRead, Read};

use super::payload::PayloadError;

/// One line of an NDJSON stream.
#[derive(Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the stream.
    pub number: u64,
    /// The line's bytes without its line ending, or why it was skipped.
    pub payload: Result<&'a [u8], PayloadError>,
}

/// Reads NDJSON lines one at a time, reusing one buffer of at most `max_line_bytes + 1` bytes.
///
/// ```
/// use accord_schemas::validate::ndjson::NdjsonReader;
/// use accord_schemas::validate::PayloadError;
///
/// let input = "{\"a\":1}\n\n[1,2,3,4,5,6,7,8,9]\r\n{\"b\":2}";
/// let mut reader = NdjsonReader::new(input.as_bytes(), 10);
///
/// let line = reader.next_line().unwrap().unwrap();
/// assert_eq!((line.number, line.payload), (1, Ok(&b"{\"a\":1}"[..])));
/// let line = reader.next_line().unwrap().unwrap();
/// assert_eq!(line.number, 3);
/// assert_eq!(line.payload, Err(PayloadError::TooLarge { bytes: 19, max: 10 }));
/// let line = reader.next_line().unwrap().unwrap();
/// assert_eq!((line.number, line.payload), (4, Ok(&b"{\"b\":2}"[..])));
/// assert!(reader.next_line().unwrap().is_none());
/// ```
#[derive(Debug)]
pub struct NdjsonReader<R> {
    reader: R,
    buf: Vec<u8>,
    line_number: u64,
    max_line_bytes: usize,
}

impl<R: BufRead> NdjsonReader<R> {
    /// A reader of `reader` refusing lines longer than `max_line_bytes` (line ending excluded).
    pub fn new(reader: R, max_line_bytes: usize) -> NdjsonReader<R> {
        NdjsonReader {
            reader,
            buf: Vec::new(),
            line_number: 0,
            max_line_bytes,
        }
    }

    /// The number of the last line read (0 before the first).
    pub fn line_number(&self) -> u64 {
        self.line_number
    }

    /// The next non-blank line, `None` at the end of the stream.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            self.buf.clear();
            let limit = self.max_line_bytes as u64 + 2; // room for "\r\n"
            let read = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)?;
            if read == 0 {
                return Ok(None);
            }
            self.line_number += 1;
            let complete = self.buf.last() == Some(&b'\n');
            if complete {
                self.buf.pop();
                if self.buf.last() == Some(&b'\r') {
                    self.buf.pop();
                }
            }
            if self.line_number == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            if self.buf.len() > self.max_line_bytes {
                let mut bytes = self.buf.len() as u64;
                if !complete {
                    let last = self.buf.last().copied().unwrap_or(0);
                    let (rest, crlf) = skip_line(&mut self.reader, last)?;
                    bytes = bytes + rest - u64::from(crlf);
                }
                return Ok(Some(Line {
                    number: self.line_number,
                    payload: Err(PayloadError::TooLarge {
                        bytes,
                        max: self.max_line_bytes,
                    }),
                }));
            }
            // Checked from the first byte so ordinary lines are not scanned twice.
            if self.buf.first().is_none_or(u8::is_ascii_whitespace)
                && self.buf.iter().all(u8::is_ascii_whitespace)
            {
                continue;
            }
            return Ok(Some(Line {
                number: self.line_number,
                payload: Ok(&self.buf),
            }));
        }
    }
}

/// Consume the rest of a line, newline included, without keeping it. Returns the number of
/// bytes before the newline (or the end of the stream) and whether the line ended in `\r\n`;
/// `last` is the byte read just before the skip.
fn skip_line<R: BufRead>(reader: &mut R, mut last: u8) -> io::Result<(u64, bool)> {
    let mut skipped = 0u64;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((skipped, false));
        }
        if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
            let before = if i > 0 { chunk[i - 1] } else { last };
            skipped += i as u64;
            reader.consume(i + 1);
            return Ok((skipped, before == b'\r'));
        }
        let n = chunk.len();
        last = chunk[n - 1];
        skipped += n as u64;
        reader.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that yields `len` bytes of `byte` without ever holding them, then `tail`.
    struct Repeat {
        byte: u8,
        left: u64,
        tail: io::Cursor<Vec<u8>>,
    }

    impl Read for Repeat {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.left == 0 {
                return self.tail.read(out);
            }
            let n = out.len().min(self.left as usize);
            out[..n].fill(self.byte);
            self.left -= n as u64;
            Ok(n)
        }
    }

    fn lines(input: &[u8], max: usize) -> Vec<(u64, Result<Vec<u8>, PayloadError>)> {
        let mut reader = NdjsonReader::new(input, max);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            out.push((line.number, line.payload.map(<[u8]>::to_vec)));
        }
        out
    }

    #[test]
    fn crlf_blank_lines_and_bom() {
        let got = lines(b"\xEF\xBB\xBF{}\r\n \r\n\n[1]\n", 100);
        assert_eq!(got, vec![(1, Ok(b"{}".to_vec())), (4, Ok(b"[1]".to_vec()))]);
    }

    #[test]
    fn a_line_of_exactly_the_limit_passes_one_more_byte_does_not() {
        let got = lines(b"12345\n123456\n1234\n123456", 5);
        assert_eq!(
            got,
            vec![
                (1, Ok(b"12345".to_vec())),
                (2, Err(PayloadError::TooLarge { bytes: 6, max: 5 })),
                (3, Ok(b"1234".to_vec())),
                (4, Err(PayloadError::TooLarge { bytes: 6, max: 5 })),
            ]
        );
        assert_eq!(lines(b"12345\r\n", 5), vec![(1, Ok(b"12345".to_vec()))]);
    }

    #[test]
    fn a_100_mb_line_is_one_error_and_the_stream_goes_on_in_bounded_memory() {
        let huge: u64 = 100 * 1024 * 1024;
        let source = Repeat {
            byte: b'x',
            left: huge,
            tail: io::Cursor::new(b"\n{\"after\":true}\n".to_vec()),
        };
        let mut reader = NdjsonReader::new(io::BufReader::new(source), 1024);
        let first = reader.next_line().unwrap().unwrap();
        assert_eq!(
            first.payload,
            Err(PayloadError::TooLarge {
                bytes: huge,
                max: 1024
            })
        );
        let second = reader.next_line().unwrap().unwrap();
        assert_eq!(second.number, 2);
        assert_eq!(second.payload, Ok(&b"{\"after\":true}"[..]));
        assert!(reader.next_line().unwrap().is_none());
        assert!(
            reader.buf.capacity() < 64 * 1024,
            "{}",
            reader.buf.capacity()
        );
    }
}
