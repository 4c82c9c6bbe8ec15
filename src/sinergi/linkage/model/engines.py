"""Where Splink runs: DuckDB (default, one machine) or Spark (national scale).

Both engines receive the same Splink settings built from `model_settings.json`; only the
database API differs. Spark is an optional extra (`pip install sinergi[spark]`), so it
is imported only when asked for.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

ENGINES: tuple[str, ...] = ("duckdb", "spark")
# DuckDB's memory cap (SINERGI_DUCKDB_MEMORY overrides it).
DUCKDB_MEMORY_LIMIT = "3GB"


class EngineUnavailable(Exception):
    """The requested engine cannot run here (e.g. pyspark is not installed)."""


def make_db_api(engine: str = "duckdb", *, threads: int | None = None) -> Any:
    """Return a fresh Splink database API for `engine`.

    Each call gets its own in-memory DuckDB connection (or the shared local Spark
    session), so runs never see each other's tables.
    """
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(":memory:")
        threads = threads or int(os.environ.get("SINERGI_DUCKDB_THREADS", "0"))
        if threads:
            con.sql(f"SET threads = {int(threads)}")
        # The pipeline holds its polars frames next to DuckDB: cap DuckDB so the whole
        # process stays under the 6 GB target at 1M rows; beyond the cap DuckDB spills
        # to a temporary directory instead of growing.
        memory = os.environ.get("SINERGI_DUCKDB_MEMORY", DUCKDB_MEMORY_LIMIT)
        con.sql(f"SET memory_limit = '{memory}'")
        con.sql(f"SET temp_directory = '{tempfile.gettempdir()}/sinergi_duckdb'")
        # Results are sorted by pair ids afterwards; insertion order costs memory.
        con.sql("SET preserve_insertion_order = false")
        # Keep DuckDB's progress bar off: we draw our own on stderr.
        con.sql("SET enable_progress_bar = false")
        return DuckDBAPI(connection=con)
    if engine == "spark":
        return _spark_db_api()
    raise EngineUnavailable(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _spark_db_api() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineUnavailable(
            "mesin spark membutuhkan pyspark: pip install 'sinergi[spark]' / "
            "the spark engine needs pyspark: pip install 'sinergi[spark]'"
        ) from exc
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    # A local session when none is configured: SPARK_MASTER (e.g. spark://host:7077 or
    # yarn) points the same code at a cluster.
    master = os.environ.get("SPARK_MASTER", "local[*]")
    spark = (
        SparkSession.builder.master(master)
        .appName("sinergi-linkage")
        # Splink's string-similarity UDFs (jaro_winkler, damerau_levenshtein) live in a jar
        # it ships; without it the comparisons cannot run on Spark.
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "8"))
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    checkpoint_dir = os.environ.get("SPARK_CHECKPOINT_DIR")
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    return SparkAPI(spark_session=spark, break_lineage_method="persist")


def register_frame(db_api: Any, frame: Any, name: str) -> Any:
    """Register a polars frame with the engine and return the SplinkDataFrame.

    DuckDB reads Arrow directly; Spark gets an Arrow table too (Spark 4 accepts it),
    so neither path goes through pandas.
    """
    table = frame.to_arrow()
    if db_api.sql_dialect.sql_dialect_str == "spark":
        spark = db_api.spark
        table = spark.createDataFrame(table)
    return db_api.register(table, table_name=name)
