//! Demo: IIMMPACT's simulator in-process on 127.0.0.1, reached with real HTTP and real
//! signing. A cargo feature (`demo`), so the core also builds without the simulator;
//! such a build refuses Demo with [`Error::DemoUnavailable`] rather than pretending.

use iimmpact::client::Credentials;

use crate::{Error, Result};

/// The simulator a Demo session talks to; it serves as long as this lives.
pub(crate) struct DemoServer {
    #[cfg(feature = "demo")]
    handle: iimmpact_sim::SimHandle,
}

impl DemoServer {
    #[cfg(feature = "demo")]
    pub(crate) async fn start() -> Result<Self> {
        let handle = iimmpact_sim::Simulator::start(iimmpact_sim::SimConfig::demo())
            .await
            .map_err(|e| Error::io("starting the demo simulator", e))?;
        Ok(Self { handle })
    }

    #[cfg(not(feature = "demo"))]
    pub(crate) async fn start() -> Result<Self> {
        Err(Error::DemoUnavailable)
    }

    #[cfg(feature = "demo")]
    pub(crate) fn base_url(&self) -> String {
        self.handle.base_url()
    }

    #[cfg(not(feature = "demo"))]
    pub(crate) fn base_url(&self) -> String {
        unreachable!("a DemoServer is never built without the demo feature")
    }
}

/// The simulator's own key and secret: Demo never touches the keychain.
#[cfg(feature = "demo")]
pub(crate) fn credentials() -> Result<Credentials> {
    Ok(Credentials::ApiKey {
        key: iimmpact::ApiKey::parse(iimmpact_sim::DEMO_API_KEY)?,
        secret: iimmpact::HmacSecret::from_base64(iimmpact_sim::DEMO_SECRET_BASE64)?,
    })
}

#[cfg(not(feature = "demo"))]
pub(crate) fn credentials() -> Result<Credentials> {
    Err(Error::DemoUnavailable)
}
