//! The settings of a client: timeouts, token, user agent, and the depth references may nest.

use std::time::Duration;

/// How long a request may take, from connecting to the last byte of the answer, unless
/// [`ClientOptions::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long connecting may take, unless [`ClientOptions::connect_timeout`] says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How a [`RegistryClient`](crate::client::RegistryClient) talks to the registry. `Default`
/// gives [`DEFAULT_TIMEOUT`], [`DEFAULT_CONNECT_TIMEOUT`] and no token.
#[derive(Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The longest a whole request may take.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// A token sent as `Authorization: Bearer <token>` (marked sensitive, never logged).
    pub token: Option<String>,
    /// The `User-Agent` header, when not reqwest's default.
    pub user_agent: Option<String>,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            token: None,
            user_agent: None,
        }
    }
}

// The token stays out of debug output.
impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// How deep references may nest (a schema referring to a schema referring to ...).
pub const MAX_REFERENCE_DEPTH: usize = 32;
