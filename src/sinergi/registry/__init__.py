"""The registry: one Business per real business, one Person per real owner."""
