"""Provenance of a result: the versions of everything it was computed from."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

from exportctl.determination import RegimeSet
from exportctl.model.audit import canonical_json
from exportctl.model.case import Provenance
from exportctl.screening.config import DEFAULT_CONFIG, ScoringConfig
from exportctl.screening.index import analyzer_fingerprint

__all__ = ["build_provenance", "scorer_config_hash"]


def exportctl_version() -> str:
    try:
        return version("exportctl")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def scorer_config_hash(config: ScoringConfig = DEFAULT_CONFIG) -> str:
    """SHA-256 (first 16 hex digits) of the scoring configuration's canonical JSON."""
    data = {k: repr(v) for k, v in sorted(dataclasses.asdict(config).items())}
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()[:16]


def build_provenance(
    *,
    lists: Mapping[str, str],
    rules: str | None = None,
    regimes: RegimeSet | None = None,
    screening: bool = True,
) -> Provenance:
    regime_versions: dict[str, str] = {}
    controls: dict[str, str] = {}
    if regimes is not None:
        regime_versions = {k: r.version for k, r in sorted(regimes.regimes.items())}
        regime_versions["common"] = regimes.common.version
        if regimes.files:
            digest = hashlib.sha256("\n".join(sorted(regimes.files)).encode()).hexdigest()
            controls["regime_files"] = digest[:16]
        if regimes.us_controls is not None:  # the control data versions (issue 11)
            controls.update(regimes.us_controls.versions)
    return Provenance(
        exportctl_version=exportctl_version(),
        lists=dict(sorted(lists.items())),
        controls=controls,
        rules=rules,
        regimes=regime_versions,
        scorer=f"exportctl.screening analyzer {analyzer_fingerprint()}" if screening else None,
        scorer_config_hash=scorer_config_hash() if screening else None,
    )
