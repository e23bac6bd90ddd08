"""The JSON shape of the statistics (the CLI's `--json` and `/api/stats/`)."""
import datetime

from zhaoshang.core.formats import json_money, json_ratio

from .figures import AMOUNTS, FIGURES, TARGETS

GROUP_KEYS = ["code", "name", *FIGURES, *(t for t, _ in TARGETS)]
RATE_KEYS = ["funds_rate", "signed_rate", "industrial_rate", "major_industrial_rate",
             "behind_time_progress"]
COUNTY_EXTRA = ["emerging_share", "emerging_share_target", "planned_investment_target",
                "planned_investment_rate"]


def _plain(row, keys):
    out = {}
    for key in keys:
        value = row[key]
        if key in AMOUNTS:
            out[key] = json_money(value)
        elif key.endswith("_rate") or key in ("emerging_share", "emerging_share_target"):
            out[key] = json_ratio(value)
        else:
            out[key] = value
    return out


def figures_json(result):
    county_keys = [k for k in GROUP_KEYS if k not in ("code", "name")] + RATE_KEYS + COUNTY_EXTRA
    return {
        "year": result["year"],
        "as_of": result["as_of"].isoformat() if isinstance(result["as_of"], datetime.date) else result["as_of"],
        "time_progress": json_ratio(result["time_progress"]),
        "county": _plain(result["county"], county_keys),
        "groups": [_plain(row, GROUP_KEYS + RATE_KEYS) for row in result["groups"]],
    }
