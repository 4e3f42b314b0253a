//! The simulator's fault and failure kinds as the testing typings name them (`FaultKind`,
//! `FailureKind`).

use std::fmt::Write;

use seedance_assets_simulator::{FailureKind, Fault};

use crate::GENERATED;

pub fn python_fault_kinds() -> String {
    let mut out = format!(
        "\"\"\"The fault kinds of the simulator (``seedance_assets.testing``).\n\n{GENERATED}\n\"\"\"\n\nfrom typing import Literal\n\n#: A fault the simulator can inject.\nFaultKind = Literal[\n"
    );
    for kind in Fault::KINDS {
        let _ = writeln!(out, "    \"{kind}\",");
    }
    out.push_str(
        "]\n\n#: A reason chaos can make an upload's processing end ``Failed``.\nFailureKind = Literal[\n",
    );
    for kind in FailureKind::NAMES {
        let _ = writeln!(out, "    \"{kind}\",");
    }
    out.push_str("]\n");
    out
}

pub fn typescript_fault_kinds() -> String {
    let mut out = format!("// {GENERATED}\n\n/** A fault the simulator can inject (see `FaultKind` in testing.d.ts). */\nexport type FaultKind =\n");
    for kind in Fault::KINDS {
        let _ = writeln!(out, "  | '{kind}'");
    }
    out.push_str("\n/** A reason chaos can make an upload's processing end `Failed` (see `ChaosOptions.failureKinds`). */\nexport type FailureKind =\n");
    for kind in FailureKind::NAMES {
        let _ = writeln!(out, "  | '{kind}'");
    }
    out
}
