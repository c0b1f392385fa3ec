"""Control-list data as versioned datasets: the US CCL, Commerce Country Chart and Country
Groups, and the Wassenaar Arrangement list.

- :mod:`exportctl.model.controls`: the normalised payload of each dataset and its
  content-derived version (a model type: the store, classification and determination read it);
- :mod:`.folder`: reading a folder of files (``us/*.json``, ``wassenaar/*.txt|pdf``);
- :mod:`.ecfr`: reading the eCFR versioner API's XML for 15 CFR 738, 740 and 774;
- :mod:`.wassenaar`: the Wassenaar list PDF, checked by SHA-256 and turned into text;
- :mod:`.snapshot`: the public-domain US snapshot shipped inside the package;
- :mod:`.diff`: what changed between two versions of a dataset.

Pure: nothing here touches the store or the network.
"""

from exportctl.controls.diff import ControlDiff, diff_datasets
from exportctl.model.controls import (
    DATASETS,
    US_DATASETS,
    ControlData,
    dataset_payload_errors,
)

__all__ = [
    "DATASETS",
    "US_DATASETS",
    "ControlData",
    "ControlDiff",
    "dataset_payload_errors",
    "diff_datasets",
]
