"""Support's rules with no I/O: which fields a ticket form needs, the SLA, the ticket's
state machine and the status a client sees."""
