# orders_support: the manuals' catalog, staff and synthetic billing events of the orders stories,
# registered once. The support stories import support_fixtures per module on purpose: each
# module gets its own departments and organisations (its lists must not see another's tickets).
pytest_plugins = ["kit.testing.fixtures", "tests.integration.orders_support"]
