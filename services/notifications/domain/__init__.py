"""Rules of notifications with no I/O: routing, preferences, quiet hours, delivery, messages."""
