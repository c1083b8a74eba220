//! The exit codes of `accord`: one meaning each, the same for every command, documented in
//! `--help` and in the README. Scripts and CI gates depend on them: never renumber.

/// How a run of `accord` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// 0: the check passed (compatible, every payload valid).
    Pass = 0,
    /// 1: the policy said no (a breaking change, an invalid payload).
    Failure = 1,
    /// 2: the command line was wrong (unknown command, flag or value).
    Usage = 2,
    /// 3: an input could not be used (a file missing, unreadable, not JSON, not a valid schema).
    InvalidInput = 3,
    /// 4: no verdict could be reached (a budget of the check was exceeded; an application,
    /// version, counterpart or schema the registry does not know).
    Undetermined = 4,
    /// 5: the environment failed (output could not be written; the registry unreachable, failing
    /// or refusing the credentials; git failing or missing the ref compared with).
    Infrastructure = 5,
}

impl Exit {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

/// The table printed at the end of `--help`; keep it in step with [`Exit`] and the README.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  pass: compatible, every payload valid
  1  policy failure: a breaking change, an invalid payload
  2  usage error: unknown command, flag or value
  3  invalid input: a file missing, unreadable, not JSON or not a valid schema
  4  undetermined: no verdict (a budget exceeded; something the registry does not know)
  5  infrastructure: output not written, registry unreachable or refusing the credentials,
     git failing or missing the ref";
