"""Test support: isolated broker vhost, databases and Redis prefix per test run."""
