//! The onboarding manifest: CSV with a header row (`name,type,url`, optional `key`) or JSON
//! lines with the same fields (`asset_type` / `asset_url` are accepted too).

use std::path::Path;

use seedance_assets::{AssetType, OnboardItem};
use serde::Deserialize;

use crate::exit::CliError;

/// The largest manifest read.
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Deserialize)]
struct Row {
    name: String,
    #[serde(alias = "asset_type", alias = "assetType")]
    r#type: String,
    #[serde(alias = "asset_url", alias = "assetUrl")]
    url: String,
    #[serde(default)]
    key: Option<String>,
}

/// Reads the manifest at `path`; an error names the line and the field.
pub fn read(path: &Path) -> Result<Vec<OnboardItem>, CliError> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| CliError::usage(format!("cannot read the manifest {shown}: {e}")))?
        .len();
    if size > MAX_MANIFEST_BYTES {
        return Err(CliError::usage(format!(
            "the manifest {shown} is larger than {MAX_MANIFEST_BYTES} bytes"
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("cannot read the manifest {shown}: {e}")))?;
    let rows = if text.trim_start().starts_with('{') {
        json_lines(&text)?
    } else {
        csv_rows(&text)?
    };
    let mut items = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        items.push(item(row).map_err(|e| CliError::usage(format!("{shown}, line {line}: {e}")))?);
    }
    if items.is_empty() {
        return Err(CliError::usage(format!("the manifest {shown} lists no assets")));
    }
    Ok(items)
}

fn item(row: Row) -> Result<OnboardItem, String> {
    let asset_type: AssetType = row
        .r#type
        .trim()
        .parse()
        .map_err(|e: seedance_assets::Error| format!("type: {e}"))?;
    let item = OnboardItem::new(row.name.trim(), asset_type, row.url.trim());
    Ok(match row.key {
        Some(key) if !key.trim().is_empty() => item.key(key.trim()),
        _ => item,
    })
}

fn json_lines(text: &str) -> Result<Vec<(usize, Row)>, CliError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<Row>(l)
                .map(|row| (i + 1, row))
                .map_err(|e| CliError::usage(format!("manifest line {}: {e}", i + 1)))
        })
        .collect()
}

fn csv_rows(text: &str) -> Result<Vec<(usize, Row)>, CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    reader
        .deserialize::<Row>()
        .map(|row| row.map_err(|e| CliError::usage(format!("manifest: {e}"))))
        .enumerate()
        .map(|(i, r)| r.map(|row| (i + 2, row)))
        .collect()
}
