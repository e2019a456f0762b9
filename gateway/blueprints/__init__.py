"""One blueprint per service, plus operations (health, readiness, metrics)."""
