"""The build day: today in UTC, or the day `SOURCE_DATE_EPOCH` pins for reproducible builds."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()
