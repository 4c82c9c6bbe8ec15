"""Reading source files: text readers (`text`, `excel`, `read`), header detection
(`headers`, `aliases`), column recognition from headers and values (`profile`, `choice`,
`columns`), and lists already in memory (`frames`)."""
