use iimmpact::client::Priority;
use iimmpact::client::RequestBudget;
use std::time::Instant;
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grants_real_time() {
    for _ in 0..3 {
        let b = RequestBudget::uncapped(40.0, 1).unwrap();
        let t = Instant::now();
        for _ in 0..201 {
            b.acquire(Priority::Bulk).await;
        }
        eprintln!(
            "201 grants at 40/s burst 1: {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
}
