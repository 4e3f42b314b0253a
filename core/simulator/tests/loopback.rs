//! The simulator accepts a well-known key and serves fake credentials: it listens on loopback
//! only, unless a caller opts in explicitly.

use std::net::{Ipv4Addr, SocketAddr};

use seedance_assets_simulator::{Simulator, SimulatorConfig};

#[tokio::test]
async fn a_non_loopback_bind_is_refused_before_listening() {
    let config = SimulatorConfig::default().with_bind(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)));
    let err = Simulator::start(config).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("allow_non_loopback"), "{err}");
}

#[tokio::test]
async fn the_default_listens_on_loopback() {
    let sim = Simulator::start(SimulatorConfig::default())
        .await
        .expect("starts");
    assert!(sim.addr().ip().is_loopback(), "{}", sim.addr());
    sim.shutdown().await;
}
