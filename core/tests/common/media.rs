//! Media for the staging tests: the committed fixtures, made-up WAV files, and the simulator
//! in download mode (it fetches each upload's URL as upstream does).

use std::path::{Path, PathBuf};
use std::time::Duration;

use seedance_assets_simulator::SimulatorConfig;

/// The committed media fixtures (core/tests/fixtures/media).
pub const MEDIA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media");

/// A fixture by its name in [`MEDIA`].
pub fn fixture(name: &str) -> PathBuf {
    Path::new(MEDIA).join(name)
}

/// A simulator that downloads every upload's URL and fails the asset unless it is the media.
pub fn downloading() -> SimulatorConfig {
    SimulatorConfig::default()
        .with_processing_delay(Duration::from_millis(50), Duration::from_millis(150))
        .with_download_assets(true)
}

/// A valid WAV header over `data_bytes` of silence.
pub fn silence_wav(data_bytes: u32) -> Vec<u8> {
    let mut wav = Vec::with_capacity(44 + data_bytes as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&16_000u32.to_le_bytes());
    wav.extend_from_slice(&32_000u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_bytes.to_le_bytes());
    wav.resize(44 + data_bytes as usize, 0);
    wav
}

/// With a client whose bucket refuses its credentials (`secret`, never shown): the bucket's
/// check, an upload of a file and an onboarding of one are `Staging` errors naming `location` and the settings to
/// check (`settings`), and nothing reaches the simulator.
pub async fn refused_before_any_upload(
    sim: &seedance_assets_simulator::Simulator,
    client: &seedance_assets::Client,
    location: &str,
    settings: &str,
    secret: &str,
) {
    use seedance_assets::{AssetType, ErrorCode, OnboardItem, Onboarding, UploadAsset};
    use seedance_assets_simulator::Endpoint;

    let refused = |error: seedance_assets::Error| {
        assert_eq!(error.code(), ErrorCode::Staging, "{error}");
        let message = error.to_string();
        assert!(message.contains("refused the credentials"), "{message}");
        assert!(message.contains(settings), "{message}");
        assert!(message.contains(location), "{message}");
        assert!(!message.contains(secret) && !format!("{error:?}").contains(secret));
    };
    let bucket = client.staging_bucket().expect("a staging bucket");
    refused(bucket.check().await.expect_err("the check refused"));

    let group = super::validated_group(sim, client).await;
    sim.reset_counters();
    let request = UploadAsset::from_file("front", AssetType::Image, fixture("image-ok.jpg")).group_id(&group);
    refused(client.upload_asset(&request).await.expect_err("refused"));

    let item = OnboardItem::from_file("front", fixture("image-ok.jpg"), AssetType::Image);
    let error = client
        .onboard(&Onboarding::for_group(&group, vec![item]))
        .await
        .expect_err("refused");
    assert_eq!(error.code(), ErrorCode::Staging, "{error}");
    assert_eq!(sim.request_count(Endpoint::UploadAsset), 0);
    assert!(sim.uploads_per_url().is_empty());
}
