//! `lib/error-classes.js` (CommonJS) and `lib/error-classes.mjs` (its ESM names).

use std::fmt::Write;

use seedance_assets::surface::{DETAILS, ERROR_KINDS};

use crate::GENERATED;

pub fn errors() -> String {
    let mut out = format!(
        "'use strict'\n// {GENERATED}\n// One class per stable `code`, so both `instanceof` and `err.code` work.\n\n"
    );
    out.push_str("/** Properties copied from a native error onto the public error, when present. */\nconst DETAIL_FIELDS = [\n");
    for detail in DETAILS {
        let _ = writeln!(out, "  '{}',", detail.node);
    }
    out.push_str(
        r#"]

class SeedanceError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true, writable: true })
    this.code = details.code || new.target.code
    this.status = details.status ?? null
    this.envelopeCode = details.envelopeCode ?? null
    this.requestId = details.requestId ?? null
    for (const key of DETAIL_FIELDS) {
      if (key in this || key === 'cause') continue
      if (details[key] !== undefined) this[key] = details[key]
    }
  }

  toJSON() {
    const shown = { name: this.name, code: this.code, message: this.message }
    for (const key of DETAIL_FIELDS) {
      if (key !== 'cause' && this[key] !== undefined) shown[key] = this[key]
    }
    if (this.cause instanceof SeedanceError) shown.cause = this.cause.toJSON()
    return shown
  }
}
SeedanceError.code = 'ERR_SEEDANCE'

function define(name, code, base, doc) {
  const cls = { [name]: class extends base {} }[name]
  cls.code = code
  cls.description = doc
  return cls
}

"#,
    );
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
    out.push_str("\n/** Every class, by its stable code. */\nconst ERROR_CLASSES = [\n");
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "  {},", kind.class);
    }
    out.push_str(
        "]\n\n/** The public names (deprecated aliases included). */\nconst classes = {\n  SeedanceError,\n",
    );
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "  {},", kind.class);
        for old in kind.deprecated_names {
            let _ = writeln!(
                out,
                "  /** @deprecated use `{}` */\n  {old}: {},",
                kind.class, kind.class
            );
        }
    }
    out.push_str("}\n\nmodule.exports = { classes, ERROR_CLASSES, DETAIL_FIELDS }\n");
    out
}

/// The ESM names of the same classes (`export *` from this file re-exports them).
pub fn errors_esm() -> String {
    let mut out = format!(
        "// {GENERATED}\nimport generated from './error-classes.js'\n\nexport const {{\n  SeedanceError,\n"
    );
    for kind in ERROR_KINDS {
        let _ = writeln!(out, "  {},", kind.class);
        for old in kind.deprecated_names {
            let _ = writeln!(out, "  {old},");
        }
    }
    out.push_str("} = generated.classes\n");
    out
}

fn js_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}
