"""String enums of the public API (members compare equal to their wire strings)."""

from __future__ import annotations

import enum

__all__ = ["AssetStatus", "AssetType"]


class AssetType(str, enum.Enum):
    """The media kind of an asset. Any letter case of the value is accepted as input."""

    IMAGE = "Image"
    VIDEO = "Video"
    AUDIO = "Audio"

    def __str__(self) -> str:
        """The wire string, e.g. ``"Image"``."""
        return self.value


class AssetStatus(str, enum.Enum):
    """Where an asset is in review. ``Asset.status`` is a plain ``str`` for statuses the
    service may add later; those mean "not finished yet"."""

    PROCESSING = "Processing"
    ACTIVE = "Active"
    FAILED = "Failed"

    def __str__(self) -> str:
        """The wire string, e.g. ``"Active"``."""
        return self.value
