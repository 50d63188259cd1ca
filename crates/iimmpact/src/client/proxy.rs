//! Which way a request leaves this PC: straight to a loopback target, through the
//! configured proxy, or by the system's proxy settings.

use std::fmt;

use url::{Host, Url};

use crate::error::{InputError, Problem};

/// An http(s) proxy URL with no user name or password in it: it is shown in settings
/// and logs, so it must hold nothing secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

impl ProxyUrl {
    pub fn parse(text: &str) -> Result<Self, InputError> {
        // The text is not kept: it may hold a password.
        let not_a_proxy = || InputError::new("proxy", Problem::NotAUrl);
        let url = Url::parse(text.trim()).map_err(|_| not_a_proxy())?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(not_a_proxy());
        }
        if !url.username().is_empty() || url.password().is_some() {
            // Nothing secret is kept in settings: a proxy that needs a login is set in
            // the system's proxy settings or HTTPS_PROXY instead.
            return Err(InputError::new("proxy", Problem::HasCredentials));
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the client for `base_url` reaches it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    /// Loopback (Demo's simulator, a local test server): a proxy elsewhere on the
    /// network cannot reach this PC's 127.0.0.1, and system proxies apply to it too.
    Direct,
    Through(&'a ProxyUrl),
    /// No proxy configured: the environment variables (`HTTPS_PROXY`, `NO_PROXY`…)
    /// and, on Windows and macOS, the system's proxy settings.
    System,
}

pub(crate) fn route<'a>(base_url: &Url, proxy: Option<&'a ProxyUrl>) -> Route<'a> {
    match (base_url.host().is_some_and(is_loopback), proxy) {
        (true, _) => Route::Direct,
        (false, Some(proxy)) => Route::Through(proxy),
        (false, None) => Route::System,
    }
}

fn is_loopback(host: Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route_of(base_url: &str, proxy: Option<&ProxyUrl>) -> String {
        format!("{:?}", route(&Url::parse(base_url).unwrap(), proxy))
    }

    #[test]
    fn loopback_goes_direct_whatever_the_proxy() {
        let proxy = ProxyUrl::parse("http://proxy.corp:8080").unwrap();
        for base in [
            "http://127.0.0.1:4000/v2",
            "http://127.8.9.10/v2",
            "http://[::1]:4000/v2",
            "http://[::ffff:127.0.0.1]/v2",
            "http://localhost:4000/v2",
            "https://LOCALHOST./v2",
            "http://sim.localhost/v2",
        ] {
            assert_eq!(route_of(base, Some(&proxy)), "Direct", "{base}");
            assert_eq!(route_of(base, None), "Direct", "{base}");
        }
    }

    #[test]
    fn other_hosts_take_the_proxy_or_the_system_settings() {
        let proxy = ProxyUrl::parse("http://proxy.corp:8080").unwrap();
        for base in [
            "https://staging.iimmpact.com/v2",
            "http://10.0.0.1/v2",
            "http://localhost.example.com/v2",
            "http://128.0.0.1/v2",
        ] {
            assert_eq!(
                route_of(base, Some(&proxy)),
                "Through(http://proxy.corp:8080/)",
                "{base}"
            );
            assert_eq!(route_of(base, None), "System", "{base}");
        }
    }

    #[test]
    fn a_proxy_url_is_http_or_https_with_no_login() {
        for good in [
            "http://proxy.corp:8080",
            "https://10.1.2.3:3128/",
            " http://p ",
        ] {
            assert!(ProxyUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "proxy.corp:8080",
            "socks5://proxy.corp:1080",
            "http://",
            "http://user:hunter2@proxy.corp:8080",
            "http://user@proxy.corp:8080",
        ] {
            let err = ProxyUrl::parse(bad).unwrap_err();
            assert_eq!(err.field, "proxy", "{bad}");
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
    }
}
