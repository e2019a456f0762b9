"""Orders' rules with no I/O: the state machine, pricing of every kind, forms, payment
status, ticket signatures, labels."""
