"""Sinergi's linkage engine: Indonesian-aware entity resolution on Splink.

A plain Python package with no Django import, so data officers can run it on
spreadsheets (`sinergi dedupe`, `sinergi screen`) and the web platform can call it.

This module is the engine's front door: the web platform and the command line import
only the names in `__all__` (an import-linter contract in `pyproject.toml`, run by
`tests/linkage/test_layers.py`, keeps it so). Inside, organised as Splink is:

- `io/`        reading files as text, header detection, column recognition, in-memory lists
- `normalize/` NIK, names, business names, addresses, phones, regions, coordinates
- `model/`     Splink settings from the spec, comparison levels, engines, training, scoring
- `screen/`    screening aid lists (options, references, findings, outputs)
- `pprl/`      privacy-preserving linkage: keyed encodings of a list, matching them
- `prepare`, `copies`, `clusters`, `incremental`, `dedupe`, `report` at the top.

Layers (highest first; a module imports only from layers below it): pipelines
(`dedupe`, `screen`, `incremental`, `pprl`) > `report` > `results` > `clusters` > `model` >
`io` > `prepare` > `copies` > `normalize` > `schema`/`steps`/`charts`/`disk_cache`.

Example:
    >>> from sinergi.linkage import DedupeOptions, dedupe_files
    >>> result = dedupe_files(["kab_a.xlsx", "kab_b.csv"], DedupeOptions(threshold=0.99))
    >>> result.n_clusters  # doctest: +SKIP
"""

from __future__ import annotations

from sinergi.linkage.charts import hbar_chart, waterfall
from sinergi.linkage.dedupe import dedupe as dedupe_files
from sinergi.linkage.dedupe import write_outputs as write_dedupe_outputs
from sinergi.linkage.incremental import (
    BUSINESS_ID,
    RECORD_ID,
    Thresholds,
    apply_labels,
    link_new,
    registry_prior_for,
)
from sinergi.linkage.io.choice import field_words
from sinergi.linkage.io.columns import (
    NO_FIELD,
    ColumnMapping,
    overrides_for,
    parse_map_args,
    recognise_table,
    require_identifying,
    to_canonical,
)
from sinergi.linkage.io.frames import ListFrame
from sinergi.linkage.io.read import read_table
from sinergi.linkage.io.tables import InputError, RawTable, input_error
from sinergi.linkage.model.engines import EngineUnavailable
from sinergi.linkage.model.frame import MODEL_COLUMNS, load_spec, model_frame
from sinergi.linkage.model.levels import level_labels, level_parameters, prior_weight
from sinergi.linkage.model.link import train_model
from sinergi.linkage.model.pair_scorer import FieldWeight, PairScorer
from sinergi.linkage.model.scoring import load_model
from sinergi.linkage.model.settings import builtin_model, regularise
from sinergi.linkage.normalize.business import add_business_columns
from sinergi.linkage.normalize.identifiers import identifier_stages, normalize_email, present_expr
from sinergi.linkage.normalize.names import add_name_columns
from sinergi.linkage.normalize.nik import parse_nik
from sinergi.linkage.normalize.phone import add_phone_columns, normalize_phones
from sinergi.linkage.normalize.region_tables import LEVELS as REGION_LEVELS
from sinergi.linkage.normalize.region_tables import load_tables as load_region_tables
from sinergi.linkage.pprl.encode import BLOCK_LEVELS as PPRL_BLOCK_LEVELS
from sinergi.linkage.pprl.encode import Encoded as PprlEncoded
from sinergi.linkage.pprl.encode import encode_lists as pprl_encode
from sinergi.linkage.pprl.encode import write_encoded as pprl_write_encoded
from sinergi.linkage.pprl.keys import key_id as pprl_key_id
from sinergi.linkage.pprl.keys import new_key as pprl_new_key
from sinergi.linkage.pprl.keys import parse_key as pprl_parse_key
from sinergi.linkage.pprl.keys import read_key as pprl_read_key
from sinergi.linkage.pprl.match import DEFAULT_THRESHOLD as PPRL_THRESHOLD
from sinergi.linkage.pprl.match import MatchResult as PprlMatchResult
from sinergi.linkage.pprl.match import match_encoded as pprl_match
from sinergi.linkage.pprl.match import match_folders as pprl_match_folders
from sinergi.linkage.pprl.match import read_encoded as pprl_read_encoded
from sinergi.linkage.pprl.match import write_pairs as pprl_write_pairs
from sinergi.linkage.prepare import detect_numeric_nik_files, frame_problems, normalise_frame
from sinergi.linkage.results import DEFAULT_REVIEW_BAND as DEDUPE_REVIEW_BAND
from sinergi.linkage.results import DEFAULT_THRESHOLD as DEDUPE_THRESHOLD
from sinergi.linkage.results import DedupeOptions, DedupeResult
from sinergi.linkage.schema import (
    CANONICAL_FIELDS,
    IDENTIFYING_FIELDS,
    NORMALISED,
    ROW_ID,
    SOURCE_FILE,
    SOURCE_ROW,
    Problem,
)
from sinergi.linkage.screen.dates import parse_date_arg
from sinergi.linkage.screen.options import DEFAULT_THRESHOLD as SCREEN_THRESHOLD
from sinergi.linkage.screen.options import ScreenOptions, ScreenResult, parse_category
from sinergi.linkage.screen.pipeline import screen as screen_lists
from sinergi.linkage.screen.write import write_outputs as write_screen_outputs

__all__ = [
    # --- verbs: whole runs
    "dedupe_files",
    "write_dedupe_outputs",
    "screen_lists",
    "write_screen_outputs",
    "link_new",
    "apply_labels",
    "train_model",
    # --- verbs: privacy-preserving linkage between agencies (pprl/)
    "pprl_new_key",
    "pprl_read_key",
    "pprl_parse_key",
    "pprl_key_id",
    "pprl_encode",
    "pprl_write_encoded",
    "pprl_read_encoded",
    "pprl_match",
    "pprl_match_folders",
    "pprl_write_pairs",
    # --- verbs: reading and recognising one file
    "read_table",
    "recognise_table",
    "require_identifying",
    "to_canonical",
    "parse_map_args",
    "overrides_for",
    # --- verbs: normalising and modelling frames
    "normalise_frame",
    "frame_problems",
    "detect_numeric_nik_files",
    "model_frame",
    "load_spec",
    "load_model",
    "builtin_model",
    "regularise",
    "registry_prior_for",
    "PairScorer",
    "FieldWeight",
    # --- single values (forms, keys)
    "parse_nik",
    "normalize_phones",
    "add_phone_columns",
    "normalize_email",
    "add_name_columns",
    "add_business_columns",
    "identifier_stages",
    "present_expr",
    "load_region_tables",
    "parse_category",
    "parse_date_arg",
    # --- explaining
    "level_labels",
    "level_parameters",
    "prior_weight",
    "field_words",
    "waterfall",
    "hbar_chart",
    # --- types
    "ColumnMapping",
    "DedupeOptions",
    "DedupeResult",
    "EngineUnavailable",
    "InputError",
    "PprlEncoded",
    "PprlMatchResult",
    "ListFrame",
    "Problem",
    "RawTable",
    "ScreenOptions",
    "ScreenResult",
    "Thresholds",
    "input_error",
    # --- column names and defaults
    "BUSINESS_ID",
    "CANONICAL_FIELDS",
    "DEDUPE_REVIEW_BAND",
    "DEDUPE_THRESHOLD",
    "IDENTIFYING_FIELDS",
    "MODEL_COLUMNS",
    "NORMALISED",
    "NO_FIELD",
    "PPRL_BLOCK_LEVELS",
    "PPRL_THRESHOLD",
    "RECORD_ID",
    "REGION_LEVELS",
    "ROW_ID",
    "SCREEN_THRESHOLD",
    "SOURCE_FILE",
    "SOURCE_ROW",
]
