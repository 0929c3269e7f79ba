"""A red-team generator for the PII detector (issue 10, item 6).

It knows what personal information is in the world and how people write it: the
rules that issue each number (checksums, numbering plans, issuer ranges, calendars)
and the principles of the issue (digits by value, numbers as groups, addresses and
handles by structure, formats as they exist, what identifies no one). It knows
nothing of the project's policies or corpora, so that what it finds is what a new
commenter would find. `bench/redteam.py` runs it against the scanner; the property
tests in `tests/test_pii_properties.py` reuse its drawing functions.
"""
