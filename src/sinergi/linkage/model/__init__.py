"""The Splink model: the spec and the frame Splink sees (`frame`), settings and levels
(`settings`, `settings.json`, `levels`), engines (`engines`), training and scoring
(`scoring`, `link`), and a fast scorer for a handful of pairs (`pair_scorer`)."""
