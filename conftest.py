# the stories' shared fixtures, registered once: orders_support (the manuals' catalog, staff,
# synthetic billing events) and support_fixtures (departments, organisations of the support stories)
pytest_plugins = ["kit.testing.fixtures", "tests.integration.orders_support", "tests.integration.support_fixtures"]
