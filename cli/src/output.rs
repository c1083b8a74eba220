//! Standard output for every command: buffered, coloured only when it is a terminal (anstream's
//! rules: `NO_COLOR` turns colour off, `CLICOLOR_FORCE` on), and tolerant of a reader that goes
//! away. A closed pipe (`accord diff a b | head -1`) is not an error: the rest of the output is
//! dropped and the exit code is still the verdict.

use std::io::{self, BufWriter, StdoutLock, Write};

use anstream::{AutoStream, ColorChoice};
use anstyle::Style;

use crate::exit::Exit;
use crate::failure::Failure;

/// Buffered standard output that knows whether to colour and swallows a broken pipe.
pub(crate) struct Output {
    inner: BufWriter<StdoutLock<'static>>,
    color: bool,
    closed: bool,
}

impl Output {
    /// Lock standard output for the rest of the run.
    pub(crate) fn stdout() -> Output {
        let stdout = io::stdout();
        let color = AutoStream::choice(&stdout) != ColorChoice::Never;
        Output {
            inner: BufWriter::with_capacity(64 * 1024, stdout.lock()),
            color,
            closed: false,
        }
    }

    /// `style` when colouring, otherwise the plain style (which renders as nothing).
    pub(crate) fn paint(&self, style: Style) -> Style {
        if self.color {
            style
        } else {
            Style::new()
        }
    }

    /// Flush what is buffered; the one place a write error becomes a [`Failure`].
    pub(crate) fn finish(mut self) -> Result<(), Failure> {
        self.flush().map_err(write_failed)
    }

    fn swallow_broken_pipe<T>(&mut self, result: io::Result<T>, closed: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            other => other,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.swallow_broken_pipe(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.swallow_broken_pipe(result, ())
    }
}

/// Turn an error while writing the report into the infrastructure failure it is.
pub(crate) fn write_failed(e: io::Error) -> Failure {
    Failure::new(
        Exit::Infrastructure,
        anyhow::Error::from(e).context("cannot write to standard output"),
    )
}
