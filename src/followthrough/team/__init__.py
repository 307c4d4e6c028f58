"""Team mode: firms whose consultants follow their candidates' interviews.

This package holds what team mode adds on top of the store: passwords and
the password policy (:mod:`.passwords`), sign-in, sessions and throttling
(:mod:`.auth`) and user administration (:mod:`.admin`). Database access stays
in :mod:`followthrough.store.team`.
"""
