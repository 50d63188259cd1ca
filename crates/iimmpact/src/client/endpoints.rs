//! One method per endpoint (`../shared/iimmpact-api.md` §3), over the signed transport and the retry policy.

use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::budget::Priority;
use super::retry::{Decision, Outcome, RequestKind};
use super::same_payment::check_same_payment;
use super::transport::{self, Call, Reply};
use super::{Client, Credentials};
use crate::error::{AuthFailure, Error};
use crate::models::{
    Balance, BillPresentmentQuery, BillPresentmentReply, CallbackTarget, CallbackUrlReply, Catalog,
    CatalogQuery, DataEnvelope, DisputeReply, DisputeRequest, LowBalanceThresholdReply,
    NetworkStatusReply, OptionsPage, OptionsQuery, PreparedTopup, Product, SignIn, StatementPage,
    StatementQuery, SubproductsQuery, SubproductsReply, ThresholdAmount, Tokens, TopupReply,
    TransactionsPage, TransactionsQuery,
};
use crate::refid::ProductCode;

impl Client {
    /// `GET /balance`: also the cheapest "test connection".
    pub async fn balance(&self) -> Result<Balance, Error> {
        self.get::<DataEnvelope<Balance>>("/balance", Vec::new(), Priority::Interactive)
            .await
            .map(|e| e.data)
    }

    /// `GET /balance` once, on purpose, past the IP gate: whether IIMMPACT answers
    /// this PC again. A success lifts the gate; a 403 keeps the block's end as it was
    /// ([`Error::IpBlocked`]); any other error leaves the gate as it is. Not retried:
    /// while blocked, every extra request only adds to the count.
    pub async fn check_unblocked(&self) -> Result<Balance, Error> {
        let call = Call {
            method: Method::GET,
            path: "/balance",
            query: Vec::new(),
            body: &[],
            priority: Priority::Interactive,
            signed: true,
        };
        let body = self
            .inner
            .transport
            .send_past_gate(&call)
            .await?
            .into_success()?;
        self.ip_block().lift();
        decode::<DataEnvelope<Balance>>(call.path, &body).map(|e| e.data)
    }

    /// `POST /token` (the legacy sign-in, `../shared/iimmpact-api.md` §2.2; path assumed, see
    /// docs/api-decisions.md): the password goes in this one unsigned request, and the
    /// tokens come back. Whatever this client's credentials are, they are not sent.
    pub async fn sign_in(&self, sign_in: &SignIn) -> Result<Tokens, Error> {
        let body = sign_in.body();
        let call = Call {
            method: Method::POST,
            path: "/token",
            query: Vec::new(),
            body: &body,
            priority: Priority::Interactive,
            signed: false,
        };
        let reply = self.send_with_retry(RequestKind::Read, &call).await?;
        transport::authentication(reply, None)
    }

    /// `GET /product-list` (deprecated by IIMMPACT in favour of the catalog, still served).
    pub async fn product_list(&self) -> Result<Vec<Product>, Error> {
        self.get::<DataEnvelope<Vec<Product>>>("/product-list", Vec::new(), Priority::Interactive)
            .await
            .map(|e| e.data)
    }

    pub async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, Error> {
        self.get("/catalog", query.to_pairs(), Priority::Interactive)
            .await
    }

    pub async fn options(&self, query: &OptionsQuery) -> Result<OptionsPage, Error> {
        self.get("/options", query.to_pairs(), Priority::Interactive)
            .await
    }

    pub async fn subproducts(&self, query: &SubproductsQuery) -> Result<SubproductsReply, Error> {
        self.get("/subproducts", query.to_pairs(), Priority::Interactive)
            .await
    }

    pub async fn network_status(&self, product: &ProductCode) -> Result<NetworkStatusReply, Error> {
        self.get(
            "/networkstatus",
            vec![("product", product.to_string())],
            Priority::Interactive,
        )
        .await
    }

    pub async fn bill_presentment(
        &self,
        query: &BillPresentmentQuery,
    ) -> Result<BillPresentmentReply, Error> {
        self.get("/bill-presentment", query.to_pairs(), Priority::Interactive)
            .await
    }

    /// `POST /topup`: pays, or reports the current status when the refid was sent before.
    ///
    /// One attempt (a connection that was never made is retried with the same bytes).
    /// On an error, [`Error::is_unclear_outcome`] says whether the payment may have
    /// been taken; the caller resolves that by calling this again with the same
    /// [`PreparedTopup`]. A reply about a different payment under this refid is
    /// [`Error::RefidConflict`].
    pub async fn topup(&self, payment: &PreparedTopup) -> Result<TopupReply, Error> {
        let call = Call {
            method: Method::POST,
            path: "/topup",
            query: Vec::new(),
            body: payment.body(),
            priority: Priority::Payment,
            signed: true,
        };
        let reply = self.send_with_retry(RequestKind::Payment, &call).await?;
        // The v1 API answered failed payments with a 4xx carrying the payment; if v2
        // ever does, that is a definite answer about this refid, not a bare refusal.
        let data = if reply.status.is_client_error() {
            match serde_json::from_slice::<DataEnvelope<TopupReply>>(&reply.body) {
                Ok(envelope) => envelope.data,
                Err(_) => return Err(reply.error()),
            }
        } else {
            decode::<DataEnvelope<TopupReply>>("/topup", &reply.into_success()?)?.data
        };
        check_same_payment(payment, &data)?;
        Ok(data)
    }

    /// One page of `GET /transactions` (`offset` counts rows).
    pub async fn transactions(
        &self,
        query: &TransactionsQuery,
        offset: u64,
        limit: u32,
    ) -> Result<TransactionsPage, Error> {
        let (page, _) = self
            .transactions_page(query, offset, limit, Priority::Interactive)
            .await?;
        Ok(page)
    }

    /// One page of `GET /balance-statement` (`page` counts from 1).
    pub async fn balance_statement(
        &self,
        query: &StatementQuery,
        page: u64,
        limit: u32,
    ) -> Result<StatementPage, Error> {
        let (page, _) = self
            .statement_page(query, page, limit, Priority::Interactive)
            .await?;
        Ok(page)
    }

    /// `POST /transactions/check`: opens a support case on a successful payment.
    /// Not retried once it may have been sent (a duplicate would be refused anyway).
    pub async fn dispute(&self, request: &DisputeRequest) -> Result<DisputeReply, Error> {
        let body = serde_json::to_vec(request).map_err(|e| Error::Decode {
            message: e.to_string(),
        })?;
        let call = Call {
            method: Method::POST,
            path: "/transactions/check",
            query: Vec::new(),
            body: &body,
            priority: Priority::Interactive,
            signed: true,
        };
        let reply = self.send_with_retry(RequestKind::Payment, &call).await?;
        decode::<DataEnvelope<DisputeReply>>(call.path, &reply.into_success()?).map(|e| e.data)
    }

    /// `GET /low-balance-threshold`: the balance below which IIMMPACT alerts the merchant.
    pub async fn low_balance_threshold(&self) -> Result<LowBalanceThresholdReply, Error> {
        self.get("/low-balance-threshold", Vec::new(), Priority::Interactive)
            .await
    }

    /// `POST /low-balance-threshold?amount=…` (query string, empty body).
    pub async fn set_low_balance_threshold(
        &self,
        amount: ThresholdAmount,
    ) -> Result<LowBalanceThresholdReply, Error> {
        self.post_query("/low-balance-threshold", amount.to_pairs())
            .await
    }

    /// `GET /callback-url`: where IIMMPACT sends transaction callbacks, if anywhere.
    pub async fn callback_url(&self) -> Result<CallbackUrlReply, Error> {
        self.get("/callback-url", Vec::new(), Priority::Interactive)
            .await
    }

    /// `POST /callback-url?url=…&method=…` (query string, empty body).
    pub async fn set_callback_url(
        &self,
        target: &CallbackTarget,
    ) -> Result<CallbackUrlReply, Error> {
        self.post_query("/callback-url", target.to_pairs()).await
    }

    /// A settings write: it replaces a value, so sending it twice does no harm and it is
    /// retried as a read is.
    async fn post_query<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<T, Error> {
        let call = Call {
            method: Method::POST,
            path,
            query,
            body: &[],
            priority: Priority::Interactive,
            signed: true,
        };
        let reply = self.send_with_retry(RequestKind::Read, &call).await?;
        decode(path, &reply.into_success()?)
    }

    /// A page of transactions, with its time on the wire.
    pub(crate) async fn transactions_page(
        &self,
        query: &TransactionsQuery,
        offset: u64,
        limit: u32,
        priority: Priority,
    ) -> Result<(TransactionsPage, Duration), Error> {
        let mut pairs = query.to_pairs();
        pairs.push(("offset", offset.to_string()));
        pairs.push(("limit", limit.to_string()));
        self.get_timed("/transactions", pairs, priority).await
    }

    /// A page of the balance statement, with its time on the wire.
    pub(crate) async fn statement_page(
        &self,
        query: &StatementQuery,
        page: u64,
        limit: u32,
        priority: Priority,
    ) -> Result<(StatementPage, Duration), Error> {
        let mut pairs = query.to_pairs();
        pairs.push(("page", page.to_string()));
        pairs.push(("limit", limit.to_string()));
        self.get_timed("/balance-statement", pairs, priority).await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        priority: Priority,
    ) -> Result<T, Error> {
        Ok(self.get_timed(path, query, priority).await?.0)
    }

    /// The decoded reply and the last attempt's time on the wire.
    async fn get_timed<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        priority: Priority,
    ) -> Result<(T, Duration), Error> {
        let call = Call {
            method: Method::GET,
            path,
            query,
            body: &[],
            priority,
            signed: true,
        };
        let reply = self.send_with_retry(RequestKind::Read, &call).await?;
        let elapsed = reply.elapsed;
        Ok((decode(path, &reply.into_success()?)?, elapsed))
    }

    /// Sends until the reply is a success or the policy says stop; returns the last
    /// reply (which may be an HTTP error) or the last transport error.
    ///
    /// A refused ID token of a signed-in account is refreshed, and a read is then sent
    /// once more; a payment never is (its refid re-check follows, with the fresh token).
    async fn send_with_retry(&self, kind: RequestKind, call: &Call<'_>) -> Result<Reply, Error> {
        let policy = &self.inner.retry;
        let mut attempt = 0;
        let mut token_refreshed = false;
        loop {
            attempt += 1;
            let (result, outcome) = match self.inner.transport.send(call).await {
                Ok(reply) if reply.status.is_success() => return Ok(reply),
                Ok(reply) if self.refused_token(&reply).await => {
                    if kind == RequestKind::Read && !token_refreshed {
                        token_refreshed = true;
                        attempt -= 1;
                        continue;
                    }
                    return Ok(reply);
                }
                Ok(reply) => {
                    let status = reply.status.as_u16();
                    (Ok(reply), Outcome::Status(status))
                }
                Err(error) => {
                    let outcome = Outcome::of(&error);
                    (Err(error), outcome)
                }
            };
            match policy.decide(kind, outcome, attempt, rand::random()) {
                Decision::Stop => return result,
                Decision::RetryAfter(delay) => {
                    tracing::debug!(path = call.path, ?outcome, attempt, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

impl Client {
    /// Whether `reply` refused the signed-in account's ID token; if so, the token is
    /// marked for a refresh before the next request.
    async fn refused_token(&self, reply: &Reply) -> bool {
        let (Credentials::SignedIn(source), Some(token)) =
            (&self.inner.transport.credentials, &reply.id_token)
        else {
            return false;
        };
        let refused = matches!(
            reply.error(),
            Error::Auth {
                failure: AuthFailure::BadToken,
                ..
            }
        );
        if refused {
            source.refused(token).await;
        }
        refused
    }
}

fn decode<T: DeserializeOwned>(path: &str, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Decode {
        message: format!("{path}: {e}"),
    })
}
