"""The web app's pages, one module per area; web/blueprints.py registers them."""
