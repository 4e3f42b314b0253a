//! `python/seedance_assets/errors.py`: the exception hierarchy.

use std::fmt::Write;

use seedance_assets::surface::{Detail, PythonClass, COMMON_DETAILS, ERROR_KINDS};

use crate::GENERATED;

pub fn errors() -> String {
    let mut out = String::new();
    let classes: Vec<_> = ERROR_KINDS
        .iter()
        .filter(|k| matches!(k.python, PythonClass::Own { .. }))
        .collect();
    let _ = write!(
        out,
        r#""""The exception hierarchy. Every error carries ``message``, ``status_code`` (HTTP status),
``code`` (the service's envelope code), ``request_id`` and ``error_code`` (the stable ``ERR_…``
name shared with the Node package); some classes add details (``asset``, ``last``, ``cause``,
``retry_after``, …). The native module maps each core error to exactly one class; a cancelled
call raises ``asyncio.CancelledError``.

{GENERATED}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._error_base import ErrorBase

if TYPE_CHECKING:
    from ._native import Asset, PreflightReport

__all__ = [
    "SeedanceError",
"#
    );
    for kind in &classes {
        let _ = writeln!(out, "    \"{}\",", kind.class);
    }
    out.push_str("]\n\n\n");
    out.push_str(
        "class SeedanceError(ErrorBase):\n    \"\"\"Base class of every error raised by seedance_assets.\"\"\"\n\n",
    );
    for detail in COMMON_DETAILS {
        attribute(&mut out, detail);
    }
    for kind in &classes {
        let PythonClass::Own { builtins } = kind.python else {
            continue;
        };
        let mut bases = vec![kind.parent_class()];
        bases.extend(builtins.iter().copied());
        let _ = write!(
            out,
            "\n\nclass {}({}):\n    \"\"\"{}\"\"\"\n\n    default_error_code = \"{}\"\n",
            kind.class,
            bases.join(", "),
            wrap(&rst(kind.doc), "    "),
            kind.code.as_str()
        );
        for detail in kind.details {
            attribute(&mut out, detail);
        }
    }
    out
}

/// A documented class attribute for `detail`, `None` until the native module sets it.
fn attribute(out: &mut String, detail: &Detail) {
    let _ = write!(
        out,
        "    #: {}\n    {}: {} = None\n",
        rst(detail.doc),
        detail.python,
        detail.python_type
    );
}

/// `text` broken into lines of at most 96 characters, continued with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().map_or(0, |l| l.len());
        let width = if lines.len() == 1 {
            96 - indent.len() - 3
        } else {
            96 - indent.len()
        };
        if line > 0 && line + 1 + word.len() > width {
            lines.push(String::new());
        }
        if let Some(current) = lines.last_mut() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    lines.join(&format!("\n{indent}"))
}

/// Markdown's `x` as reStructuredText's ``x``.
fn rst(text: &str) -> String {
    text.replace('`', "``")
}
