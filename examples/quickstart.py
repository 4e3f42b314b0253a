"""The four steps of the Seedance real-person asset flow, printed as they happen.

Without SEEDANCE_API_KEY it runs against the built-in simulator and plays the person passing
validation. With a key it talks to the real service: open the printed link on a phone, pass
validation, then paste the address your browser was sent to.

    python examples/quickstart.py
"""

from __future__ import annotations

import os
from contextlib import ExitStack

from seedance_assets import AssetType, Client
from seedance_assets.testing import Simulator


def env_or(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def main() -> None:
    live = bool(os.environ.get("SEEDANCE_API_KEY", "").strip())
    with ExitStack() as stack:
        simulator = None
        if live:
            print("Using the real service (SEEDANCE_API_KEY is set).")
            client = stack.enter_context(Client())
        else:
            simulator = stack.enter_context(Simulator())
            print(f"No SEEDANCE_API_KEY: using the built-in simulator at {simulator.url}")
            client = stack.enter_context(simulator.client())
        callback_url = env_or("SEEDANCE_CALLBACK_URL", "https://example.com/seedance/callback")
        asset_url = env_or("SEEDANCE_ASSET_URL", "https://example.com/assets/person-front.jpg")

        print(f"\n1. create_validation_session(callback_url={callback_url!r})")
        session = client.create_validation_session(callback_url, language="en")
        print(f"   {session!r}")
        if simulator is not None:
            print("   (simulator) the person opens the link and taps Pass")
            callback = simulator.complete_validation(session.byted_token, passed=True)
        else:
            print(f"   Open this link on the person's phone within 120 s:\n\n   {session.h5_link}\n")
            callback = input("   Then paste the address the browser was sent to and press Enter: ")
        result = session.verify_callback(callback)
        print(f"   callback passed: result_code={result.result_code}")

        print("\n2. get_validation_result(byted_token)")
        group = client.get_validation_result(result.byted_token)
        print(f"   group_id {group.group_id} (store it: it cannot be recovered)")

        print(f"\n3. upload_asset(asset_url={asset_url!r})")
        uploaded = client.upload_asset(
            name="quickstart-front", asset_type=AssetType.IMAGE, asset_url=asset_url, group_id=group.group_id
        )
        print(f"   asset_id {uploaded.asset_id}")

        print("\n4. wait_for_asset until Active")
        asset = client.wait_for_asset(uploaded.asset_id, timeout=600)
        print(f"   status {asset.status} — use it as {asset.reference}")

    print("\nDone: four steps completed.")


if __name__ == "__main__":
    main()
