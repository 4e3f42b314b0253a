//! Limit profiles: the published limits as data (`profiles/*.toml`), and the caller's overrides
//! (a JSON object, or a TOML or JSON file) laid over them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::errors::Error;
use crate::models::AssetType;

/// The default profile's text, embedded so the crate needs no file at run time.
const PUBLISHED: &str = include_str!("profiles/published-2026-11.toml");

/// One limit: a single reading, or two where the published sources disagree.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reading {
    /// Every source agrees.
    One(f64),
    /// The sources disagree: outside `strict` is a warning, outside `lenient` a violation.
    Disputed {
        /// The tightest published reading.
        strict: f64,
        /// The loosest published reading.
        lenient: f64,
    },
}

impl Reading {
    /// The reading that decides a violation.
    pub fn lenient(self) -> f64 {
        match self {
            Self::One(value) | Self::Disputed { lenient: value, .. } => value,
        }
    }

    /// The reading that decides a warning (the same as the lenient one when undisputed).
    pub fn strict(self) -> f64 {
        match self {
            Self::One(value) | Self::Disputed { strict: value, .. } => value,
        }
    }
}

/// The limits of one asset type; an absent limit is not checked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Accepted formats, lower-case (`png`, `jpeg`, `mp4`, `wav`, …).
    pub formats: Vec<String>,
    /// Largest file, in bytes.
    pub max_bytes: Option<Reading>,
    /// Shortest side, in pixels.
    pub min_side: Option<Reading>,
    /// Longest side, in pixels.
    pub max_side: Option<Reading>,
    /// Smallest width / height.
    pub min_ratio: Option<Reading>,
    /// Largest width / height.
    pub max_ratio: Option<Reading>,
    /// Fewest pixels per frame (width × height).
    pub min_pixels: Option<Reading>,
    /// Most pixels per frame.
    pub max_pixels: Option<Reading>,
    /// Shortest duration, in seconds.
    pub min_duration: Option<Reading>,
    /// Longest duration, in seconds.
    pub max_duration: Option<Reading>,
    /// Lowest frame rate, frames per second.
    pub min_fps: Option<Reading>,
    /// Highest frame rate.
    pub max_fps: Option<Reading>,
}

/// A named set of limits for every asset type; the report names the profile that judged it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Its name, e.g. `published-2026-11`.
    pub name: String,
    /// Image limits.
    pub image: Limits,
    /// Video limits.
    pub video: Limits,
    /// Audio limits.
    pub audio: Limits,
}

impl Profile {
    /// The name of the default profile.
    pub const PUBLISHED_NAME: &'static str = "published-2026-11";

    /// The published upstream limits (`published-2026-11`), the default.
    pub fn published() -> Profile {
        // The embedded text is checked by a unit test; a failure here would be a build defect.
        toml::from_str(PUBLISHED).unwrap_or_else(|e| panic!("the embedded profile is invalid: {e}"))
    }

    /// The limits of one asset type.
    pub fn limits(&self, asset_type: AssetType) -> &Limits {
        match asset_type {
            AssetType::Image => &self.image,
            AssetType::Video => &self.video,
            AssetType::Audio => &self.audio,
        }
    }

    /// This profile with `overrides` laid over it: an object shaped like a profile in which
    /// every key is optional, e.g. `{"video": {"max_duration": 30}}`. Without a `name`, the
    /// result is called `<this name>+overrides`.
    pub fn with_overrides(&self, overrides: &serde_json::Value) -> Result<Profile, Error> {
        let serde_json::Value::Object(_) = overrides else {
            return Err(Error::invalid("profile", "overrides must be an object (a dict)"));
        };
        let mut merged = serde_json::to_value(self)
            .map_err(|e| Error::invalid("profile", format!("cannot apply overrides: {e}")))?;
        merge(&mut merged, overrides);
        if overrides.get("name").is_none() {
            merged["name"] = serde_json::Value::String(format!("{}+overrides", self.name));
        }
        serde_json::from_value(merged).map_err(|e| Error::invalid("profile", e.to_string()))
    }

    /// The published profile with the overrides of a `.toml` or `.json` file laid over it (see
    /// [`Profile::with_overrides`]); without a `name` in the file, the profile is named after it.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Profile, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::invalid("profile", format!("cannot read {}: {e}", path.display())))?;
        let mut overrides: serde_json::Value = match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => toml::from_str(&text).map_err(|e| Error::invalid("profile", e.to_string()))?,
            Some("json") => {
                serde_json::from_str(&text).map_err(|e| Error::invalid("profile", e.to_string()))?
            }
            _ => return Err(Error::invalid("profile", "a profile file ends in .toml or .json")),
        };
        if overrides.get("name").is_none() {
            if let (Some(stem), serde_json::Value::Object(map)) =
                (path.file_stem().and_then(|s| s.to_str()), &mut overrides)
            {
                map.insert("name".into(), serde_json::Value::String(stem.to_string()));
            }
        }
        Profile::published().with_overrides(&overrides)
    }
}

/// What a binding was given as a profile: overrides, or the path of a file of them.
#[derive(Debug, Clone)]
pub enum ProfileSource {
    /// Overrides laid over the published profile ([`Profile::with_overrides`]).
    Overrides(serde_json::Value),
    /// A `.toml` or `.json` file of overrides ([`Profile::from_file`]).
    File(std::path::PathBuf),
}

impl ProfileSource {
    /// The profile it describes.
    pub fn load(&self) -> Result<Profile, Error> {
        match self {
            Self::Overrides(overrides) => Profile::published().with_overrides(overrides),
            Self::File(path) => Profile::from_file(path),
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::published()
    }
}

/// Lays `over` onto `base`, object by object; anything else replaces.
fn merge(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(key) {
                    Some(slot) if slot.is_object() && value.is_object() => merge(slot, value),
                    _ => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, over) => *base = over.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_profile_parses_and_keeps_the_disputed_readings() {
        let profile = Profile::published();
        assert_eq!(profile.name, Profile::PUBLISHED_NAME);
        assert_eq!(profile.video.min_fps.map(Reading::strict), Some(24.0));
        assert_eq!(profile.video.min_fps.map(Reading::lenient), Some(23.8));
        assert_eq!(profile.video.max_pixels.map(Reading::lenient), Some(2_086_876.0));
    }

    #[test]
    fn overrides_replace_single_limits_and_unknown_keys_are_refused() {
        let profile = Profile::published()
            .with_overrides(&serde_json::json!({"video": {"max_duration": 30}}))
            .unwrap();
        assert_eq!(profile.video.max_duration, Some(Reading::One(30.0)));
        assert_eq!(profile.video.min_duration, Some(Reading::One(2.0)));
        assert_eq!(profile.name, "published-2026-11+overrides");
        let refused =
            Profile::published().with_overrides(&serde_json::json!({"video": {"max_durration": 1}}));
        assert!(refused.unwrap_err().to_string().contains("max_durration"));
    }
}
