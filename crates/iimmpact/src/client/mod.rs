//! The HTTP client (feature `client`): being built.
