//! `lib/error-classes.d.ts`: the declarations of the error classes.

use std::fmt::Write;

use seedance_assets::surface::{COMMON_DETAILS, ERROR_KINDS};
use seedance_assets::{CallbackFailure, ErrorCode};

use crate::GENERATED;

pub fn errors() -> String {
    let mut out = format!("// {GENERATED}\nimport type {{ Asset, PreflightReport }} from './index'\n\n");
    out.push_str("/** The stable code of every error (`err.code`). */\nexport type ErrorCode =\n");
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "  | '{}'", kind.code.as_str());
    }
    out.push_str("\n/** Why a validation callback was refused (`CallbackError.reason`). */\nexport type CallbackFailureReason = ");
    let reasons: Vec<String> = CallbackFailure::ALL
        .iter()
        .map(|f| format!("'{}'", f.as_str()))
        .collect();
    out.push_str(&reasons.join(" | "));
    out.push_str(
        "\n\n/** Base class of every error of this package. */\nexport declare class SeedanceError extends Error {\n  static readonly code: ErrorCode | 'ERR_SEEDANCE'\n  /** What this kind of failure means. */\n  static readonly description: string\n  readonly code: ErrorCode\n",
    );
    for detail in COMMON_DETAILS {
        let _ = writeln!(
            out,
            "  /** {} */\n  readonly {}: {}",
            detail.doc, detail.node, detail.ts_type
        );
    }
    out.push_str("  toJSON(): Record<string, unknown>\n}\n");
    for kind in ERROR_KINDS {
        // A parent's `code` covers its subclasses' codes, or their declarations would not fit.
        let codes: Vec<String> = ERROR_KINDS
            .iter()
            .filter(|k| k.code == kind.code || k.parent == Some(kind.code))
            .map(|k| format!("'{}'", k.code.as_str()))
            .collect();
        let _ = write!(
            out,
            "/** {} */\nexport declare class {} extends {} {{\n  readonly code: {}\n",
            kind.doc,
            kind.class,
            kind.parent_class(),
            codes.join(" | ")
        );
        for detail in kind.details {
            let ts_type = if kind.code == ErrorCode::Callback && detail.node == "reason" {
                "CallbackFailureReason"
            } else {
                detail.ts_type
            };
            let _ = writeln!(
                out,
                "  /** {} */\n  readonly {}: {}",
                detail.doc, detail.node, ts_type
            );
        }
        for (old, new) in kind.deprecated_details {
            let _ = writeln!(
                out,
                "  /** @deprecated use `{new}` */\n  readonly {old}: this['{new}']"
            );
        }
        out.push_str("}\n");
        for old in kind.deprecated_names {
            let _ = writeln!(
                out,
                "/** @deprecated use `{0}` */\nexport declare const {old}: typeof {0}\n/** @deprecated use `{0}` */\nexport type {old} = {0}",
                kind.class
            );
        }
    }
    out
}
