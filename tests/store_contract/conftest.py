"""The stores under contract: every test in this folder runs against every backend
named in ``tests.stores.STORES``, each on a fresh, empty database (the ``backend`` and
``store`` fixtures come from ``tests/conftest.py``)."""
