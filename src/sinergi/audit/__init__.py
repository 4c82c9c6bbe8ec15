"""The audit trail: who did what to which record, when, from where, with old/new values."""
