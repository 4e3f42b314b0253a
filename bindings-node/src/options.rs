//! The JS types each option takes, read from the core's option table: the JS layer checks an
//! options object against them before calling in, so a wrong type is refused naming the option
//! in JS terms (napi's own refusal would name Rust types).

use std::collections::HashMap;

use napi::Env;
use napi_derive::napi;
use seedance_assets::surface::options;

use crate::errors::{invalid, thrown};

/// The `typeof` names each option of the set `set` (see `surface::options::set`) accepts,
/// keyed by the option's JS name.
#[napi(ts_return_type = "Record<string, string[]>")]
pub fn option_types(env: &Env, set: String) -> napi::Result<HashMap<String, Vec<String>>> {
    let Some(allowed) = options::set(&set) else {
        return thrown(env, Err(invalid("set", format!("unknown option set {set:?}"))));
    };
    let types = allowed
        .iter()
        .map(|option| {
            let accepted = option.kind.node_types().iter().map(|t| (*t).to_string());
            (option.node.to_string(), accepted.collect())
        })
        .collect();
    Ok(types)
}
