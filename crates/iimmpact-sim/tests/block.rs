//! A forced 403 block (`/_sim/block`, `SimHandle::block`), over real loopback HTTP.

mod common;

use common::{config, control, start};
use serde_json::json;

#[tokio::test]
async fn a_forced_block_refuses_every_request_until_lifted_and_counts_them() {
    let (sim, client) = start(config()).await;
    sim.block(false);
    assert_eq!(
        client.get("/balance", &[]).await,
        (
            403,
            json!({"error": "ip_blocked",
                   "message": "Too many requests. This IP address is blocked for 240 minutes."})
        )
    );
    let (status, _) = client.topup("KTR-B-1", "D", "0123456789", "10").await;
    assert_eq!(status, 403);
    assert_eq!(sim.charges("KTR-B-1"), 0);
    assert_eq!(sim.stats().blocked_requests, 2);

    sim.block(true);
    assert_eq!(
        client.get("/balance", &[]).await,
        (403, json!({"message": "Forbidden"}))
    );
    assert_eq!(sim.stats().blocked_requests, 3);

    sim.lift_block();
    assert_eq!(client.get("/balance", &[]).await.0, 200);
    assert_eq!(
        sim.stats().blocked_requests,
        3,
        "nothing refused after the lift"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_block_is_switched_over_the_control_api() {
    let (sim, client) = start(config()).await;
    assert_eq!(
        control(&sim, "block", &json!({"bare": true})).await,
        (200, json!({"blocked": true, "bare": true}))
    );
    assert_eq!(client.get("/balance", &[]).await.0, 403);
    let stats = reqwest::get(format!("http://{}/_sim/stats", sim.addr()))
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(stats["blocked_requests"], 1);

    assert_eq!(
        control(&sim, "block", &json!({"lift": true})).await,
        (200, json!({"blocked": false, "bare": false}))
    );
    assert_eq!(client.get("/balance", &[]).await.0, 200);
    for refused in [
        json!({}),
        json!({"bare": true, "lift": true}),
        json!({"lift": false}),
    ] {
        assert_eq!(control(&sim, "block", &refused).await.0, 400, "{refused}");
    }
    sim.shutdown().await;
}
