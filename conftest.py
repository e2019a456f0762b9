# orders_support: the manuals' catalog, staff and synthetic billing events of the orders stories
pytest_plugins = ["kit.testing.fixtures", "tests.integration.orders_support"]
