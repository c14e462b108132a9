"""Open data: the current search results as CSV and the whole data set as an Open Referral
HSDS 3.0 package (JSON and CSV), each with its date and SHA-256 checksum (``/open-data/``).

May import ``portal.core``, ``portal.models``, ``portal.domain``, ``portal.places``,
``portal.api`` (the data version), ``portal.errors`` (its error answers) and the page-assembly
functions of ``portal.facilities`` (the search the results CSV repeats).
"""
