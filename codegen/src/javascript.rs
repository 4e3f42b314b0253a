//! `lib/error-classes.js` (CommonJS) and `lib/error-classes.mjs` (its ESM names). The base
//! class is hand-written in `lib/error-base.js`; these files hold only what the table says.

use std::fmt::Write;

use seedance_assets::surface::{DETAILS, ERROR_KINDS};

use crate::GENERATED;

pub fn errors() -> String {
    let mut out = format!(
        "'use strict'\n// {GENERATED}\n// One class per stable `code`, so both `instanceof` and `err.code` work.\nconst {{ createHierarchy }} = require('./error-base.js')\n\n"
    );
    out.push_str("/** Properties copied from a native error onto the public error, when present. */\nconst DETAIL_FIELDS = [\n");
    for detail in DETAILS {
        let _ = writeln!(out, "  '{}',", detail.node);
    }
    out.push_str("]\n\nconst { SeedanceError, define } = createHierarchy(DETAIL_FIELDS)\n\n");
    for kind in ERROR_KINDS {
        let _ = writeln!(
            out,
            "const {} = define('{}', '{}', {}, {})",
            kind.class,
            kind.class,
            kind.code.as_str(),
            kind.parent_class(),
            js_string(kind.doc)
        );
        for (old, new) in kind.deprecated_details {
            let _ = writeln!(
                out,
                "/** @deprecated use `{new}` */\nObject.defineProperty({}.prototype, '{old}', {{ get() {{ return this.{new} }}, configurable: true }})",
                kind.class
            );
        }
    }
    out.push_str("\n/** Every class, in the table's order. */\nconst ERROR_CLASSES = [\n");
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "  {},", kind.class);
    }
    out.push_str(
        "]\n\n/** The public names (deprecated aliases included). */\nconst classes = {\n  SeedanceError,\n  ...Object.fromEntries(ERROR_CLASSES.map((cls) => [cls.name, cls])),\n",
    );
    for kind in ERROR_KINDS {
        for old in kind.deprecated_names {
            let _ = writeln!(out, "  /** @deprecated use `{0}` */\n  {old}: {0},", kind.class);
        }
    }
    out.push_str("}\n\nmodule.exports = { classes, ERROR_CLASSES, DETAIL_FIELDS }\n");
    out
}

/// The ESM names of the same classes (`export *` from this file re-exports them).
pub fn errors_esm() -> String {
    let mut out = format!(
        "// {GENERATED}\nimport generated from './error-classes.js'\n\nconst {{ classes }} = generated\nexport const SeedanceError = classes.SeedanceError\n"
    );
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "export const {0} = classes.{0}", kind.class);
        for old in kind.deprecated_names {
            let _ = writeln!(
                out,
                "/** @deprecated use `{0}` */\nexport const {old} = classes.{old}",
                kind.class
            );
        }
    }
    out
}

fn js_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}
