//! A progress line on standard error while a long stream is validated: payloads, rate, failures.
//! Drawn only when standard error is a terminal, at most a few times a second, and erased before
//! any report line is written so the two never share a line.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use super::report::Counts;
use crate::output::Output;

/// How often the clock is read: every this many payloads (a power of two).
const CHECK_EVERY: u64 = 4096;
const REDRAW_AFTER: Duration = Duration::from_millis(250);

pub(super) struct Progress {
    enabled: bool,
    drawn: bool,
    start: Instant,
    last: Instant,
}

impl Progress {
    pub(super) fn on_stderr() -> Progress {
        let now = Instant::now();
        Progress {
            enabled: io::stderr().is_terminal(),
            drawn: false,
            start: now,
            last: now,
        }
    }

    /// Called after each payload; cheap unless a redraw is due.
    pub(super) fn tick(&mut self, counts: &Counts, out: &mut Output) {
        if !self.enabled || counts.payloads % CHECK_EVERY != 0 {
            return;
        }
        let now = Instant::now();
        if now - self.last < REDRAW_AFTER {
            return;
        }
        self.last = now;
        // Reports buffered so far go first, so they stay above the progress line.
        let _ = out.flush();
        let seconds = (now - self.start).as_secs_f64().max(1e-9);
        let rate = counts.payloads as f64 / seconds;
        let mut stderr = io::stderr().lock();
        let _ = write!(
            stderr,
            "\r\x1b[K{} payloads, {:.0}/s, {} failed",
            counts.payloads,
            rate,
            counts.failed()
        );
        let _ = stderr.flush();
        self.drawn = true;
    }

    /// Erase the progress line, if drawn.
    pub(super) fn clear(&mut self) {
        if self.drawn {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
            self.drawn = false;
        }
    }
}
