"""Finding the overlap with another agency's list without either side's data in clear.

An officer who manages a program exports an encoded copy of a cycle's nominations
(`actions.export_cycle`: keyed hashes and one Bloom filter per line, made in the request
with the key file the two agencies share; the key is never stored), gives it to the other
agency, and uploads the other agency's encoding of its own list (`actions.receive_list`).
The worker matches the two encodings (`tasks.match_task` -> `actions.run_match`) and each
nomination found in the other list gets an open screening finding RECEIVED_FROM_AGENCY
naming the agency, which blocks approval until resolved, like every finding.

The registry of an officer's region is exchanged the same way (`actions.export_registry`,
`receive_for_registry`; role table: exchange_registry): the overlap is not a finding but a
list of our businesses, shown to each reader only inside their own region. A large
registry export is encoded by the worker (`tasks.registry_export_task`), the key held in
`EncodedExport.pending_key` only until that job erases it.

Invariants:
- only encodings are stored (`EncodedExport.encoded`, `AgencyList.encoded`): no name,
  NIK, phone or birth date of the other agency, no key (except `pending_key` of a queued
  registry export, until its job runs);
- every cycle verb asks `programs.permissions.require_program` (the role table's
  manage_programs, for ONE program), every registry verb `require_registry_exchange`
  (exchange_registry, within the actor's region); each is audited with a typed event;
- an uploaded list matches only an export of the same cycle made with the same key
  (same key fingerprint); a re-run of a match never duplicates findings.
"""
