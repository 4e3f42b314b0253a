//! The simulator's fault kinds as the testing typings name them (`FaultKind`).

use std::fmt::Write;

use seedance_assets_simulator::Fault;

use crate::GENERATED;

pub fn python_fault_kinds() -> String {
    let mut out = format!(
        "\"\"\"The fault kinds of the simulator (``seedance_assets.testing``).\n\n{GENERATED}\n\"\"\"\n\nfrom typing import Literal\n\n#: A fault the simulator can inject.\nFaultKind = Literal[\n"
    );
    for kind in Fault::KINDS {
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
    out
}
