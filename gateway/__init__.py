"""The HTTP gateway: authenticates, validates, calls services over RPC, speaks problem+json."""
