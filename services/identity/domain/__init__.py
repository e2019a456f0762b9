"""Identity rules with no I/O: credentials, codes, phone numbers, search, account rules."""
