"""The stores under contract: every test in this folder runs against every backend
named in ``STORES`` of ``tests/conftest.py``, each on a fresh, empty database (the ``backend`` and
``store`` fixtures come from ``tests/conftest.py``)."""
