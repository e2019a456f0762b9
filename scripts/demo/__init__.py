"""The demo data of the manuals, loaded through the public API (so it is what clients see):
``python -m scripts.demo`` (``make run`` runs it as a step of the launcher).

One module per subject, loaded in this order by :mod:`scripts.demo.steps`: ``people``
(000–004), ``billing`` (004: payers and a top-up at the sandbox provider), ``catalog`` and
``orders`` (000, 001); ``api`` is the HTTP client they share. Each finds what exists before
creating it: running the loader again changes nothing.
"""
