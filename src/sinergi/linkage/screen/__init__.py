"""Screening aid lists before money moves: options and results (`options`), the pipeline
(`pipeline`), reference lists (`refs`, `dates`), findings (`finding_rows`, `findings`,
`names`) and what is written (`outputs`, `xlsx`, `report`, `write`)."""
