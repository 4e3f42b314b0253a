//! What a subcommand works with: the client and the journal, built from the global options
//! and the environment exactly as the libraries build them.

use seedance_assets::{Client, Journal, JournalOptions};

use crate::args::Global;
use crate::exit::CliError;
use crate::output::Output;

/// The global options and output settings of one run.
#[derive(Debug, Clone)]
pub struct Context {
    pub global: Global,
    pub out: Output,
}

impl Context {
    pub fn new(global: Global, out: Output) -> Self {
        Self { global, out }
    }

    /// The journal: `--journal`, else `SEEDANCE_JOURNAL`, else the libraries' default file.
    pub fn journal(&self) -> Result<Journal, CliError> {
        Ok(Journal::open_lazily(
            self.global.journal.as_deref(),
            JournalOptions::default(),
        )?)
    }

    /// A client recording in the journal; key and base URL from the environment (the key is
    /// never taken on the command line, where shell history and `ps` would show it).
    pub fn client(&self) -> Result<Client, CliError> {
        self.client_with(|b| b)
    }

    /// [`Context::client`] with extra builder settings.
    pub fn client_with(
        &self,
        extra: impl FnOnce(seedance_assets::ClientBuilder) -> seedance_assets::ClientBuilder,
    ) -> Result<Client, CliError> {
        let mut builder = Client::builder().journal(self.journal()?);
        if let Some(base_url) = &self.global.base_url {
            builder = builder.base_url(base_url);
        }
        Ok(extra(builder).build()?)
    }
}
